"""Indicators by Thai fiscal year: referrals, guarantee compliance, savings (for the dashboard)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time
from decimal import Decimal

from django.utils import timezone

from phangnga.core.thai import be_year, fiscal_year_bounds

from . import dialysis, workflow
from .models import ProgrammeConfig, Referral

# A referral "counts" (for savings) once the patient actually reached the destination.
TRANSFERRED = (workflow.ARRIVED, workflow.HANDED_OVER, workflow.COMPLETED)


def _bounds(fy_ce: int) -> tuple[datetime, datetime]:
    start, end = fiscal_year_bounds(fy_ce)
    tz = timezone.get_current_timezone()
    return (datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end, time.max, tzinfo=tz))


def transferred(fy_ce: int):
    lo, hi = _bounds(fy_ce)
    return Referral.objects.filter(requested_at__range=(lo, hi), state__in=TRANSFERRED)


def compliance(fy_ce: int) -> dict:
    """Share of transferred referrals with door-to-door time within the guarantee, by month."""
    guarantee = ProgrammeConfig.get().guarantee_min
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    total = [0, 0]
    for r in (
        transferred(fy_ce)
        .exclude(departed_at=None)
        .exclude(arrived_at=None)
        .only("requested_at", "departed_at", "arrived_at")
    ):
        key = timezone.localtime(r.requested_at).strftime("%Y-%m")
        ok = (r.arrived_at - r.departed_at).total_seconds() / 60 <= guarantee
        for bucket in (months[key], total):
            bucket[0] += ok
            bucket[1] += 1

    def pct(ok, n):
        return round(100 * ok / n, 1) if n else None

    return {
        "fy": fy_ce,
        "fy_be": be_year(fy_ce),
        "guarantee_min": guarantee,
        "timed": total[1],
        "within": total[0],
        "within_pct": pct(*total),
        "months": [
            {"month": k, "timed": n, "within": ok, "within_pct": pct(ok, n)}
            for k, (ok, n) in sorted(months.items())
        ],
    }


def money(value: Decimal) -> int | float:
    """Baht as a JSON number: whole baht as int, else to the satang."""
    return int(value) if value == value.to_integral_value() else float(round(value, 2))


def savings(fy_ce: int, per_case: int | None = None) -> dict:
    per_case = per_case if per_case is not None else ProgrammeConfig.get().saving_per_case
    start, end = fiscal_year_bounds(fy_ce)
    count = transferred(fy_ce).count()
    dialysis_saved = dialysis.money_saved(start, end)
    referral_saved = Decimal(count * per_case)
    return {
        "fy": fy_ce,
        "fy_be": be_year(fy_ce),
        "referrals": count,
        "saving_per_case": per_case,
        "referral_savings": money(referral_saved),
        "dialysis_savings": money(dialysis_saved),
        "total": money(referral_saved + dialysis_saved),
    }


def indicators(fy_ce: int) -> dict:
    """For the provincial dashboard: {referrals, within_80_pct, savings, ...} for a CE fiscal year."""
    s, c = savings(fy_ce), compliance(fy_ce)
    return {
        "fy": fy_ce,
        "fy_be": s["fy_be"],
        "referrals": s["referrals"],
        "within_80_pct": c["within_pct"],
        "savings": int(s["total"]),
        "referral_savings": int(s["referral_savings"]),
        "dialysis_savings": int(s["dialysis_savings"]),
    }
