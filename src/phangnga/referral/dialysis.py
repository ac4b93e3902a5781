"""Dialysis transport programme: enrolment, generated trips with fares as exemptions, attendance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from phangnga.core.errors import FieldError

from . import schedule
from .models import DialysisPatient, DialysisTrip


@transaction.atomic
def enrol(
    patient,
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
    return enrolment


@transaction.atomic
def generate_trips(enrolment: DialysisPatient, start: date, end: date) -> list[DialysisTrip]:
    """Create the trips of [start, end] (idempotent: existing dates are kept as they are)."""
    try:
        dates = schedule.session_dates(enrolment.weekdays, max(start, enrolment.enrolled_on), end)
    except ValueError as exc:
        raise FieldError("to", str(exc)) from None
    have = set(enrolment.trips.filter(date__in=dates).values_list("date", flat=True))
    DialysisTrip.objects.bulk_create(
        [
            DialysisTrip(
                enrolment=enrolment,
                date=d,
                boat_fare_exempt=enrolment.boat_fare,
                car_fare_exempt=enrolment.car_fare,
                is_demo=enrolment.is_demo,
            )
            for d in dates
            if d not in have
        ]
    )
    return list(enrolment.trips.filter(date__range=(start, end)))


def record_attendance(trip: DialysisTrip, attended: bool) -> DialysisTrip:
    trip.attended = attended
    trip.save(update_fields=["attended"])
    return trip


def money_saved(start: date, end: date) -> Decimal:
    """Fares exempted on trips actually made (attended) in [start, end]."""
    agg = DialysisTrip.objects.filter(date__range=(start, end), attended=True).aggregate(
        boat=Sum("boat_fare_exempt"), car=Sum("car_fare_exempt")
    )
    return (agg["boat"] or Decimal("0")) + (agg["car"] or Decimal("0"))
