"""Smart Hospital queue: tickets, calling the next patient, and what a patient sees.

A visit walks its route one step at a time. Finishing a step puts the patient in the
queue of the next step (arrived = that moment). Each step kind has one queue per
facility, shared by all its service points (three doctor rooms call from one queue).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from phangnga.core.kernel_errors import KernelInputError
from phangnga.core.thai import BANGKOK

from .models import DEFAULT_ROUTE, STEP_ORDER, ServicePoint, StepKind, Visit, VisitStep
from .waiting import percentile

# Used for the expected wait until the facility has its own history (minutes per patient).
DEFAULT_SERVICE_MIN = {"registration": 3, "screening": 5, "doctor": 8, "lab": 10, "xray": 10,
                       "pharmacy": 5, "payment": 3}  # fmt: skip

# A new facility gets one point per step kind and three doctor rooms.
DEFAULT_POINTS = [
    ("registration", "Registration 1"), ("screening", "Screening 1"),
    ("doctor", "Doctor room 1"), ("doctor", "Doctor room 2"), ("doctor", "Doctor room 3"),
    ("lab", "Laboratory"), ("xray", "X-ray"), ("pharmacy", "Pharmacy"), ("payment", "Payment"),
]  # fmt: skip


class QueueError(KernelInputError):
    """Refused input, naming the field (the API answers 422: core/kernel_errors.py)."""


def ensure_points(facility, is_demo: bool = False) -> list[ServicePoint]:
    if not ServicePoint.objects.filter(facility=facility).exists():
        ServicePoint.objects.bulk_create(
            [ServicePoint(facility=facility, kind=k, name=n, is_demo=is_demo) for k, n in DEFAULT_POINTS]
        )
    return list(ServicePoint.objects.filter(facility=facility))


def local_day(moment: datetime):
    return moment.astimezone(BANGKOK).date()


def make_route(extra: list[str] | None = None) -> list[str]:
    """Default route plus ordered extras (lab, X-ray) in the canonical step order."""
    extra = extra or []
    for k in extra:
        if k not in STEP_ORDER:
            raise QueueError("extra", f"unknown step {k!r}")
    kinds = set(DEFAULT_ROUTE) | set(extra)
    return [k for k in STEP_ORDER if k in kinds]


def issue_ticket(facility, extra: list[str] | None = None, now: datetime | None = None) -> Visit:
    """Next queue number of the day at the facility, and the first step's arrival."""
    now = now or timezone.now()
    route = make_route(extra)
    day = local_day(now)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                last = Visit.objects.filter(facility=facility, day=day).aggregate(m=Max("number"))["m"] or 0
                visit = Visit.objects.create(facility=facility, day=day, number=last + 1, route=route)
                VisitStep.objects.create(visit=visit, kind=route[0], seq=0, arrived_at=now)
                return visit
        except IntegrityError:
            continue  # two desks issued the same number at once; take the next one
    raise QueueError("number", "could not allocate a queue number, try again")


def waiting_steps(facility, kind: str):
    return (
        VisitStep.objects.filter(visit__facility=facility, kind=kind, called_at__isnull=True, skipped=False)
        .select_related("visit")
        .order_by("arrived_at", "visit__number")
    )


def current_step(point: ServicePoint) -> VisitStep | None:
    return (
        VisitStep.objects.filter(
            point=point, called_at__isnull=False, finished_at__isnull=True, skipped=False
        )
        .select_related("visit")
        .order_by("called_at")
        .first()
    )


def _advance(step: VisitStep, now: datetime) -> VisitStep | None:
    """The patient moves on to the next step of the route (None at the end)."""
    route = step.visit.route or DEFAULT_ROUTE
    try:
        i = route.index(step.kind)
    except ValueError:
        return None
    if i + 1 >= len(route):
        return None
    return VisitStep.objects.create(visit=step.visit, kind=route[i + 1], seq=step.seq + 1, arrived_at=now)


@transaction.atomic
def finish(step: VisitStep, now: datetime | None = None) -> VisitStep | None:
    now = now or timezone.now()
    step.started_at = step.started_at or step.called_at or now
    step.finished_at = now
    step.save(update_fields=["started_at", "finished_at"])
    return _advance(step, now)


