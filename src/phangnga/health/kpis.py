"""The health figures the provincial dashboard shows for a fiscal year."""

from __future__ import annotations

from phangnga.core.thai import be_year, fiscal_year_bounds

from . import analytics, ckd_services
from .waiting import percentile


def _median_total(fy_ce: int) -> tuple[float | None, int]:
    totals = analytics.total_minutes_in(*fiscal_year_bounds(fy_ce))
    return (None if not totals else round(percentile(totals, 50), 1)), len(totals)


def indicators(fy_ce: int) -> dict:
    """CKD indicator for the fiscal year (CE) and the median time in hospital in that
    year ("after") against the year before ("before"), all facilities together."""
    k = ckd_services.indicator(fy_ce, include_rows=False).result
    after, n_after = _median_total(fy_ce)
    before, n_before = _median_total(fy_ce - 1)
    change = None if not before or after is None else round(100.0 * (after - before) / before, 1)
    return {
        "fy_ce": fy_ce,
        "fy_be": be_year(fy_ce),
        "ckd_numerator": k.numerator,
        "ckd_denominator": k.denominator,
        "ckd_percent": None if not k.denominator else round(100.0 * k.numerator / k.denominator, 2),
        "ckd_threshold": k.threshold,
        "ckd_target_percent": k.target_percent,
        "waiting_before_median_min": before,
        "waiting_after_median_min": after,
        "waiting_before_visits": n_before,
        "waiting_after_visits": n_after,
        "waiting_change_percent": change,
    }
