"""Dialysis session schedule kernel (pure): which dates a patient travels."""

from __future__ import annotations

from datetime import date, timedelta

WEEKDAY_NAMES = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def parse_weekdays(values) -> list[int]:
    """["Mon", "wed", 4] -> [0, 2, 4]; ValueError on anything else."""
    days = set()
    for v in values:
        if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 6:
            days.add(v)
        elif isinstance(v, str) and v.strip().lower()[:3] in WEEKDAY_NAMES:
            days.add(WEEKDAY_NAMES[v.strip().lower()[:3]])
        else:
            raise ValueError(f"{v!r} is not a weekday (Mon..Sun or 0..6)")
    if not days:
        raise ValueError("at least one session day is needed")
    return sorted(days)


def session_dates(
    weekdays: list[int], start: date, end: date, holidays: frozenset[date] = frozenset()
) -> list[date]:
    """Every date in [start, end] falling on one of `weekdays`, minus holidays."""
    if end < start:
        raise ValueError("end is before start")
    out, day = [], start
    while day <= end:
        if day.weekday() in weekdays and day not in holidays:
            out.append(day)
        day += timedelta(days=1)
    return out
