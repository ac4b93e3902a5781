"""Import historical visit timestamps (one row per step) with a row-by-row report.

Columns (header names, any order, case-insensitive):
  facility  place code (e.g. hosp-phangnga)
  visit     the visit's queue number that day (or any per-day visit key that is a number)
  step      registration | screening | doctor | lab | xray | pharmacy | payment
  arrived   required; called, started, finished optional
Times are ISO 8601 ("2019-01-07 08:15" or "2019-01-07T08:15:00+07:00") or Excel date
cells; a time without an offset is Bangkok time. The visit's day is the arrival day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from phangnga.core.thai import BANGKOK
from phangnga.geo.models import Place

from .models import StepKind, Visit, VisitStep
from .tables import cell_text

STAMPS = ("arrived", "called", "started", "finished")
MODES = ("all_or_nothing", "keep_good")


@dataclass
class ImportReport:
    rows: int = 0
    visits_created: int = 0
    steps_created: int = 0
    errors: list[dict] = field(default_factory=list)  # {"row", "field", "message"}
    mode: str = "keep_good"

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_time(value, field_name: str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = cell_text(value)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{field_name}: not a date-time (use 2019-01-07 08:15)") from None
    return moment.replace(tzinfo=BANGKOK) if moment.tzinfo is None else moment


def _check_row(row: dict, places: dict[str, Place]) -> tuple[tuple, dict] | list[tuple[str, str]]:
    errs: list[tuple[str, str]] = []
    code = cell_text(row.get("facility"))
    if code not in places:
        errs.append(("facility", f"unknown facility code {code!r}" if code else "required"))
    number_text = cell_text(row.get("visit"))
    number = int(number_text) if number_text.isdigit() and int(number_text) > 0 else None
    if number is None:
        errs.append(("visit", "must be a whole number above 0"))
    kind = cell_text(row.get("step")).lower()
    if kind not in StepKind.values:
        errs.append(("step", f"must be one of {', '.join(StepKind.values)}"))
    times: dict[str, datetime | None] = {}
    for name in STAMPS:
        raw = row.get(name)
        if raw in (None, ""):
            if name == "arrived":
                errs.append(("arrived", "required"))
            times[name] = None
            continue
        try:
            times[name] = parse_time(raw, name)
        except ValueError as exc:
            errs.append((name, str(exc).split(": ", 1)[1]))
    present = [(n, times[n]) for n in STAMPS if times.get(n) is not None]
    for (n1, t1), (n2, t2) in zip(present, present[1:], strict=False):
        if t2 < t1:
            errs.append((n2, f"is before {n1}"))
            break
    if errs:
        return errs
    day = times["arrived"].astimezone(BANGKOK).date()
    return (code, day, number), {"kind": kind, **times}


def _loose_key(row: dict) -> tuple:
    """(facility, day, visit) of a row that failed, as far as it can be read."""
    try:
        day = parse_time(row.get("arrived"), "arrived").astimezone(BANGKOK).date()
    except (ValueError, TypeError):
        day = None
    return cell_text(row.get("facility")), day, cell_text(row.get("visit"))


def import_visits(table: list[tuple[int, dict]], mode: str = "keep_good") -> ImportReport:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    report = ImportReport(rows=len(table), mode=mode)
    codes = {cell_text(r.get("facility")) for _, r in table}
    places = {p.code: p for p in Place.objects.filter(code__in=codes)}
    visits: dict[tuple, list[tuple[int, dict]]] = defaultdict(list)
    bad_visits: set[tuple] = set()
    for n, row in table:
        checked = _check_row(row, places)
        if isinstance(checked, list):
            report.errors += [{"row": n, "field": f, "message": m} for f, m in checked]
            # A visit missing a step would have a wrong total: drop the whole visit.
            bad_visits.add(_loose_key(row))
            continue
        key, step = checked
        if any(s["kind"] == step["kind"] for _, s in visits[key]):
            report.errors.append(
                {"row": n, "field": "step", "message": f"{step['kind']} appears twice for this visit"}
            )
            bad_visits.add(_loose_key(row))
            continue
        visits[key].append((n, step))

    existing = set(
        Visit.objects.filter(facility__code__in=places, day__in={k[1] for k in visits}).values_list(
            "facility__code", "day", "number"
        )
    )
    good: dict[tuple, list[dict]] = {}
    for key, steps in visits.items():
        first_row = steps[0][0]
        if key in existing:
            report.errors.append(
                {
                    "row": first_row,
                    "field": "visit",
                    "message": f"visit {key[2]} on {key[1]} already exists (duplicate)",
                }
            )
            continue
        if (key[0], key[1], str(key[2])) in bad_visits:
            report.errors.append(
                {
                    "row": first_row,
                    "field": "visit",
                    "message": "not imported: another row of this visit has an error",
                }
            )
            continue
        good[key] = [s for _, s in steps]
    report.errors.sort(key=lambda e: e["row"])
    if mode == "all_or_nothing" and report.errors:
        return report
    with transaction.atomic():
        order = {k: i for i, k in enumerate(StepKind.values)}
        new_visits = [
            Visit(facility=places[c], day=d, number=num, source=Visit.Source.IMPORT,
                  route=sorted({s["kind"] for s in steps}, key=order.get))
            for (c, d, num), steps in good.items()
        ]  # fmt: skip
        Visit.objects.bulk_create(new_visits, batch_size=2000)
        ids = dict(
            ((c, d, n), pk)
            for c, d, n, pk in Visit.objects.filter(
                facility__code__in=places, day__in={k[1] for k in good}, source=Visit.Source.IMPORT
            ).values_list("facility__code", "day", "number", "pk")
        )
        steps_out = []
        for key, steps in good.items():
            for seq, s in enumerate(sorted(steps, key=lambda s: (s["arrived"], order[s["kind"]]))):
                steps_out.append(
                    VisitStep(visit_id=ids[key], kind=s["kind"], seq=seq, arrived_at=s["arrived"],
                              called_at=s["called"], started_at=s["started"], finished_at=s["finished"])
                )  # fmt: skip
        VisitStep.objects.bulk_create(steps_out, batch_size=5000)
    report.visits_created, report.steps_created = len(new_visits), len(steps_out)
    return report
