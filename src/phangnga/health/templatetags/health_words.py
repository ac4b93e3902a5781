"""Service-point names in the page's language on the TV board. Staff name their points; the names a
new facility gets (queue.DEFAULT_POINTS, stored in English) are translated, any other is shown as
typed."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

DEFAULT_WORDS = {
    "Registration": _("Registration"),
    "Screening": _("Screening"),
    "Doctor room": _("Doctor room"),
    "Laboratory": _("Laboratory"),
    "X-ray": _("X-ray"),
    "Pharmacy": _("Pharmacy"),
    "Payment": _("Payment"),
}
_NAME = re.compile(r"^(?P<word>" + "|".join(re.escape(w) for w in DEFAULT_WORDS) + r")(?P<n> \d+)?$")


@register.filter
def point_name(name) -> str:
    """'Doctor room 2' -> 'ห้องตรวจ 2' on a Thai page."""
    m = _NAME.match(str(name))
    if m is None:
        return str(name)
    return f"{DEFAULT_WORDS[m['word']]}{m['n'] or ''}"
