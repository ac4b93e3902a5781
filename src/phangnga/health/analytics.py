"""Waiting-time analytics from the database: the ORM feeds the pure `waiting` kernel."""

from __future__ import annotations

from datetime import date

from .models import VisitStep
from .waiting import StepTimes, compare, summarise, total_minutes


def step_times(facility=None, start: date | None = None, end: date | None = None, facilities=None):
    """Step rows of visits whose day is within [start, end] (inclusive)."""
    qs = VisitStep.objects.filter(skipped=False)
    if facility is not None:
        qs = qs.filter(visit__facility=facility)
    if facilities is not None:
        qs = qs.filter(visit__facility__in=facilities)
    if start is not None:
        qs = qs.filter(visit__day__gte=start)
    if end is not None:
        qs = qs.filter(visit__day__lte=end)
    rows = qs.values_list(
        "visit__facility__code", "visit_id", "kind", "arrived_at", "called_at", "started_at", "finished_at"
    ).iterator(chunk_size=5000)
    for row in rows:
        yield StepTimes(*row)


def summary(facility=None, start: date | None = None, end: date | None = None, by_month: bool = True):
    return summarise(step_times(facility, start, end), by_month=by_month)


def before_after(before: tuple[date, date], after: tuple[date, date], facility=None) -> dict:
    result = compare(step_times(facility, *before), step_times(facility, *after))
    result["before_period"] = [before[0].isoformat(), before[1].isoformat()]
    result["after_period"] = [after[0].isoformat(), after[1].isoformat()]
    return result


def total_minutes_in(start: date, end: date) -> list[float]:
    """Total minutes of every complete visit in the period, all facilities."""
    return [t for values in total_minutes(step_times(start=start, end=end)).values() for t in values]
