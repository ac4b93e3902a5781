"""Changes to the Andaman Hub's incidents: plans, timeline, notices, patients (one transaction each,
audited inside it). New incidents are written by reports.py."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from phangnga.core.audit import Actor, record
from phangnga.core.errors import ApiError, FieldError
from phangnga.fleet import holds, registry
from phangnga.fleet.models import Holder, Resource, ResourceKind, ResourceStatus
from phangnga.geo.models import Place
from phangnga.geo.place_cache import active_places
from phangnga.geo.places import require_in_region

from . import outbox, planning, steps
from .models import (
    UNIT_DIVERTED,
    DispatchPlan,
    EventKind,
    Incident,
    IncidentEvent,
    IncidentStatus,
    Patient,
    PlanStatus,
    PreArrivalNotice,
)
from .triage import TriageInputError, override_triage, triage

# Event -> (incident status, status of the incident's assigned resources)
EVENT_EFFECTS: dict[str, tuple[str | None, str | None]] = {
    EventKind.CALL_RECEIVED: (None, None),
    EventKind.DISPATCHED: (IncidentStatus.DISPATCHED, ResourceStatus.DISPATCHED),
    EventKind.EN_ROUTE: (IncidentStatus.DISPATCHED, ResourceStatus.DISPATCHED),
    EventKind.ON_SCENE: (IncidentStatus.ON_SCENE, ResourceStatus.ON_SCENE),
    EventKind.LEFT_SCENE: (IncidentStatus.TRANSPORTING, ResourceStatus.TRANSPORTING),
    EventKind.AT_PIER: (IncidentStatus.TRANSPORTING, ResourceStatus.TRANSPORTING),
    EventKind.AT_HOSPITAL: (IncidentStatus.AT_HOSPITAL, ResourceStatus.AT_HOSPITAL),
    EventKind.HANDED_OVER: (IncidentStatus.AT_HOSPITAL, ResourceStatus.AT_HOSPITAL),
    EventKind.CLOSED: (IncidentStatus.CLOSED, ResourceStatus.AVAILABLE),
}
FUTURE_SLACK = timedelta(minutes=10)


def resolve_place(code: str | None, field: str = "place") -> Place | None:
    if not code:
        return None
    place = active_places().by_code(code)
    if place is None:
        raise FieldError(field, f"unknown place {code!r}", code="unknown_place")
    return place


def resolve_resource(code: str | None, field: str = "resource") -> Resource | None:
    if not code:
        return None
    res = registry.unit(code)
    if res is None:
        raise FieldError(field, f"unknown resource {code!r}", code="unknown_resource")
    return res


def check_time(value: datetime, field: str, now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + FUTURE_SLACK:
        raise FieldError(field, "is in the future", code="future")
    return value


def person_name(user) -> str:
    return str(user) if user is not None and getattr(user, "is_authenticated", False) else ""


def propose_plan(incident: Incident, *, now: datetime | None = None) -> DispatchPlan:
    body = planning.plan_incident(incident, now=now)
    return _store_plan(incident, body, status=PlanStatus.PROPOSED)


def _store_plan(
    incident: Incident, body: dict, *, status: str, user=None, changed: bool = False, note: str = ""
) -> DispatchPlan:
    plan = plan_row(incident, body, status=status, user=user, changed=changed, note=note)
    plan.save()
    return plan


def plan_row(
    incident: Incident, body: dict, *, status: str, user=None, changed: bool = False, note: str = ""
) -> DispatchPlan:
    ids = body["_ids"]
    body = {k: v for k, v in body.items() if k != "_ids"}  # the caller's plan stays whole
    return DispatchPlan(
        incident=incident,
        status=status,
        destination_id=ids["hospital"],
        pier_id=ids["pier"],
        resource_id=ids["resource"],
        ambulance_id=ids["ambulance"],
        eta_min=body["eta_min"],
        meets_target=body["meets_target"],
        body=body,
        changed=changed,
        note=note,
        decided_by=user if status == PlanStatus.ACCEPTED else None,
        decided_at=timezone.now() if status == PlanStatus.ACCEPTED else None,
    )


def current_plan(incident: Incident) -> DispatchPlan | None:
    plans = list(incident.plans.all())
    accepted = [p for p in plans if p.status == PlanStatus.ACCEPTED]
    return accepted[0] if accepted else (plans[0] if plans else None)


def accept_plan(
    incident: Incident,
    *,
    actor: Actor,
    resource_code: str | None = None,
    destination_code: str | None = None,
    ambulance_code: str | None = None,
    note: str = "",
    now: datetime | None = None,
) -> DispatchPlan:
    """The dispatcher accepts the recommendation or changes unit/destination/ambulance.

    Assigns the units, records `dispatched`, and sends the receiving hospital a pre-arrival notice.
    """
    user = actor.user
    now = now or timezone.now()
    resource = resolve_resource(resource_code, "resource")
    ambulance = resolve_resource(ambulance_code, "ambulance")
    destination = resolve_place(destination_code, "destination")
    if destination is not None and destination.kind != "hospital":
        raise FieldError("destination", f"{destination.code} is not a hospital")
    if ambulance is not None and ambulance.kind != ResourceKind.AMBULANCE:
        raise FieldError("ambulance", f"{ambulance.code} is not an ambulance")
    for res, field in ((resource, "resource"), (ambulance, "ambulance")):
        if res is not None and res.status == ResourceStatus.OUT_OF_SERVICE:
            raise FieldError(field, f"{res.code} is out of service")
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        body = planning.plan_incident(
            incident, now=now, resource=resource, destination=destination, ambulance=ambulance
        )
        if body["resource"] is None:  # nothing is dispatched, and no hospital told, without a unit
            raise ApiError(
                409,
                "no_unit",
                "no available unit can reach the scene: choose a unit, or call another responder",
                {"resource": "no available unit can reach the scene"},
            )
        changed = any(x is not None for x in (resource, destination, ambulance))
        incident.plans.filter(status__in=[PlanStatus.PROPOSED, PlanStatus.ACCEPTED]).update(
            status=PlanStatus.SUPERSEDED
        )
        plan = _store_plan(incident, body, status=PlanStatus.ACCEPTED, user=user, changed=changed, note=note)
        for unit in {u.pk: u for u in (plan.resource, plan.ambulance) if u}.values():
            _send(incident, unit, eta_min=plan.eta_min, at=now, user=user)
        if not incident.events.filter(kind=EventKind.DISPATCHED).exists():
            IncidentEvent.objects.create(
                incident=incident,
                kind=EventKind.DISPATCHED,
                at=now,
                by=user,
                by_name=person_name(user),
                resource_id=plan.resource_id,
            )
        if incident.status == IncidentStatus.NEW:
            incident.status = IncidentStatus.DISPATCHED
            incident.save(update_fields=["status"])
        incident.patients.update(destination_id=plan.destination_id)
        PreArrivalNotice.objects.create(
            incident=incident,
            plan=plan,
            hospital_id=plan.destination_id,
            expected_at=incident.reported_at + timedelta(minutes=plan.eta_min),
            summary=notice_summary(incident, plan),
        )
        outbox.enqueue(incident, "dispatched")
        record(actor, "update", incident, changes={"plan": plan.pk, "changed": plan.changed})
    return plan


def _send(incident: Incident, unit: Resource, *, eta_min: float, at: datetime, user) -> None:
    """The unit works this incident now. A unit the dispatcher takes from another incident (a
    boat diverted to a worse one) leaves that incident's timeline with a note of where it went;
    one taken from a referral leaves the note on the referral's released hold."""
    _hold, diverted = holds.take(unit, Holder.INCIDENT, incident.pk, holds.role_of(unit), at, eta_min)
    if diverted is not None and diverted.holder == Holder.INCIDENT:
        IncidentEvent.objects.create(
            incident_id=diverted.holder_id,
            kind=UNIT_DIVERTED,
            at=at,
            by=user,
            by_name=person_name(user),
            resource=unit,
            note=f"{unit.name} diverted to incident #{incident.pk}",
        )


