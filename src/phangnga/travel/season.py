"""Is an attraction in season on a date? Seasons are "MM-DD" pairs and may wrap the new year. Pure."""

from __future__ import annotations

from datetime import date


def in_season(start: str, end: str, day: date) -> bool:
    if not start or not end:
        return True
    key = day.strftime("%m-%d")
    if start <= end:
        return start <= key <= end
    return key >= start or key <= end
