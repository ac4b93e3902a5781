"""Prevention codes a staff page shows (AED problems, CAP severities) and a warning's texts, in the
page's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

WORDS = {
    # AED registry problems (registries.aed_alerts): part and problem
    "pads": _("pads"),
    "battery": _("battery"),
    "check": _("monthly check"),
    "expired": _("expired"),
    "expires_soon": _("expires soon"),
    "overdue": _("overdue"),
    # CAP severities
    "Extreme": _("Extreme"),
    "Severe": _("Severe"),
    "Moderate": _("Moderate"),
    "Minor": _("Minor"),
}


@register.filter
def pv_word(code) -> str:
    return str(WORDS.get(str(code), code))


@register.filter
def in_lang(texts) -> str:
    """{"en": ..., "th": ...} -> the page's language, else English."""
    if not isinstance(texts, dict):
        return str(texts or "")
    lang = get_language() or "en"
    return str(texts.get(lang) or texts.get(lang.split("-")[0]) or texts.get("en") or "")