def notice_summary(incident: Incident, plan: DispatchPlan) -> dict:
    return {
        "incident": incident.pk,
        "kind": incident.kind,
        "patients": [
            {
                "seq": p.seq,
                "age": p.age,
                "sex": p.sex,
                "triage": p.triage_level,
                "symptoms": p.symptoms,
                "vitals": p.vitals,
            }
            for p in incident.patients.all()
        ],
        "capability": plan.body.get("capability"),
        "eta_min": plan.eta_min,
        "unit": (plan.body.get("resource") or {}).get("name"),
        "unit_th": (plan.body.get("resource") or {}).get("name_th") or "",
        "pier": (plan.body.get("pier") or {}).get("name_en"),
        "pier_th": (plan.body.get("pier") or {}).get("name_th"),
    }


@transaction.atomic
def acknowledge_notice(actor: Actor, notice: PreArrivalNotice) -> PreArrivalNotice:
    if notice.acknowledged_at is None:
        notice.acknowledged_at = timezone.now()
        notice.acknowledged_by = actor.user
        notice.save(update_fields=["acknowledged_at", "acknowledged_by"])
    record(actor, "update", notice.incident, changes={"notice_ack": notice.pk})
    return notice


def add_event(incident: Incident, data: dict, *, actor: Actor, now: datetime | None = None) -> IncidentEvent:
    user = actor.user
    now = now or timezone.now()
    kind = str(getattr(data["kind"], "value", data["kind"]))
    at = check_time(data.get("at") or now, "at", now)
    if at < incident.reported_at - timedelta(minutes=1):
        raise FieldError("at", "is before the call was received")
    resource = resolve_resource(data.get("resource"))
    place = resolve_place(data.get("place"))
    lat, lon = data.get("lat"), data.get("lon")
    if lat is not None and lon is not None:
        require_in_region(lat, lon)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        check_step(incident, kind)
        event = IncidentEvent.objects.create(
            incident=incident,
            kind=kind,
            at=at,
            by=user if user is not None and user.is_authenticated else None,
            by_name=person_name(user),
            resource=resource,
            place=place,
            lat=lat,
            lon=lon,
            note=data.get("note") or "",
            client_id=data.get("client_id"),
        )
        inc_status, res_status = EVENT_EFFECTS[kind]
        if inc_status:
            incident.status = inc_status
        if kind == EventKind.CLOSED:
            incident.closed_at = at
        incident.save(update_fields=["status", "closed_at"])
        if res_status and resource is not None:
            holds.set_status(resource, res_status)
        elif res_status:  # the step is every unit's on the incident, whatever their status was
            holds.advance(Holder.INCIDENT, incident.pk, res_status, working_only=False)
        if kind == EventKind.CLOSED:
            holds.release(Holder.INCIDENT, incident.pk, at)
        if resource is not None and lat is not None and lon is not None:
            holds.report_position(resource, lat, lon, at)
        if kind == EventKind.HANDED_OVER:
            dest = place if place is not None and place.kind == "hospital" else None
            qs = incident.patients.filter(definitive_care_at__isnull=True)
            if dest is not None:
                qs.update(definitive_care_at=at, destination=dest)
            else:
                qs.update(definitive_care_at=at)
        outbox.enqueue(incident, f"event:{kind}")
        record(actor, "update", incident, changes={"event": kind})
    return event


