"""Smart Travel indicators for the provincial KPI board."""

from __future__ import annotations

from django.db.models import Count

from phangnga.core.thai import fiscal_year_bounds

from .models import Attraction, Scan, Sign


def indicators(fy_ce: int) -> dict:
    """Scans in the Thai fiscal year `fy_ce` (1 Oct fy-1 .. 30 Sep fy), bots left out."""
    start, end = fiscal_year_bounds(fy_ce)
    scans = Scan.objects.filter(day__gte=start, day__lte=end).exclude(device="bot")
    by_language = dict(scans.values_list("language").annotate(n=Count("id")).order_by())
    return {
        "fy": fy_ce,
        "scans": scans.count(),
        "scans_by_language": by_language,
        "signs_scanned": scans.values("sign").distinct().count(),
        "signs_total": Sign.objects.count(),
        "attractions_active": Attraction.objects.filter(active=True).count(),
    }
