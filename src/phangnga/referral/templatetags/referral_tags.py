from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def baht(value) -> str:
    """1014000 -> "1,014,000"; 1234.5 -> "1,234.50" (django.contrib.humanize is not installed)."""
    if value is None or value == "":
        return "—"
    d = Decimal(str(value))
    return f"{d:,.0f}" if d == d.to_integral_value() else f"{d:,.2f}"
