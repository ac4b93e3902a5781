"""Farm indicators for the provincial KPI board, by Thai fiscal year (CE)."""

from __future__ import annotations

from django.db.models import Sum

from phangnga.core.thai import fiscal_year_bounds, fiscal_year_label

from .models import CropCycle, Household, SoilTest


def indicators(fy_ce: int) -> dict:
    """Households registered (by the end of the year, and new in it), households that updated
    a crop cycle in the year, soil tests in the year and the fertilizer cost they saved
    against the farmers' usual formulas (baht, only where a usual formula was given)."""
    start, end = fiscal_year_bounds(fy_ce)
    approved = Household.objects.filter(status="approved")
    tests = SoilTest.objects.filter(sampled_on__range=(start, end))
    saved = tests.filter(saving_baht__isnull=False).aggregate(s=Sum("saving_baht"))["s"] or 0.0
    return {
        "fy": fy_ce,
        "fy_label": fiscal_year_label(fy_ce),
        "households_registered": approved.filter(registered_on__lte=end).count(),
        "households_registered_in_year": approved.filter(registered_on__range=(start, end)).count(),
        "households_updated": CropCycle.objects.filter(reported_on__range=(start, end))
        .values("plot__household")
        .distinct()
        .count(),
        "soil_tests": tests.count(),
        "fertilizer_saved_baht": round(float(saved), 2),
    }
