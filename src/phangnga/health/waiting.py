"""Waiting-time analytics over visit step timestamps. Pure: no Django.

Definitions (minutes):
  wait at a step    = started - arrived (time in the queue for that step; a step that was
                      called but never started counts up to `called`);
  service at a step = finished - started;
  total             = last finished - first arrived (the time a patient spends in the
                      hospital, which is what "waiting time fell from 2-3 h" measures).
Percentiles use linear interpolation between order statistics (numpy's default,
Hyndman-Fan type 7), so the median of an even count is the mean of the middle two.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")


@dataclass(frozen=True, slots=True)
class StepTimes:
    facility: str
    visit: object  # any hashable visit key
    kind: str
    arrived: datetime
    called: datetime | None = None
    started: datetime | None = None
    finished: datetime | None = None


def percentile(values: Sequence[float], q: float) -> float | None:
    """q in [0, 100]; None for an empty list."""
    if not 0 <= q <= 100:
        raise ValueError("q must be within 0-100")
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _minutes(a: datetime | None, b: datetime | None) -> float | None:
    if a is None or b is None:
        return None
    return (b - a).total_seconds() / 60.0


def month_key(moment: datetime) -> str:
    """ "2020-01" in Bangkok time (naive datetimes are taken as already local)."""
    local = moment.astimezone(BANGKOK) if moment.tzinfo else moment
    return f"{local.year:04d}-{local.month:02d}"


@dataclass
class _Visit:
    facility: str
    first_arrived: datetime
    last_finished: datetime | None
    complete: bool
    waits: dict[str, float]
    services: dict[str, float]


def _visits(steps: Iterable[StepTimes]) -> list[_Visit]:
    grouped: dict[object, list[StepTimes]] = defaultdict(list)
    for s in steps:
        grouped[(s.facility, s.visit)].append(s)
    visits = []
    for (facility, _), rows in grouped.items():
        waits: dict[str, float] = {}
        services: dict[str, float] = {}
        for s in rows:
            w = _minutes(s.arrived, s.started or s.called)
            if w is not None and w >= 0:
                # Repeated steps (two doctor rooms) add up: the patient waited for both.
                waits[s.kind] = waits.get(s.kind, 0.0) + w
            sv = _minutes(s.started, s.finished)
            if sv is not None and sv >= 0:
                services[s.kind] = services.get(s.kind, 0.0) + sv
        finished = [s.finished for s in rows if s.finished is not None]
        visits.append(
            _Visit(
                facility=facility,
                first_arrived=min(s.arrived for s in rows),
                last_finished=max(finished) if finished else None,
                complete=all(s.finished is not None for s in rows),
                waits=waits,
                services=services,
            )
        )
    return visits


def _stats(values: list[float]) -> dict:
    return {
        "n": len(values),
        "median": _round(percentile(values, 50)),
        "p90": _round(percentile(values, 90)),
    }


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 1)


def summarise(steps: Iterable[StepTimes], by_month: bool = True) -> list[dict]:
    """Median and p90 per facility (and month): total, and wait/service per step.

    Only complete visits (every step finished) count towards `total`; waits and
    service times count wherever they were recorded.
    """
    groups: dict[tuple[str, str], list[_Visit]] = defaultdict(list)
    for v in _visits(steps):
        groups[(v.facility, month_key(v.first_arrived) if by_month else "")].append(v)
    out = []
    for (facility, month), visits in sorted(groups.items()):
        totals = [_minutes(v.first_arrived, v.last_finished) for v in visits if v.complete]
        kinds = sorted({k for v in visits for k in v.waits} | {k for v in visits for k in v.services})
        out.append(
            {
                "facility": facility,
                "month": month or None,
                "visits": len(visits),
                "total": _stats([t for t in totals if t is not None]),
                "steps": {
                    k: {
                        "wait": _stats([v.waits[k] for v in visits if k in v.waits]),
                        "service": _stats([v.services[k] for v in visits if k in v.services]),
                    }
                    for k in kinds
                },
            }
        )
    return out


def total_minutes(steps: Iterable[StepTimes]) -> dict[str, list[float]]:
    """Total time of each complete visit, by facility."""
    out: dict[str, list[float]] = defaultdict(list)
    for v in _visits(steps):
        if v.complete and v.last_finished is not None:
            out[v.facility].append(_minutes(v.first_arrived, v.last_finished))
    return dict(out)


def compare(before: Iterable[StepTimes], after: Iterable[StepTimes]) -> dict:
    """Before/after medians and p90 of the total time, per facility and overall, with the
    change in percent (negative = shorter)."""
    b, a = total_minutes(before), total_minutes(after)

    def row(bv: list[float], av: list[float]) -> dict:
        bm, am = percentile(bv, 50), percentile(av, 50)
        return {
            "before": _stats(bv),
            "after": _stats(av),
            "median_change_percent": None if not bm or am is None else round(100.0 * (am - bm) / bm, 1),
        }

    facilities = sorted(set(b) | set(a))
    return {
        "facilities": {f: row(b.get(f, []), a.get(f, [])) for f in facilities},
        "overall": row([x for v in b.values() for x in v], [x for v in a.values() for x in v]),
    }
