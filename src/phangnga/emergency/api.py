"""Andaman Hub API under /api/v1/emergency."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from phangnga.core import idempotency, roles
from phangnga.core.audit import Actor, record, record_list
from phangnga.core.auth import current_user, require_role, token_or_session
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.idempotency import create_once, idempotency_key
from phangnga.core.thai import ThaiValueError, parse_fiscal_year
from phangnga.core.validation import (
    JsonObject,
    fiscal_year,
    integer,
    latitude,
    longitude,
    moment,
    number,
    text,
)
from phangnga.fleet import registry
from phangnga.fleet.models import ResourceStatus

from . import access, board, intake, kpis, reports, services
from .models import EventKind, Incident, IncidentEvent, IncidentKind, Patient, PreArrivalNotice
from .public_api import router as public_router
from .schemas import BoardFeed, EventPosted, IncidentOut, NoticeOut, PatientOut, PlanOut, QueueItem
from .serialize import event_dict, incident_dict, plan_dict, resource_dict

router = Router(tags=["emergency"])

SeaStateCode = Literal["calm", "moderate", "rough"]


# Ages up to 130: the oldest verified human lived 122 years (Jeanne Calment, Guinness World Records).
class IncidentPatientIn(Schema):
    age: number(0, 130) | None = None
    sex: Literal["M", "F", "U"] | None = None
    nationality: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", max_length=2)
    vitals: dict[str, Any] | None = None
    symptoms: list[text(64)] | None = Field(None, max_length=50)
    expected_resources: integer(0, 50) | None = None
    override_level: integer(1, 5) | None = None  # MOPH ED triage levels (emergency/triage.py)
    override_reason: str | None = Field(None, max_length=500)


class IncidentIn(Schema):
    kind: IncidentKind
    lat: latitude() | None = None
    lon: longitude() | None = None
    place: str | None = Field(None, max_length=64)
    location_text: str | None = Field(None, max_length=200)
    # Not from the future (services.check_time); staff may enter past incidents, but none before
    # the platform's records begin (validation.EARLIEST_RECORD).
    reported_at: moment() | None = None
    patient_count: integer(0, 500) | None = None
    reporter_name: str | None = Field(None, max_length=120)
    reporter_phone: str | None = Field(None, max_length=32)
    boat_name: str | None = Field(None, max_length=120)
    notes: str | None = Field(None, max_length=4000)
    sea_state: SeaStateCode = "calm"
    client_id: str | None = Field(None, max_length=128)
    patients: list[IncidentPatientIn] = Field(default_factory=list, max_length=100)


def _incidents():
    return Incident.objects.select_related("place").prefetch_related(
        "patients",
        "plans",
        Prefetch("events", IncidentEvent.objects.select_related("resource", "place")),
    )


def _get_incident(request, incident_id: int) -> Incident:
    incident = get_object_or_404(_incidents(), pk=incident_id)
    user = current_user(request)
    access.require_visible(access.can_view_incident(user, incident), f"incident {incident_id}")
    return incident


@router.post(
    "/incidents",
    auth=token_or_session,
    response={200: IncidentOut, 201: IncidentOut},
    summary="Report an incident (idempotent with Idempotency-Key or client_id)",
)
def create_incident(request, payload: IncidentIn):
    user = require_role(request, *access.REPORTERS)
    key = idempotency_key(request, payload.client_id)
    data = payload.dict()
    channel = (
        "mobile"
        if request.headers.get("X-PN-Channel") == "mobile"
        else (
            "dispatcher"
            if request.headers.get("X-PN-Channel") == "dispatcher" and user.has_role(roles.DISPATCHER)
            else "api"
        )
    )
    # Validate, triage and plan first (reads only), then write with the other reports of this
    # moment in one short transaction. A retry is found by its key when it is written (the key is
    # unique), not looked up first: retries are rare, and the lookup would cost every report.
    # The key is the caller's own (another caller's same key is a new report, never theirs), and a
    # retry must carry the same body: checked against the digest in the report's audit entry.
    client_id = idempotency.scoped(idempotency.caller_of(user), key) if key else None
    written = intake.submit_report(
        request, reports.prepare_incident(data), user, channel, client_id, key=key, body=data
    )
    incident, created = written.incident, written.created
    if not created:
        incident = idempotency.replay(
            request,
            _incidents().get(pk=incident.pk),
            key,
            body=data,
            recorded_fingerprint=idempotency.created_fingerprint(incident),
            visible=lambda i: access.can_view_incident(user, i),
        )
    # A new incident comes back with its rows primed by write_incidents: no read-back queries.
    # The body goes out as it is: Ninja would validate and re-dump the whole dict against the
    # `dict` response schema on every report, for nothing.
    return JsonResponse(incident_dict(incident), status=201 if created else 200)


@router.get(
    "/incidents",
    auth=token_or_session,
    response=list[QueueItem],
    summary="Open incidents (the queue), most urgent first",
)
def list_incidents(request, status: text(200) | None = None, include_closed: bool = False):
    require_role(request, *access.ALL_INCIDENTS)
    qs = Incident.objects.select_related("place")
    if status:
        qs = qs.filter(status=status)
    elif not include_closed:
        qs = qs.exclude(status="closed")
    items = [board.queue_item(i) for i in qs.order_by("priority", "reported_at")[:500]]
    record_list(request, "emergency.incident", [i["id"] for i in items], "incident list")
    return items


@router.get(
    "/incidents/{incident_id}",
    auth=token_or_session,
    response=IncidentOut,
    summary="One incident with patients, timeline, plan",
)
def get_incident(request, incident_id: int):
    incident = _get_incident(request, incident_id)
    record(request, "read", incident)
    return incident_dict(incident)


class IncidentEventIn(Schema):
    kind: EventKind
    at: moment() | None = None
    resource: str | None = Field(None, max_length=64)
    place: str | None = Field(None, max_length=64)
    lat: latitude() | None = None
    lon: longitude() | None = None
    note: str | None = Field(None, max_length=500)
    client_id: str | None = Field(None, max_length=128)


@router.post(
    "/incidents/{incident_id}/events",
    auth=token_or_session,
    response={200: EventPosted, 201: EventPosted},
    summary="Add a timeline step (idempotent with Idempotency-Key or client_id)",
)
def post_event(request, incident_id: int, payload: IncidentEventIn):
    user = current_user(request)
    incident = get_object_or_404(Incident, pk=incident_id)
    access.require_visible(access.can_view_incident(user, incident), f"incident {incident_id}")
    access.require(access.can_post_event(user, incident), "you are not working this incident")
    if payload.resource:
        res = services.resolve_resource(payload.resource)
        access.require(
            res.kind == "ambulance"
            or access.can_update_resource(user, res)
            or user.has_role(roles.HOSPITAL_STAFF),
            "not your unit",
        )
    key = idempotency_key(request, payload.client_id)
    data = payload.dict()
    body = {"incident": incident_id, **data}
    data["client_id"] = idempotency.scoped(idempotency.caller_of(user), key) if key else None
    event, created = create_once(
        "emergency.event",
        key,
        lambda: services.add_event(incident, data, actor=Actor.of(request, user)),
        lambda pk: IncidentEvent.objects.get(pk=pk),
        request=request,
        body=body,
        visible=lambda e: access.can_view_incident(user, e.incident),
    )
    incident.refresh_from_db()
    return (201 if created else 200), {"event": event_dict(event), "incident_status": incident.status}


class PlanChoiceIn(JsonObject):
    resource: str | None = Field(None, max_length=64)
    destination: str | None = Field(None, max_length=64)
    ambulance: str | None = Field(None, max_length=64)
    note: str | None = Field(None, max_length=500)


@router.post(
    "/incidents/{incident_id}/plan",
    auth=token_or_session,
    response=PlanOut,
    summary="Recompute the recommended plan",
)
def replan(request, incident_id: int):
    require_role(request, roles.DISPATCHER)
    incident = get_object_or_404(Incident, pk=incident_id)
    return plan_dict(services.propose_plan(incident))


@router.post(
    "/incidents/{incident_id}/plan/accept",
    auth=token_or_session,
    response=PlanOut,
    summary="Accept the plan, or change unit/destination/ambulance; notifies the hospital",
    openapi_extra={"responses": {409: {"description": "No available unit can reach the scene"}}},
)
def accept_plan(request, incident_id: int, payload: PlanChoiceIn):
    user = require_role(request, roles.DISPATCHER)
    incident = get_object_or_404(Incident, pk=incident_id)
    plan = services.accept_plan(
        incident,
        actor=Actor.of(request, user),
        resource_code=payload.resource,
        destination_code=payload.destination,
        ambulance_code=payload.ambulance,
        note=payload.note or "",
    )
    return plan_dict(plan)


class PatientPatch(JsonObject):
    override_level: integer(1, 5) | None = None
    override_reason: str | None = Field(None, max_length=500)
    outcome: Literal["alive", "died", ""] | None = None
    disposition: Literal["admitted", "discharged", "transferred", "not_transported", ""] | None = None


@router.patch(
    "/incidents/{incident_id}/patients/{seq}",
    auth=token_or_session,
    response=PatientOut,
    summary="Override triage (with a reason) or record the outcome",
)
def patch_patient(request, incident_id: int, seq: int, payload: PatientPatch):
    user = require_role(request, roles.DISPATCHER, roles.RESCUE_CREW, roles.HOSPITAL_STAFF)
    incident = _get_incident(request, incident_id)
    patient = get_object_or_404(Patient, incident=incident, seq=seq)
    services.update_patient(
        Actor.of(request, user),
        patient,
        override_level=payload.override_level,
        override_reason=payload.override_reason or "",
        outcome=payload.outcome,
        disposition=payload.disposition,
    )
    from .serialize import patient_dict

    return patient_dict(patient)


# ---- resources -----------------------------------------------------------------------


@router.get("/resources", auth=token_or_session, summary="Resource registry with status and position")
def list_resources(request, kind: text(32) | None = None, status: text(32) | None = None):
    qs = registry.units()
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    day = timezone.localdate()
    return [resource_dict(r, day) for r in qs]


class PositionIn(Schema):
    lat: latitude()
    lon: longitude()
    at: moment() | None = None
    status: ResourceStatus | None = None


def _update_position(request, code: str, payload: PositionIn):
    user = current_user(request)
    resource = registry.unit(code)
    if resource is None:
        raise ApiError(404, "not_found", f"unknown resource {code!r}")
    access.require(
        access.can_update_resource(user, resource),
        "a crew member can only update their own units or units on their incident",
    )
    services.update_position(resource, lat=payload.lat, lon=payload.lon, at=payload.at, status=payload.status)
    return resource_dict(resource)


@router.patch(
    "/resources/{code}/position", auth=token_or_session, summary="Update a unit's last known position"
)
def patch_position(request, code: str, payload: PositionIn):
    return _update_position(request, code, payload)


@router.post(
    "/resources/{code}/position", auth=token_or_session, summary="Same as PATCH (for simple clients)"
)
def post_position(request, code: str, payload: PositionIn):
    return _update_position(request, code, payload)


@router.get("/resources/ranking", auth=token_or_session, summary="Available units by ETA to a point")
def ranking(request, lat: latitude(), lon: longitude(), sea_state: SeaStateCode = "calm"):
    require_role(request, roles.DISPATCHER)
    from phangnga.geo.places import require_in_region

    require_in_region(lat, lon)
    from . import planning

    rows = planning.rank_resources(
        (lat, lon), day=timezone.localdate(), sea_state=sea_state, land=planning.on_land((lat, lon))
    )
    return [{k: v for k, v in r.items() if k != "resource"} for r in rows]


# ---- hospital pre-arrival notices ----------------------------------------------------


@router.get(
    "/notices",
    auth=token_or_session,
    response=list[NoticeOut],
    summary="Pre-arrival notices for the user's hospital",
)
def list_notices(request):
    user = require_role(request, roles.HOSPITAL_STAFF, roles.DISPATCHER)
    qs = PreArrivalNotice.objects.select_related("hospital")
    if not user.has_role(roles.DISPATCHER):
        qs = qs.filter(hospital_id=user.facility_id)
    items = [board.notice_item(n) for n in qs[:100]]
    record_list(request, "emergency.prearrivalnotice", [n["id"] for n in items], "pre-arrival notices")
    return items


@router.post(
    "/notices/{notice_id}/ack",
    auth=token_or_session,
    response=NoticeOut,
    summary="The receiving hospital acknowledges",
)
def ack_notice(request, notice_id: int):
    user = require_role(request, roles.HOSPITAL_STAFF)
    notice = get_object_or_404(PreArrivalNotice, pk=notice_id)
    access.require(
        user.has_role(roles.ADMIN) or notice.hospital_id == user.facility_id,
        "this notice is for another hospital",
    )
    services.acknowledge_notice(Actor.of(request, user), notice)
    return board.notice_item(notice)


# ---- board feed ----------------------------------------------------------------------


@router.get(
    "/board.json", auth=token_or_session, response=BoardFeed, summary="Compact feed for the command board"
)
def board_feed(request, since: text(40) | None = None):
    user = require_role(request, *access.BOARD)
    data = board.feed(user)
    # Polled every 1.5 s: each version of the board a user is shown is audited once.
    record_list(
        request, "emergency.incident", [i["id"] for i in data["queue"]], "board feed", version=data["version"]
    )
    return data


# ---- KPIs ----------------------------------------------------------------------------


@router.get(
    "/kpis", auth=token_or_session, summary="Indicators by Thai fiscal year (fy in BE, e.g. 2564, or CE)"
)
def get_kpis(request, fy: fiscal_year(), kind: IncidentKind | None = None, place: text(64) | None = None):
    require_role(request, roles.DISPATCHER, roles.HEALTH_OFFICER, roles.VIEWER)
    try:
        fy_ce = parse_fiscal_year(fy, "fy")
    except ThaiValueError as exc:
        raise FieldError("fy", exc.message) from None
    if kind and kind not in IncidentKind.values:
        raise FieldError("kind", f"unknown kind {kind!r}")
    if place:
        services.resolve_place(place, "place")
    return kpis.indicators(fy_ce, kind=kind, place=place)


# Reports from the public, without an account (public_api.py).
router.add_router("", public_router)
