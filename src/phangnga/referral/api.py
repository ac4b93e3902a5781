"""Referral API at /api/v1/referrals: requests, events, FHIR, fuel fund, dialysis, savings."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from phangnga.core import roles
from phangnga.core.audit import Actor, record, record_list
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.idempotency import create_once, idempotency_key
from phangnga.core.thai import ThaiValueError, parse_fiscal_year
from phangnga.core.validation import (
    column,
    day,
    fiscal_year,
    id_or_code,
    integer,
    load_json,
    moment,
    object_id,
    text,
)

from . import access, fhir, fund, kpis, schemas, services
from .dialysis_api import router as dialysis_router
from .models import (
    FollowUpTask,
    FuelContribution,
    FuelTrip,
    Referral,
    ReferralEvent,
)
from .schemas import ReferralPatientIn
from .serializers import referral_out

router = Router(tags=["referrals"])
PREFIX = "/referrals"

CLINICAL = access.CLINICAL_ROLES
REPORT_ROLES = (*CLINICAL, roles.HEALTH_OFFICER, roles.VIEWER)
FUND_ROLES = (roles.HEALTH_OFFICER, roles.REFERRAL_NURSE)


class ReferralIn(Schema):
    origin_id: id_or_code()
    patient: ReferralPatientIn
    icd10: column(Referral, "icd10")
    triage: column(Referral, "triage")
    capability: column(Referral, "capability") | None = None
    reason: column(Referral, "reason", min_length=1)  # services: "reason: required"
    urgency: column(Referral, "urgency") = "emergency"
    sea_state: column(Referral, "sea_state") = "calm"
    client_id: column(Referral, "client_id") | None = None


class ReferralEventIn(Schema):
    state: column(ReferralEvent, "kind")
    at: moment() | None = None
    note: column(ReferralEvent, "note") = ""
    reason: text(2000) = ""
    client_id: column(Referral, "client_id") | None = (
        None  # or an Idempotency-Key header: a retry changes nothing
    )


def _fy(value: str | int) -> int:
    try:
        return parse_fiscal_year(value, "fy")
    except ThaiValueError as exc:
        raise FieldError("fy", exc.message) from None


def _visible(request, referral_id: int) -> Referral:
    user = require_role(request, *CLINICAL)
    referral = access.visible_referrals(user).filter(pk=referral_id).first()
    if referral is None:
        # 404 rather than 403: do not confirm that someone else's referral exists.
        raise ApiError(404, "not_found", f"no referral {referral_id} visible to you")
    return referral


def _create(request, data: dict, key: str | None, scope: str = "referral") -> tuple[Referral, bool]:
    user = require_role(request, *CLINICAL)

    def create():
        return services.create_referral(Actor.of(request, user), data)

    return create_once(
        scope,
        key,
        create,
        lambda pk: Referral.objects.get(pk=pk),
        request=request,
        body=data,
        visible=lambda r: access.visible_referrals(user).filter(pk=r.pk).exists(),
    )


# A nurse at Phru Nai health centre (Koh Yao Yai) refers a suspected stroke (a made-up, valid ID).
REFERRAL_EXAMPLE = {
    "origin_id": "rpst-phru-nai",
    "patient": {"cid": "3914177763175", "name": "นางสาวทดสอบ ใจดี", "birth_date": "1961-04-02", "sex": "F",
                "scheme": "UC"},
    "icd10": "I63.9",
    "triage": 2,
    "capability": "ct",
    "reason": "Suspected stroke, needs CT within the hour",
}  # fmt: skip


@router.post(
    "",
    auth=token_or_session,
    response={200: schemas.ReferralOut, 201: schemas.ReferralOut},
    summary="Request a referral; the answer carries the chosen plan (idempotent)",
    openapi_extra={"requestBody": {"content": {"application/json": {"example": REFERRAL_EXAMPLE}}}},
)
def create_referral(request, payload: ReferralIn):
    data = payload.dict()
    data["patient"] = payload.patient.dict()
    referral, created = _create(request, data, idempotency_key(request, payload.client_id))
    return Status(201 if created else 200, referral_out(referral))


@router.get(
    "",
    auth=token_or_session,
    response=schemas.ReferralList,
    summary="Referrals visible to you (origin or destination staff)",
)
def list_referrals(
    request, state: text(200) | None = None, role: text(16) | None = None, limit: integer(1, 500) = 100
):
    user = require_role(request, *CLINICAL)
    qs = access.visible_referrals(user)
    if state:
        qs = qs.filter(state__in=state.split(","))
    if role == "receiving":
        qs = qs.filter(destination_id=user.facility_id)
    elif role == "sending":
        qs = qs.filter(origin_id=user.facility_id)
    items = list(qs[: max(1, min(limit, 500))])
    record_list(request, "referral.referral", [r.id for r in items], "referral list")
    return {"items": [referral_out(r, events=False) for r in items]}


@router.get(
    "/savings",
    auth=token_or_session,
    response=schemas.Savings,
    summary="Savings by fiscal year (fy in BE or CE)",
)
def savings(request, fy: fiscal_year(), per_case: integer(0, 10_000_000) | None = None):
    require_role(request, *REPORT_ROLES)
    if per_case is not None and per_case < 0:
        raise FieldError("per_case", "must be 0 or more")
    return kpis.savings(_fy(fy), per_case)


@router.get(
    "/compliance",
    auth=token_or_session,
    response=schemas.Compliance,
    summary="80-minute guarantee compliance by month for a fiscal year",
)
def compliance(request, fy: fiscal_year()):
    require_role(request, *REPORT_ROLES)
    return kpis.compliance(_fy(fy))


@router.post(
    "/fhir",
    auth=token_or_session,
    response={200: dict, 201: dict},
    summary="Create a referral from a FHIR R4 Bundle (Patient + ServiceRequest + Organization)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "description": "FHIR R4 Bundle, as returned by GET /referrals/{id}/fhir",
                    }
                }
            },
        }
    },
)
def create_from_fhir(request):
    require_role(request, *CLINICAL)  # before reading the Bundle: a refused caller learns nothing
    # The Bundle is read raw: its shape is FHIR's, validated by fhir.resources, not by a Ninja schema.
    payload = load_json(request.body or b"null", "body", status=422)  # cleaned; 4xx when too deep
    data = fhir.referral_input_from_bundle(payload)
    key = idempotency_key(request, data.pop("client_id", None))
    referral, created = _create(request, data, key, scope="referral-fhir")
    return Status(201 if created else 200, fhir.bundle_for(referral))


# --- fuel fund -------------------------------------------------------------------------


class ContributionIn(Schema):
    date: day(days_ahead=1)
    contributor: column(FuelContribution, "contributor", min_length=1)
    # The column holds 12 digits; a contribution is more than 0 (fund.contribute says so by name).
    amount: column(FuelContribution, "amount", gt=0)  # fund: "must be more than 0"
    note: column(FuelContribution, "note") = ""
    client_id: column(FuelContribution, "client_id") | None = None


class TripIn(Schema):
    referral_id: object_id()
    price_per_litre: column(FuelTrip, "price_per_litre", gt=0) | None = None


@router.get(
    "/fuel/statement",
    auth=token_or_session,
    response=schemas.Statement,
    summary="Fuel fund statement: a month or a fiscal year",
)
def fuel_statement(request, fy: fiscal_year(), month: integer(1, 12) | None = None):
    require_role(request, *FUND_ROLES, roles.VIEWER, roles.HOSPITAL_STAFF)
    fy_ce = _fy(fy)
    if month is None:
        return fund.fiscal_year_statement(fy_ce)
    if not 1 <= month <= 12:
        raise FieldError("month", "1 to 12")
    return fund.month_statement(fy_ce - 1 if month >= 10 else fy_ce, month)


@router.post(
    "/fuel/contributions",
    auth=token_or_session,
    response={200: schemas.Contribution, 201: schemas.Contribution},
)
def fuel_contribute(request, payload: ContributionIn):
    user = require_role(request, *FUND_ROLES)

    def create():
        return fund.contribute(
            Actor.of(request, user),
            payload.date,
            payload.contributor,
            payload.amount,
            payload.note,
            payload.client_id or "",
        )

    from .models import FuelContribution

    c, created = create_once(
        "fuel-contribution",
        idempotency_key(request, payload.client_id),
        create,
        lambda pk: FuelContribution.objects.get(pk=pk),
        request=request,
        body=payload.dict(),
    )
    return Status(
        201 if created else 200,
        {
            "id": c.id,
            "date": c.date.isoformat(),
            "contributor": c.contributor,
            "amount": c.amount,
            "balance": fund.balance(),
        },
    )


def _trip_out(t: FuelTrip) -> dict:
    return {
        "id": t.id,
        "date": t.date.isoformat(),
        "referral_id": t.referral_id,
        "boat": t.boat,
        "distance_km": t.distance_km,
        "litres": t.litres,
        "price_per_litre": t.price_per_litre,
        "cost": t.cost,
        "status": t.status,
        "overdraft_approved_by": t.overdraft_approved_by_id,
    }


@router.post(
    "/fuel/trips",
    auth=token_or_session,
    response={201: schemas.FuelTrip},
    openapi_extra={"responses": {404: {"description": "No such referral visible to you"}}},
    summary="Propose a fuel trip from a referral's route (distance x L/km x price)",
)
def fuel_propose(request, payload: TripIn):
    user = require_role(request, *FUND_ROLES)
    # The fund's officers propose for any referral; a nurse only for her facility's, and another
    # facility's referral is not found (as on GET /referrals/{id}: its existence is not confirmed).
    qs = Referral.objects.all() if user.has_role(roles.HEALTH_OFFICER) else access.visible_referrals(user)
    referral = qs.filter(pk=payload.referral_id).first()
    if referral is None:
        raise ApiError(404, "not_found", f"no referral {payload.referral_id} visible to you")
    trip = fund.propose_from_referral(Actor.of(request, user), referral, payload.price_per_litre)
    return Status(201, _trip_out(trip))


@router.post(
    "/fuel/trips/{trip_id}/approve",
    auth=token_or_session,
    response=schemas.FuelTripPaid,
    summary="Pay a trip from the fund; allow_overdraft=true approves going below zero",
)
def fuel_approve(request, trip_id: int, allow_overdraft: bool = False):
    user = require_role(request, roles.HEALTH_OFFICER)
    trip = get_object_or_404(FuelTrip, pk=trip_id)
    trip = fund.approve(Actor.of(request, user), trip, allow_overdraft=allow_overdraft)
    return _trip_out(trip) | {"balance": fund.balance()}


# --- dialysis ----------------------------------------------------------------------------


@router.get(
    "/tasks",
    auth=token_or_session,
    response=schemas.TaskList,
    summary="Follow-up tasks (back-referrals, home visits) of your facility",
)
def tasks(request, open_only: bool = True):
    user = require_role(request, *CLINICAL)
    qs = FollowUpTask.objects.select_related("referral__patient", "facility")
    if not access.is_admin(user):
        qs = qs.filter(facility_id=user.facility_id)
    if open_only:
        qs = qs.filter(done_at=None)
    items = list(qs[:200])
    # Each task names its patient: the ids shown, as for every list of patient records.
    record_list(request, "referral.followuptask", [t.id for t in items], "follow-up tasks")
    return {
        "items": [
            {
                "id": t.id,
                "kind": t.kind,
                "referral_id": t.referral_id,
                "patient": t.referral.patient.name,
                "facility": t.facility.code,
                "due": t.due.isoformat(),
                "note": t.note,
                "done_at": t.done_at.isoformat() if t.done_at else None,
            }
            for t in items
        ]
    }


@router.post("/tasks/{task_id}/done", auth=token_or_session, response=schemas.TaskDone)
def task_done(request, task_id: int, note: column(FollowUpTask, "note") = ""):
    user = require_role(request, *CLINICAL)
    task = get_object_or_404(FollowUpTask, pk=task_id)
    if not access.is_admin(user) and task.facility_id != user.facility_id:
        raise ApiError(404, "not_found", "no such task at your facility")
    services.complete_task(Actor.of(request, user), task, note)
    return {"id": task.id, "done_at": task.done_at.isoformat()}


# --- one referral (after the fixed paths, so /savings is not read as an id) ----------------


@router.get(
    "/{referral_id}",
    auth=token_or_session,
    response=schemas.ReferralDetail,
    summary="One referral with its plan, chain and history",
)
def get_referral(request, referral_id: int):
    referral = _visible(request, referral_id)
    record(request, "read", referral)
    body = referral_out(referral)
    body["clock"] = services.live_clock(referral)
    return body


@router.post(
    "/{referral_id}/events",
    auth=token_or_session,
    response=schemas.ReferralOut,
    summary="Move a referral to its next state (idempotent with Idempotency-Key or client_id; "
    "the state it is already in is a no-op; decline replans to the next best destination)",
)
def post_event(request, referral_id: int, payload: ReferralEventIn):
    user = require_role(request, *CLINICAL)
    key = idempotency_key(request, payload.client_id)
    done = services.recorded_event(key, user) if key else None
    if done is not None:
        # A retry of a step that went through: same answer, nothing changes.
        services.check_replay(done, referral_id, payload.state, key)
        referral = access.visible_referrals(user).filter(pk=referral_id).first()
        if referral is None and done.by_id == user.id:
            # The one who declined no longer sees the referral, but this is their own step.
            referral = Referral.objects.select_related("patient", "origin", "destination").get(pk=referral_id)
        if referral is None:
            raise ApiError(404, "not_found", f"no referral {referral_id} visible to you")
        record(
            request, "read", referral, summary=f"retried {payload.state} (same Idempotency-Key): no change"
        )
        return referral_out(referral)
    referral = _visible(request, referral_id)
    outcome = services.post_event(
        Actor.of(request, user),
        referral,
        payload.state,
        key=key,
        at=payload.at,
        note=payload.note,
        reason=payload.reason,
        sides=access.side(user, referral),
    )
    referral = outcome.referral
    if not outcome.applied:
        record(
            request, "read", referral, summary=f"retried {payload.state}: already {referral.state}, no change"
        )
    return referral_out(referral)


@router.get("/{referral_id}/fhir", auth=token_or_session, summary="The referral as a FHIR R4 Bundle")
def get_fhir(request, referral_id: int):
    referral = _visible(request, referral_id)
    record(request, "read", referral, summary=f"FHIR export of referral {referral.id}")
    return fhir.bundle_for(referral)


# The dialysis programme's routes (same /referrals prefix and tag).
router.add_router("", dialysis_router)
