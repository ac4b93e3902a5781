"""Buddhist-era years on Thai pages, everywhere a template formats a date.

Loaded as a template builtin (settings.TEMPLATES), its `date` filter stands in for Django's: on a
page in Thai the year of any format ("j M Y", "d/m/Y", the locale's default) is the Buddhist-era
year (core.thai.be_year: CE + 543), so "5 ม.ค. 2569", never "5 ม.ค. 2026". Machine formats ("c",
"r", "U") and pages in other languages are left to Django as they are.
"""

from __future__ import annotations

from datetime import date as _date

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.formats import get_format
from django.utils.translation import get_language

from phangnga.core.thai import be_year

register = template.Library()
MACHINE_FORMATS = {"c", "r", "U"}


def be_format(fmt: str, year: int) -> str:
    """A date format with its year letters (Y, y, o) replaced by the escaped Buddhist-era year."""
    be = str(be_year(year))
    out, escaped = [], False
    for ch in fmt:
        if escaped:
            out.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in ("Y", "o"):
            out.append("".join("\\" + d for d in be))
        elif ch == "y":
            out.append("".join("\\" + d for d in be[-2:]))
        else:
            out.append(ch)
    return "".join(out)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter, with the Buddhist-era year when the page is in Thai."""
    language = get_language() or ""
    if not language.startswith("th") or not isinstance(value, _date) or arg in MACHINE_FORMATS:
        return django_date(value, arg)
    return django_date(value, be_format(arg or get_format("DATE_FORMAT"), value.year))


@register.filter(is_safe=False)
def from_iso(value):
    """An ISO 8601 string (as the API serialisers write times) -> a datetime, for `date`; the
    string itself when it is not one. Aware times are shown in the page's time zone by `date`."""
    from datetime import datetime

    from django.utils import timezone

    if not isinstance(value, str):
        return value
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    return timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed


@register.filter(is_safe=False)
def year(value):
    """A year stored as CE (a birth year, a planting year): the Buddhist-era year on a Thai page."""
    if value in (None, ""):
        return ""
    try:
        ce = int(value)
    except (TypeError, ValueError):
        return value
    return be_year(ce) if (get_language() or "").startswith("th") else ce
