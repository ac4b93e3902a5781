"""The dialysis programme's API: enrol a patient, change the schedule, lay out the boat and car
trips, mark attendance. Mounted by referral/api.py under /referrals (same tag)."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from phangnga.core.audit import Actor
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.validation import (
    JsonObject,
    column,
    day,
    id_or_code,
    integer,
    text,
)

from . import access, dialysis, schemas, services
from .models import (
    DialysisPatient,
    DialysisTrip,
)
from .schemas import ReferralPatientIn

router = Router(tags=["referrals"])
CLINICAL = access.CLINICAL_ROLES


class EnrolIn(Schema):
    patient: ReferralPatientIn
    home_facility_id: id_or_code()
    centre_id: id_or_code()
    weekdays: list[text(12) | integer(0, 6)]
    enrolled_on: day(days_ahead=366)
    boat_fare: column(DialysisPatient, "boat_fare", ge=0) = Decimal("300")
    car_fare: column(DialysisPatient, "car_fare", ge=0) = Decimal("200")


class ScheduleIn(JsonObject):
    """Only the fields given change; `session_time` or `end` null clears them."""

    weekdays: list[text(12) | integer(0, 6)] | None = None
    centre_id: id_or_code() | None = None
    session_time: time | None = None
    start: day(days_ahead=366) | None = None
    end: day(days_ahead=2 * 366) | None = None


class GenerateIn(Schema):
    start: day(days_ahead=366)
    end: day(days_ahead=2 * 366)


def _enrolment_out(e: DialysisPatient) -> dict:
    return {
        "id": e.id,
        "patient": {"id": e.patient_id, "name": e.patient.name},
        "home_facility": e.home_facility.code,
        "centre": e.centre.code,
        "weekdays": e.weekdays,
        "boat_fare": e.boat_fare,
        "car_fare": e.car_fare,
        "enrolled_on": e.enrolled_on.isoformat(),
        "ends_on": e.ends_on.isoformat() if e.ends_on else None,
        "session_time": e.session_time.strftime("%H:%M") if e.session_time else None,
        "active": e.active,
    }


@router.post("/dialysis/patients", auth=token_or_session, response={201: schemas.Enrolment})
def dialysis_enrol(request, payload: EnrolIn):
    user = require_role(request, *CLINICAL)
    home = services.resolve_facility(payload.home_facility_id, "home_facility_id")
    centre = services.resolve_facility(payload.centre_id, "centre_id")
    if not access.is_admin(user) and user.facility_id not in (home.id, centre.id):
        raise ApiError(403, "forbidden", "enrol patients of your own facility")
    enrolment = dialysis.enrol(
        Actor.of(request, user),
        payload.patient.dict(),
        home,
        centre,
        payload.weekdays,
        enrolled_on=payload.enrolled_on,
        boat_fare=payload.boat_fare,
        car_fare=payload.car_fare,
    )
    return Status(201, _enrolment_out(enrolment))


def _enrolment(request, enrolment_id: int) -> DialysisPatient:
    user = require_role(request, *CLINICAL)
    e = get_object_or_404(
        DialysisPatient.objects.select_related("patient", "home_facility", "centre"), pk=enrolment_id
    )
    if not access.is_admin(user) and user.facility_id not in (e.home_facility_id, e.centre_id):
        raise ApiError(404, "not_found", "no such enrolment visible to you")
    return e


@router.patch(
    "/dialysis/patients/{enrolment_id}",
    auth=token_or_session,
    response=schemas.Rescheduled,
    summary="Change the schedule (days, centre, time, start/end); future unmarked trips are redone",
)
def dialysis_reschedule(request, enrolment_id: int, payload: ScheduleIn):
    e = _enrolment(request, enrolment_id)
    given = payload.model_fields_set
    if "weekdays" in given and payload.weekdays is None:
        raise FieldError("weekdays", "at least one session day is needed")
    if "start" in given and payload.start is None:
        raise FieldError("start", "required when given")
    centre = None
    if payload.centre_id is not None:
        centre = services.resolve_facility(payload.centre_id, "centre_id")
    result = dialysis.reschedule(
        Actor.of(request),
        e,
        today=timezone.localdate(),
        weekdays=payload.weekdays,
        centre=centre,
        session_time=payload.session_time if "session_time" in given else False,
        start=payload.start,
        end=payload.end if "end" in given else False,
    )
    e.refresh_from_db()
    return {"enrolment": _enrolment_out(e), **result}


@router.post(
    "/dialysis/patients/{enrolment_id}/trips",
    auth=token_or_session,
    response=schemas.GeneratedTrips,
    summary="Generate the trips of a period from the session schedule (idempotent)",
)
def dialysis_generate(request, enrolment_id: int, payload: GenerateIn):
    e = _enrolment(request, enrolment_id)
    if payload.end < payload.start:
        raise FieldError("end", "is before start")
    if (payload.end - payload.start).days > 366:
        raise FieldError("end", "generate at most one year at a time")
    trips = dialysis.generate_trips(Actor.of(request), e, payload.start, payload.end)
    return {
        "enrolment": _enrolment_out(e),
        "trips": [
            {
                "id": t.id,
                "date": t.date.isoformat(),
                "weekday": t.date.weekday(),
                "boat_fare_exempt": t.boat_fare_exempt,
                "car_fare_exempt": t.car_fare_exempt,
                "attended": t.attended,
            }
            for t in trips
        ],
    }


@router.post("/dialysis/trips/{trip_id}/attendance", auth=token_or_session, response=schemas.Attendance)
def dialysis_attendance(request, trip_id: int, attended: bool):
    trip = get_object_or_404(DialysisTrip, pk=trip_id)
    _enrolment(request, trip.enrolment_id)
    dialysis.record_attendance(Actor.of(request), trip, attended)
    return {"id": trip.id, "attended": trip.attended}


# --- follow-up tasks ----------------------------------------------------------------------