@transaction.atomic
def start(point: ServicePoint, now: datetime | None = None) -> VisitStep:
    step = current_step(point)
    if step is None:
        raise QueueError("point", "nobody has been called to this point")
    if step.started_at is None:
        step.started_at = now or timezone.now()
        step.save(update_fields=["started_at"])
    return step


@transaction.atomic
def no_show(point: ServicePoint, now: datetime | None = None) -> VisitStep:
    """The called patient did not come: the step is closed as skipped and the visit ends."""
    step = current_step(point)
    if step is None:
        raise QueueError("point", "nobody has been called to this point")
    step.skipped = True
    step.finished_at = now or timezone.now()
    step.save(update_fields=["skipped", "finished_at"])
    return step


def call_next(point: ServicePoint, now: datetime | None = None) -> VisitStep | None:
    """One tap: finish whoever is at this point, then call the longest-waiting patient.
    Returns the called step, or None when the queue is empty."""
    now = now or timezone.now()
    for _attempt in range(5):
        with transaction.atomic():
            current = current_step(point)
            if current is not None:
                finish(current, now)
            candidates = waiting_steps(point.facility, point.kind)
            nxt = candidates.first()
            if nxt is None:
                return None
            # Only one point may take a patient: the conditional update is the lock.
            taken = VisitStep.objects.filter(pk=nxt.pk, called_at__isnull=True).update(
                point=point, called_at=now
            )
            if taken:
                nxt.point, nxt.called_at = point, now
                return nxt
    return None


def service_minutes(facility, kind: str, now: datetime | None = None, days: int = 30) -> float:
    """Median service time at this facility and step over recent days, or a default."""
    now = now or timezone.now()
    rows = VisitStep.objects.filter(
        visit__facility=facility,
        kind=kind,
        finished_at__gte=now - timedelta(days=days),
        started_at__isnull=False,
        skipped=False,
    ).values_list("started_at", "finished_at")[:2000]
    values = [(f - s).total_seconds() / 60 for s, f in rows if f >= s]
    med = percentile(values, 50) if len(values) >= 5 else None
    return med if med and med > 0 else float(DEFAULT_SERVICE_MIN.get(kind, 5))


@dataclass
class Status:
    visit: Visit
    step: VisitStep | None  # the step in progress or waiting; None when the visit is over
    state: str  # waiting | called | in_service | done | missed
    ahead: int
    expected_wait_min: int | None
    points_open: int


def status(visit: Visit, now: datetime | None = None) -> Status:
    step = visit.steps.filter(finished_at__isnull=True).select_related("point").order_by("-seq").first()
    if step is None:
        last = visit.steps.order_by("-seq").first()
        if last is not None and last.skipped:
            return Status(visit, last, "missed", 0, None, 0)  # called but not there
        return Status(visit, None, "done", 0, 0, 0)
    if step.called_at is not None:
        return Status(visit, step, "in_service" if step.started_at else "called", 0, 0, 1)
    ahead = waiting_steps(visit.facility, step.kind).filter(arrived_at__lt=step.arrived_at).count()
    points = ServicePoint.objects.filter(facility=visit.facility, kind=step.kind, active=True).count() or 1
    per_patient = service_minutes(visit.facility, step.kind, now)
    # Everyone ahead plus whoever is being served now, spread over the open points.
    expected = round((ahead + 1) * per_patient / points)
    return Status(visit, step, "waiting", ahead, expected, points)


def now_serving(facility) -> list[dict]:
    """What the TV shows: for each step kind, the numbers called now and at which point."""
    out = []
    points = ServicePoint.objects.filter(facility=facility, active=True)
    kinds = [k for k in STEP_ORDER if any(p.kind == k for p in points)]
    for kind in kinds:
        serving = (
            VisitStep.objects.filter(
                visit__facility=facility,
                kind=kind,
                called_at__isnull=False,
                finished_at__isnull=True,
                skipped=False,
            )
            .select_related("visit", "point")
            .order_by("-called_at")[:6]
        )
        out.append(
            {
                "kind": kind,
                "label": StepKind(kind).label,
                "serving": [
                    {"number": s.visit.number, "point": s.point.name if s.point else ""} for s in serving
                ],
                "waiting": waiting_steps(facility, kind).count(),
            }
        )
    return out
