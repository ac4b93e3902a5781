"""The platform's module codes (kpis' `source_module`) as the services' names, in the page's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

MODULES = {
    "emergency": _("Andaman Hub marine emergency"),
    "referral": _("Koh Yao referral"),
    "health": _("Smart Hospital and CKD clinic"),
    "farm": _("Farmbook"),
    "iot": _("IoT smart farm"),
    "travel": _("Smart Travel"),
    "land": _("Land readjustment"),
    "dashboard": _("KPI board"),
}


@register.filter
def module_name(code) -> str:
    return str(MODULES.get(str(code), code))
