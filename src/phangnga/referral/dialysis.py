"""Dialysis transport programme: enrolment, generated trips with fares as exemptions, attendance."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from phangnga.core.audit import Actor, record
from phangnga.core.errors import FieldError

from . import schedule
from .models import DialysisPatient, DialysisTrip


@transaction.atomic
def enrol(
    actor: Actor,
    patient_details: dict,
    home_facility,
    centre,
    weekdays,
    *,
    enrolled_on: date,
    boat_fare=Decimal("300"),
    car_fare=Decimal("200"),
) -> DialysisPatient:
    try:
        days = schedule.parse_weekdays(weekdays)
    except ValueError as exc:
        raise FieldError("weekdays", str(exc)) from None
    if not centre.has_capability("dialysis"):
        raise FieldError("centre_id", f"{centre} has no haemodialysis")
    from .services import upsert_patient  # services does not import this module: no cycle

    patient, reported = upsert_patient(patient_details, actor)
    enrolment, _ = DialysisPatient.objects.update_or_create(
        patient=patient,
        defaults={
            "home_facility": home_facility,
            "centre": centre,
            "weekdays": days,
            "enrolled_on": enrolled_on,
            "boat_fare": boat_fare,
            "car_fare": car_fare,
            "active": True,
        },
    )
    record(actor, "create", enrolment, changes={"reported_patient": reported} if reported else None)
    return enrolment


DEFAULT_HORIZON_DAYS = 27  # a new schedule is laid out four weeks ahead, like an enrolment


@transaction.atomic
def reschedule(
    actor: Actor,
    enrolment: DialysisPatient,
    *,
    today: date,
    weekdays=None,
    centre=None,
    session_time: time | None | bool = False,
    start: date | None = None,
    end: date | None | bool = False,
) -> dict:
    """Change an enrolled patient's schedule. Only trips after today that nobody has marked
    attended or absent are replaced; past trips and every attendance stay as they are.
    `session_time` / `end` = False means "unchanged" (None clears them). Returns the changes
    (field -> [old, new]) and the trips removed and added, for the audit log."""
    enrolment = DialysisPatient.objects.select_for_update().get(pk=enrolment.pk)
    changes: dict = {}
    if weekdays is not None:
        try:
            days = schedule.parse_weekdays(weekdays)
        except ValueError as exc:
            raise FieldError("weekdays", str(exc)) from None
        if days != enrolment.weekdays:
            changes["weekdays"] = [enrolment.weekdays, days]
            enrolment.weekdays = days
    if centre is not None and centre.pk != enrolment.centre_id:
        if not centre.has_capability("dialysis"):
            raise FieldError("centre_id", f"{centre} has no haemodialysis")
        changes["centre"] = [enrolment.centre.code, centre.code]
        enrolment.centre = centre
    if session_time is not False and session_time != enrolment.session_time:
        changes["session_time"] = [_iso(enrolment.session_time), _iso(session_time)]
        enrolment.session_time = session_time
    if start is not None and start != enrolment.enrolled_on:
        changes["start"] = [_iso(enrolment.enrolled_on), _iso(start)]
        enrolment.enrolled_on = start
    if end is not False and end != enrolment.ends_on:
        changes["end"] = [_iso(enrolment.ends_on), _iso(end)]
        enrolment.ends_on = end
    if enrolment.ends_on and enrolment.ends_on < enrolment.enrolled_on:
        raise FieldError("end", "is before the start")
    enrolment.save()
    first = today + timedelta(days=1)
    future = enrolment.trips.filter(date__gte=first, attended__isnull=True)
    # Lay the new schedule out as far ahead as the old one was (at least four weeks).
    horizon = max(
        [d for d in future.values_list("date", flat=True)] + [first + timedelta(days=DEFAULT_HORIZON_DAYS)]
    )
    removed = sorted(future.values_list("date", flat=True))
    future.delete()
    added: list[date] = []
    last = min(horizon, enrolment.ends_on) if enrolment.ends_on else horizon
    begin = max(first, enrolment.enrolled_on)
    if begin <= last:
        have = set(enrolment.trips.filter(date__range=(begin, last)).values_list("date", flat=True))
        added = [d for d in schedule.session_dates(enrolment.weekdays, begin, last) if d not in have]
        DialysisTrip.objects.bulk_create(_trips(enrolment, added))
    result = {
        "changes": changes,
        "removed": [d.isoformat() for d in removed],
        "added": [d.isoformat() for d in added],
    }
    record(actor, "update", enrolment, summary=f"dialysis schedule of {enrolment.patient}", changes=result)
    return result


def _trips(enrolment: DialysisPatient, dates: list[date]) -> list[DialysisTrip]:
    """Unsaved trips on these dates, the fares recorded as exemptions."""
    return [
        DialysisTrip(
            enrolment=enrolment,
            date=d,
            boat_fare_exempt=enrolment.boat_fare,
            car_fare_exempt=enrolment.car_fare,
            is_demo=enrolment.is_demo,
        )
        for d in dates
    ]


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


@transaction.atomic
def generate_trips(actor: Actor, enrolment: DialysisPatient, start: date, end: date) -> list[DialysisTrip]:
    """Create the trips of [start, end] (idempotent: existing dates are kept as they are)."""
    try:
        last = min(end, enrolment.ends_on) if enrolment.ends_on else end
        first = max(start, enrolment.enrolled_on)
        dates = schedule.session_dates(enrolment.weekdays, first, last) if first <= last else []
    except ValueError as exc:
        raise FieldError("to", str(exc)) from None
    have = set(enrolment.trips.filter(date__in=dates).values_list("date", flat=True))
    DialysisTrip.objects.bulk_create(_trips(enrolment, [d for d in dates if d not in have]))
    record(actor, "update", enrolment, changes={"generated": [start.isoformat(), end.isoformat()]})
    return list(enrolment.trips.filter(date__range=(start, end)))


@transaction.atomic
def record_attendance(actor: Actor, trip: DialysisTrip, attended: bool) -> DialysisTrip:
    trip.attended = attended
    trip.save(update_fields=["attended"])
    record(actor, "update", trip, changes={"attended": attended})
    return trip


def money_saved(start: date, end: date) -> Decimal:
    """Fares exempted on trips actually made (attended) in [start, end]."""
    agg = DialysisTrip.objects.filter(date__range=(start, end), attended=True).aggregate(
        boat=Sum("boat_fare_exempt"), car=Sum("car_fare_exempt")
    )
    return (agg["boat"] or Decimal("0")) + (agg["car"] or Decimal("0"))
