"""The seed's marine-emergency indicators by Thai fiscal year (Oct-Sep).

`indicators(fy_ce)` is public: the provincial dashboard calls it. Definitions:
- access_t12: share of triage 1-2 patients who reached definitive care (handed over at a hospital);
- call_to_hospital: minutes from the call to the first `at_hospital` step, per incident (median, p90,
  share within the 80-minute target);
- mortality: deaths / patients; its year-on-year change compares with the previous fiscal year.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, time, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from phangnga.core.thai import be_year, fiscal_year_bounds, fiscal_year_label

from . import conf
from .models import EventKind, Incident, IncidentKind, Patient


def _bounds(fy_ce: int) -> tuple[datetime, datetime]:
    first, last = fiscal_year_bounds(fy_ce)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), tz),
        timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz),
    )


def incidents_qs(fy_ce: int, kind: str | None = None, place: str | None = None):
    start, end = _bounds(fy_ce)
    qs = Incident.objects.filter(reported_at__gte=start, reported_at__lt=end)
    if kind:
        qs = qs.filter(kind=kind)
    if place:
        qs = qs.filter(place__code=place)
    return qs


def percentile(values: list[float], p: float) -> float | None:
    """Linear-interpolated percentile (p in 0..100); None for no values."""
    if not values:
        return None
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100.0
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _mortality(fy_ce: int, kind: str | None, place: str | None) -> tuple[int, int, float | None]:
    patients = Patient.objects.filter(incident__in=incidents_qs(fy_ce, kind, place))
    agg = patients.aggregate(n=Count("id"), died=Count("id", filter=Q(outcome="died")))
    rate = round(1000.0 * agg["died"] / agg["n"], 2) if agg["n"] else None  # per 1,000 patients
    return agg["n"], agg["died"], rate


def call_to_hospital_minutes(qs) -> list[float]:
    rows = (
        qs.annotate(at_hosp=Min("events__at", filter=Q(events__kind=EventKind.AT_HOSPITAL)))
        .filter(at_hosp__isnull=False)
        .values_list("reported_at", "at_hosp")
    )
    return [(b - a).total_seconds() / 60.0 for a, b in rows]


def indicators(fy_ce: int, kind: str | None = None, place: str | None = None) -> dict:
    qs = incidents_qs(fy_ce, kind, place)
    total = qs.count()
    by_kind = dict(Counter(qs.values_list("kind", flat=True)))
    sites = (
        qs.filter(place__isnull=False)
        .values("place__code", "place__name_en", "place__name_th", "place__lat", "place__lon")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    start, _ = _bounds(fy_ce)
    months = Counter(
        timezone.localtime(t).strftime("%Y-%m") for t in qs.values_list("reported_at", flat=True)
    )
    month_keys = [f"{fy_ce - 1 if m >= 10 else fy_ce}-{m:02d}" for m in (10, 11, 12, *range(1, 10))]

    t12 = Patient.objects.filter(incident__in=qs, triage_level__lte=2)
    t12_n = t12.count()
    t12_reached = t12.filter(definitive_care_at__isnull=False).count()

    minutes = call_to_hospital_minutes(qs)
    within = sum(1 for m in minutes if m <= conf.TARGET_MIN)
    n, died, rate = _mortality(fy_ce, kind, place)
    _, prev_died, prev_rate = _mortality(fy_ce - 1, kind, place)
    change = round(100.0 * (rate - prev_rate) / prev_rate, 1) if rate is not None and prev_rate else None
    return {
        "fy": fy_ce,
        "fy_be": be_year(fy_ce),
        "label": fiscal_year_label(fy_ce, "en"),
        "label_th": fiscal_year_label(fy_ce, "th"),
        "filters": {"kind": kind, "place": place},
        "incidents": total,
        "by_kind": {k: by_kind.get(k, 0) for k in IncidentKind.values},
        "by_site": [
            {
                "code": s["place__code"],
                "name_en": s["place__name_en"],
                "name_th": s["place__name_th"],
                "lat": s["place__lat"],
                "lon": s["place__lon"],
                "incidents": s["n"],
            }
            for s in sites
        ],
        "by_month": [{"month": m, "incidents": months.get(m, 0)} for m in month_keys],
        "patients": n,
        "triage_1_2": {
            "patients": t12_n,
            "reached_definitive_care": t12_reached,
            "share_pct": _share(t12_reached, t12_n),
        },
        "call_to_hospital": {
            "incidents": len(minutes),
            "median_min": round(percentile(minutes, 50), 1) if minutes else None,
            "p90_min": round(percentile(minutes, 90), 1) if minutes else None,
            "within_target": within,
            "within_target_pct": _share(within, len(minutes)),
            "target_min": conf.TARGET_MIN,
        },
        "deaths": died,
        "mortality_per_1000": rate,
        "previous": {"fy_be": be_year(fy_ce - 1), "deaths": prev_died, "mortality_per_1000": prev_rate},
        "mortality_change_pct": change,
        "period_start": start.date().isoformat(),
    }
