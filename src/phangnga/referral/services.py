"""Referral actions: create with a plan, move through states, replan on decline, breach,
follow-ups. Each public function is one transaction; views and the API call these."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext

from phangnga.core import idempotency
from phangnga.core.audit import Actor, record
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.thai import ThaiValueError, validate_national_id
from phangnga.geo.models import Place

from . import access, fund, planning, units, validation, workflow
from .models import DialysisPatient, FollowUpTask, FuelTrip, Patient, ProgrammeConfig, Referral, ReferralEvent

FUTURE_TOLERANCE = timedelta(minutes=2)
HOME_VISIT_AFTER_DAYS = 7


def resolve_facility(value, field: str) -> Place:
    """A place id or code that is a facility able to send or receive patients."""
    qs = Place.objects.filter(active=True, kind__in=["hospital", "health_centre", "medical_unit"])
    place = None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        place = qs.filter(pk=int(value)).first()
    elif isinstance(value, str) and value:
        place = qs.filter(code=value).first()
    if place is None:
        raise FieldError(field, f"unknown facility {value!r}", code="unknown_facility")
    return place


def clean_patient(data: dict) -> dict:
    """Validate patient fields; raise FieldError naming `patient.<field>`."""
    out = dict(data)
    cid, passport = (data.get("cid") or "").strip(), (data.get("passport") or "").strip()
    if not cid and not passport:
        raise FieldError("patient.cid", "give a Thai national ID, or a passport number for a foreigner")
    if cid:
        try:
            out["cid"] = validate_national_id(cid, "patient.cid")
        except ThaiValueError as exc:
            raise FieldError("patient.cid", exc.message, code="invalid_national_id") from None
    if passport:
        try:
            out["passport"] = validation.normalise_passport(passport)
        except ValueError as exc:
            raise FieldError("patient.passport", str(exc)) from None
    if out.get("scheme") not in validation.SCHEMES:
        raise FieldError("patient.scheme", f"one of {', '.join(validation.SCHEMES)}")
    if out.get("sex") not in validation.SEXES:
        raise FieldError("patient.sex", "one of M, F, U")
    if not (out.get("name") or "").strip():
        raise FieldError("patient.name", "required")
    if out.get("birth_date") and out["birth_date"] > timezone.localdate():
        raise FieldError("patient.birth_date", "cannot be in the future")
    return out


def may_edit_patient(user, patient: Patient) -> bool:
    """Whether a referral or enrolment by `user` may change this patient's record: admins, and
    staff of a facility that every referral and dialysis enrolment of the patient involves (a
    patient another facility also cares for is that facility's record as much as theirs)."""
    if access.is_admin(user):
        return True
    facility = getattr(user, "facility_id", None)
    if not facility:
        return False
    elsewhere = patient.referrals.exclude(Q(origin_id=facility) | Q(destination_id=facility)).exists()
    dialysis_elsewhere = DialysisPatient.objects.filter(patient=patient).exclude(
        Q(home_facility_id=facility) | Q(centre_id=facility)
    )
    return not elsewhere and not dialysis_elsewhere.exists()


def _json_value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def upsert_patient(data: dict, actor: Actor | None = None) -> tuple[Patient, dict]:
    """The patient these details name (by national ID, else passport), created if new.

    An existing patient is changed only if `user` may edit the record (`may_edit_patient`);
    either way the details that differ from the record come back as
    `{"fields": {field: {"recorded": ..., "reported": ...}}, "applied": bool}` (`{}` when they
    agree), for the caller to keep with what it creates. A detail left blank is not a difference."""
    data = clean_patient(data)
    fields = {k: data[k] for k in ("name", "birth_date", "sex", "scheme") if data.get(k) is not None}
    fields["name"] = fields["name"].strip()
    if data.get("cid"):
        lookup = {"cid": data["cid"]}
        fields["passport"] = data.get("passport") or ""
    else:
        lookup = {"cid": "", "passport": data["passport"]}
        fields["nationality"] = (data.get("nationality") or "").upper()[:3] or "UNK"
    patient = Patient.objects.select_for_update().filter(**lookup).first()
    if patient is None:
        try:
            with transaction.atomic():
                return Patient.objects.create(**lookup, **fields), {}
        except IntegrityError:  # registered meanwhile by another request: compare with that one
            patient = Patient.objects.select_for_update().get(**lookup)
    differ = {
        k: {"recorded": _json_value(getattr(patient, k)), "reported": _json_value(v)}
        for k, v in fields.items()
        if v not in ("", None) and getattr(patient, k) != v and not (k == "nationality" and v == "UNK")
    }
    if not differ:
        return patient, {}
    user = actor.user if actor is not None else None
    applied = user is not None and may_edit_patient(user, patient)
    if applied:
        for k, v in fields.items():
            if k in differ:
                setattr(patient, k, v)
        patient.save(update_fields=list(differ))
        record(
            actor, "update", patient, changes={k: [d["recorded"], d["reported"]] for k, d in differ.items()}
        )
    return patient, {"fields": differ, "applied": applied}


def clean_clinical(data: dict) -> dict:
    out = dict(data)
    try:
        out["icd10"] = validation.normalise_icd10(data.get("icd10", ""))
    except ValueError as exc:
        raise FieldError("icd10", str(exc), code="invalid_icd10") from None
    try:
        validation.check_triage(data.get("triage"))
    except ValueError as exc:
        raise FieldError("triage", str(exc)) from None
    if out.get("urgency", "emergency") not in validation.URGENCIES:
        raise FieldError("urgency", f"one of {', '.join(validation.URGENCIES)}")
    if out.get("sea_state", "calm") not in ("calm", "moderate", "rough"):
        raise FieldError("sea_state", "one of calm, moderate, rough")
    from phangnga.geo.models import CAPABILITIES

    if out.get("capability") and out["capability"] not in CAPABILITIES:
        raise FieldError("capability", f"unknown capability; one of {', '.join(CAPABILITIES)}")
    if not (out.get("reason") or "").strip():
        raise FieldError("reason", "required")
    return out


@transaction.atomic  # one transaction (a savepoint inside the caller's): the patient row is locked
@transaction.atomic
def create_referral(actor: Actor, data: dict, *, at: datetime | None = None) -> Referral:
    """Validate, plan and save a referral with its first event, in one transaction.
    The patient's details that differ from an existing record are kept on the referral
    (`reported_patient`); the record changes only if the user may edit it."""
    user = actor.user
    origin = resolve_facility(data.get("origin_id"), "origin_id")
    if not access.may_refer_from(user, origin):
        raise ApiError(
            403, "forbidden", "you can refer only from your own facility", {"origin_id": "not yours"}
        )
    clinical = clean_clinical(data)
    patient, reported = upsert_patient(data.get("patient") or {}, actor)
    now = at or timezone.now()
    referral = Referral(
        client_id=data.get("client_id") or "",
        patient=patient,
        reported_patient=reported,
        origin=origin,
        icd10=clinical["icd10"],
        triage=clinical["triage"],
        reason=clinical["reason"].strip(),
        capability=clinical.get("capability") or "",
        urgency=clinical.get("urgency") or "emergency",
        sea_state=clinical.get("sea_state") or "calm",
        requested_at=now,
        created_by=user,
    )
    planning.apply_plan(referral)
    referral.save()
    ReferralEvent.objects.create(
        referral=referral,
        kind=workflow.REQUESTED,
        at=now,
        by=user,
        data={"destination": referral.destination.code, "eta_min": referral.predicted_min},
    )
    changes = {"destination": referral.destination.code, "eta_min": referral.predicted_min}
    if referral.reported_patient:
        changes["reported_patient"] = referral.reported_patient
    record(actor, "create", referral, changes=changes)
    return referral


def _check_time(referral: Referral, at: datetime) -> None:
    if at > timezone.now() + FUTURE_TOLERANCE:
        raise FieldError("at", "cannot be in the future")
    last = max((t for t in (referral.stamp(s) for s in workflow.STATES) if t), default=referral.requested_at)
    if at < last:
        raise FieldError("at", "is before the referral's previous step")


EVENT_SCOPE = "referral.event"


def apply_event(
    actor: Actor,
    referral: Referral,
    state: str,
    *,
    at: datetime | None = None,
    note: str = "",
    reason: str = "",
    sides: set[str] | None = None,
) -> Referral:
    """Move the referral to `state` (one transaction). Posting the state it is already in is a
    retried step: nothing changes and the referral comes back as it is."""
    return post_event(actor, referral, state, at=at, note=note, reason=reason, sides=sides).referral


class EventOutcome(NamedTuple):
    referral: Referral
    applied: bool  # False: a retry (same Idempotency-Key, or the state it is already in)
    before: str  # the state before this call (the current one for a retry)


def recorded_event(key: str, user) -> ReferralEvent | None:
    """The event this user's Idempotency-Key (or client id) already produced, if any (another
    user's same key is not theirs: it finds nothing)."""
    found = idempotency.recorded(EVENT_SCOPE, key, idempotency.caller_of(user))
    return (
        ReferralEvent.objects.select_related("referral").filter(pk=found.object_id).first() if found else None
    )


def check_replay(event: ReferralEvent, referral_id: int, state: str, key: str) -> None:
    """A key belongs to one step of one referral; reusing it for another is the client's error
    (409 naming the key)."""
    if event.referral_id != referral_id or event.kind != state:
        raise idempotency.key_reused(key)


def post_event(
    actor: Actor,
    referral: Referral,
    state: str,
    *,
    key: str | None = None,
    at: datetime | None = None,
    note: str = "",
    reason: str = "",
    sides: set[str] | None = None,
) -> EventOutcome:
    """Apply an event once. With a key, a retry finds the event the key made and changes
    nothing; without one, the state the referral is already in is a no-op (a retried step).
    Either way the answer is the referral as it is now. An applied step is audited with the
    state and destination before and after (a decline may move the destination)."""
    user = actor.user
    if key:
        done = recorded_event(key, user)
        if done is not None:
            check_replay(done, referral.pk, state, key)
            current = Referral.objects.get(pk=referral.pk)
            return EventOutcome(current, False, current.state)
    outcome: list[EventOutcome] = []

    def apply() -> ReferralEvent:
        dest_before = (
            Referral.objects.filter(pk=referral.pk).values_list("destination__code", flat=True).first()
        )
        result, event = _apply_locked(actor, referral, state, at=at, note=note, reason=reason, sides=sides)
        outcome.append(result)
        if result.applied:
            after = result.referral
            dest_after = after.destination.code if after.destination_id else None
            changes = {"state": [result.before, after.state], "destination": [dest_before, dest_after]}
            record(actor, "update", after, changes=changes)
        return event

    event, created = idempotency.create_once(
        EVENT_SCOPE,
        key,
        apply,
        lambda pk: ReferralEvent.objects.get(pk=pk),
        user=user,
        looked_up=True,
    )
    if not created:
        # A concurrent retry with the same key got there first; its event is the one.
        check_replay(event, referral.pk, state, key)
        current = Referral.objects.get(pk=referral.pk)
        return EventOutcome(current, False, current.state)
    return outcome[-1]


def _apply_locked(
    actor: Actor,
    referral: Referral,
    state: str,
    *,
    at: datetime | None,
    note: str,
    reason: str,
    sides: set[str] | None,
) -> tuple[EventOutcome, ReferralEvent]:
    """Inside the caller's transaction: lock, check, apply. Returns the outcome and the event
    that stands for this step (the new one, or for a same-state retry the one that made it)."""
    user = actor.user
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    before = referral.state
    forbidden = sides is not None and workflow.actor_side(state) not in sides
    if state == referral.state:
        # The step was already taken (the first request got through, its answer did not).
        if forbidden:
            raise ApiError(
                403, "forbidden", f"only staff of the {workflow.actor_side(state)} facility may set {state}"
            )
        made = (
            referral.events.filter(kind=state).order_by("-id").first()
            or referral.events.order_by("-id").first()
        )
        return EventOutcome(referral, False, before), made
    try:
        workflow.check_transition(referral.state, state)
    except workflow.TransitionError as exc:
        raise ApiError(409, "invalid_transition", str(exc), {"state": str(exc)}) from None
    if forbidden:
        raise ApiError(
            403, "forbidden", f"only staff of the {workflow.actor_side(state)} facility may set {state}"
        )
    if state in (workflow.DECLINED, workflow.CANCELLED) and not reason.strip():
        raise FieldError(
            "reason", f"a reason is required to {'decline' if state == 'declined' else 'cancel'}"
        )
    at = at or timezone.now()
    _check_time(referral, at)
    if state == workflow.DECLINED:
        referral, event = _decline_and_replan(user, referral, at, reason)
        return EventOutcome(referral, True, before), event
    referral.state = state
    setattr(referral, f"{state}_at", at)
    data = {}
    if state in units.HOLD_FROM:
        data = units.arrange(referral, at)  # may re-plan the boat for this destination
    event = ReferralEvent.objects.create(
        referral=referral, kind=state, at=at, by=user, note=(note or reason).strip(), data=data
    )
    units.follow(referral, state, at)
    if state == workflow.ARRIVED:
        _judge_guarantee(referral, reason)
    if state == workflow.COMPLETED:
        _create_follow_ups(referral, at)
    referral.save()
    if state == workflow.ARRIVED:
        _propose_fuel(actor, referral, event)
    return EventOutcome(referral, True, before), event


def _propose_fuel(actor: Actor, referral: Referral, event: ReferralEvent) -> None:
    """On arrival the boat's fuel goes to the fund as a proposal (once: a referral has at most
    one trip); the health officer still approves it as for any trip."""
    if FuelTrip.objects.filter(referral=referral).exists() or fund.boat_km(referral.plan) <= 0:
        return
    trip = fund.propose_from_referral(actor, referral, why=" proposed on arrival")
    event.data = {**event.data, "fuel_trip": trip.id, "fuel_cost": str(trip.cost)}
    event.save(update_fields=["data"])


def _decline_and_replan(
    user, referral: Referral, at: datetime, reason: str
) -> tuple[Referral, ReferralEvent]:
    declined = referral.destination.code if referral.destination_id else None
    planning.release_units(referral.pk, at)  # a boat arranged for the old destination goes back
    event = ReferralEvent.objects.create(
        referral=referral,
        kind=workflow.DECLINED,
        at=at,
        by=user,
        note=reason.strip(),
        data={"destination": declined},
    )
    referral.declined_by = [*referral.declined_by, declined]
    try:
        planning.apply_plan(referral, exclude=referral.declined_by)
    except ApiError:
        # Nowhere left: the referral ends declined and the origin must call the provincial centre.
        referral.state, referral.declined_at = workflow.DECLINED, at
        referral.save()
        return referral, event
    referral.state, referral.accepted_at, referral.transport_arranged_at = workflow.REQUESTED, None, None
    ReferralEvent.objects.create(
        referral=referral,
        kind="replanned",
        at=at,
        by=user,
        note=referral.why_chosen,
        data={"destination": referral.destination.code, "eta_min": referral.predicted_min},
    )
    referral.save()
    return referral, event


def _judge_guarantee(referral: Referral, reason: str) -> None:
    guarantee = ProgrammeConfig.get().guarantee_min
    actual = referral.door_to_door_min
    if actual is None or actual <= guarantee:
        referral.breach, referral.breach_reason = False, ""
        return
    referral.breach = True
    steps = []
    marks = [(s, referral.stamp(s)) for s in (workflow.DEPARTED, workflow.AT_PIER, workflow.ARRIVED)]
    marks = [(s, t) for s, t in marks if t]
    for (s1, t1), (s2, t2) in zip(marks, marks[1:], strict=False):
        steps.append((f"{s1} -> {s2}", (t2 - t1).total_seconds() / 60))
    longest = max(steps, key=lambda x: x[1]) if steps else None
    auto = f"door to door {actual:.0f} min > {guarantee} min (predicted {referral.predicted_min or 0:.0f})"
    if longest:
        auto += f"; longest step {longest[0]} {longest[1]:.0f} min"
    referral.breach_reason = f"{reason.strip()} ({auto})" if reason.strip() else auto


def _create_follow_ups(referral: Referral, at: datetime) -> None:
    """After discharge: the origin receives the back-referral and visits the patient at home."""
    day = timezone.localtime(at).date()
    # The notes are written in the language of whoever closes the referral (staff read them so).
    thai = (get_language() or "th").startswith("th")
    dest = referral.destination
    hospital = (dest.name_th if thai and dest and dest.name_th else str(dest)) if dest else ""
    FollowUpTask.objects.get_or_create(
        referral=referral,
        kind="back_referral",
        defaults={
            "facility": referral.origin,
            "due": day,
            "note": gettext("Discharge summary from %(hospital)s") % {"hospital": hospital},
        },
    )
    FollowUpTask.objects.get_or_create(
        referral=referral,
        kind="home_visit",
        defaults={
            "facility": referral.origin,
            "due": day + timedelta(days=HOME_VISIT_AFTER_DAYS),
            "note": gettext("Home visit after %(icd10)s treatment") % {"icd10": referral.icd10},
        },
    )


@transaction.atomic
@transaction.atomic
def complete_task(actor: Actor, task: FollowUpTask, note: str = "") -> FollowUpTask:
    if task.done_at:
        return task
    task.done_at, task.done_by = timezone.now(), actor.user
    if note:
        task.note = f"{task.note}\n{note}".strip()
    task.save()
    record(actor, "update", task, changes={"done": True})
    return task


def live_clock(referral: Referral, now: datetime | None = None) -> dict:
    """Minutes since departure against the guarantee, for the referral page's clock."""
    guarantee = ProgrammeConfig.get().guarantee_min
    now = now or timezone.now()
    start = referral.departed_at
    end = referral.arrived_at or (now if referral.state in workflow.IN_TRANSFER else None)
    elapsed = (end - start).total_seconds() / 60 if start and end else None
    return {
        "running": referral.state in workflow.IN_TRANSFER,
        "departed_at": start.isoformat() if start else None,
        "elapsed_min": round(elapsed, 1) if elapsed is not None else None,
        "guarantee_min": guarantee,
        "predicted_min": referral.predicted_min,
        "over": elapsed is not None and elapsed > guarantee,
    }
