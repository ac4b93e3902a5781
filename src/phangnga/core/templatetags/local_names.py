"""Names in the page's language: the Thai name of a place, unit, facility or service point on a
Thai page, its English (or only) name elsewhere.

Loaded as a template builtin (settings.TEMPLATES) next to `thai_dates`. `{{ place|local_name }}`
works on a model instance or a dict (the API serialisers' and the plans' dicts): on a Thai page it
takes `name_th` (or `th`) when there is one, else `name_en`, `name` (or `en`).
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()

THAI_KEYS = ("name_th", "th")
OTHER_KEYS = ("name_en", "name", "en")


def _get(obj, key: str):
    if isinstance(obj, dict):
        return obj.get(key)
    return getattr(obj, key, None)


def thai_page() -> bool:
    return (get_language() or "").startswith("th")


def pick_name(obj, thai: bool | None = None) -> str:
    """The object's name in the page's language (Thai when `thai`, default: the active language)."""
    if obj is None or obj == "":
        return ""
    if isinstance(obj, str):
        return obj
    if thai is None:
        thai = thai_page()
    if thai:
        for key in THAI_KEYS:
            if value := _get(obj, key):
                return str(value)
    for key in OTHER_KEYS:
        if value := _get(obj, key):
            return str(value)
    return str(obj)


@register.filter
def local_name(obj) -> str:
    return pick_name(obj)