def check_step(incident: Incident, kind: str) -> None:
    """409 `step_out_of_order` naming the step when `kind` may not follow the incident's current step
    (the order is data in `steps.NEXT_STEPS`)."""
    current = steps.current_step(incident.events.values_list("kind", flat=True))
    if steps.allowed(current, kind):
        return
    valid = steps.next_steps(current)
    after = ", ".join(valid) if valid else "none (the incident is closed)"
    message = f"{kind!r} cannot follow {current!r}; next valid steps: {after}"
    raise ApiError(409, "step_out_of_order", f"kind: {message}", {"kind": message})


@transaction.atomic
def update_patient(
    actor: Actor,
    patient: Patient,
    *,
    override_level: int | None = None,
    override_reason: str = "",
    outcome: str | None = None,
    disposition: str | None = None,
) -> Patient:
    """A clinician overrides the triage level (with a reason) and/or records the outcome; one
    audit entry with the values before and after."""
    before = {"triage": patient.triage_level, "outcome": patient.outcome, "disposition": patient.disposition}
    if override_level is not None:
        override_patient(patient, level=override_level, reason=override_reason, user=actor.user)
    elif override_reason:
        raise FieldError("override_level", "give the level the reason is for")
    set_outcome(patient, outcome=outcome, disposition=disposition)
    after = {"override_level": override_level, "override_reason": override_reason or None,
             "outcome": outcome, "disposition": disposition}  # fmt: skip
    changes = {"before": before, "after": {k: v for k, v in after.items() if v is not None}}
    record(actor, "update", patient, changes=changes)
    return patient


def override_patient(patient: Patient, *, level: int, reason: str, user) -> Patient:
    try:
        result = triage(patient.age, patient.vitals or None, patient.symptoms or None)
        result = override_triage(result, level, reason, by=person_name(user))
    except TriageInputError as exc:
        raise FieldError(exc.field, exc.message, code=exc.code) from None
    with transaction.atomic():
        patient.triage_level = result.level
        patient.override_reason = result.override_reason or ""
        patient.override_by = user
        patient.override_at = timezone.now()
        patient.save(update_fields=["triage_level", "override_reason", "override_by", "override_at"])
        refresh_priority(patient.incident)
    return patient


def refresh_priority(incident: Incident) -> None:
    levels = list(incident.patients.values_list("triage_level", flat=True))
    Incident.objects.filter(pk=incident.pk).update(priority=min(levels, default=9))


def set_outcome(patient: Patient, *, outcome: str | None, disposition: str | None) -> Patient:
    fields = []
    if outcome is not None:
        patient.outcome = outcome
        fields.append("outcome")
    if disposition is not None:
        patient.disposition = disposition
        fields.append("disposition")
    if fields:
        patient.save(update_fields=fields)
    return patient


def update_position(
    resource: Resource, *, lat: float, lon: float, at: datetime | None = None, status: str | None = None
) -> Resource:
    require_in_region(lat, lon)
    at = check_time(at or timezone.now(), "at")
    return holds.report_position(resource, lat, lon, at, status)


def intervals(events: list[IncidentEvent]) -> dict[str, float | None]:
    """Minutes between timeline steps (first occurrence of each)."""
    first: dict[str, datetime] = {}
    for e in events:
        first.setdefault(e.kind, e.at)

    def span(a: str, b: str) -> float | None:
        if a in first and b in first:
            return round((first[b] - first[a]).total_seconds() / 60.0, 1)
        return None

    return {
        "call_to_dispatch": span("call_received", "dispatched"),
        "dispatch_to_scene": span("dispatched", "on_scene"),
        "on_scene": span("on_scene", "left_scene"),
        "scene_to_hospital": span("left_scene", "at_hospital"),
        "call_to_hospital": span("call_received", "at_hospital"),
        "call_to_handover": span("call_received", "handed_over"),
    }
