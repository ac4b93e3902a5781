"""New incidents: a report checked, its patients triaged and located (`prepare_incident`, in the
request's own thread), then written with its first timeline step and audit entry
(`write_incidents`, one transaction for a batch: intake.py group-commits them). The one path
for the API, the dispatcher's form, the public help page and the demo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from phangnga.core.compiled import CompiledInsert
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.models import AuditEntry
from phangnga.geo.models import Place
from phangnga.geo.places import require_in_region

from . import outbox, planning
from .models import (
    DispatchPlan,
    EventKind,
    Incident,
    IncidentEvent,
    OutboxMessage,
    Patient,
    PlanStatus,
)
from .services import check_time, person_name, plan_row, resolve_place
from .triage import TriageInputError, override_triage, triage


def triage_patient(raw: dict, index: int) -> dict:
    """Validated patient fields incl. the computed triage; 422 names e.g. patients.0.vitals.pr."""
    try:
        result = triage(
            raw.get("age"),
            raw.get("vitals") or None,
            raw.get("symptoms") or None,
            raw.get("expected_resources"),
        )
        level = result.level
        if raw.get("override_level") is not None:
            result = override_triage(result, raw["override_level"], raw.get("override_reason") or "")
            level = result.level
    except TriageInputError as exc:
        raise FieldError(f"patients.{index}.{exc.field}", exc.message, code=exc.code) from None
    return {
        "age": raw.get("age"),
        "sex": raw.get("sex") or "U",
        "nationality": (raw.get("nationality") or "").upper()[:2],
        "vitals": {k: v for k, v in (raw.get("vitals") or {}).items() if v is not None},
        "symptoms": list(dict.fromkeys(raw.get("symptoms") or [])),
        "computed_level": result.computed_level,
        "triage_level": level,
        "triage_reasons": list(result.reasons),
        "triage_incomplete": result.incomplete,
        "triage_missing": list(result.missing),
        "criteria_version": result.criteria_version,
        "override_reason": result.override_reason or "",
    }


def validate_location(data: dict) -> tuple[float, float, Place | None]:
    place = resolve_place(data.get("place"))
    lat, lon = data.get("lat"), data.get("lon")
    if (lat is None) != (lon is None):
        raise FieldError("lat" if lat is None else "lon", "give both lat and lon, or a place")
    if lat is None:
        if place is None:
            raise ApiError(
                422,
                "location_required",
                "Give lat/lon or a place code",
                {"lat": "required without place", "place": "required without lat/lon"},
            )
        lat, lon = place.lat, place.lon
    require_in_region(lat, lon)
    return lat, lon, place


def prepare_incident(data: dict, *, now: datetime | None = None) -> dict:
    """Validate, triage and plan (reads only). Raises a 4xx ApiError naming the field."""
    now = now or timezone.now()
    lat, lon, place = validate_location(data)
    reported_at = check_time(data.get("reported_at") or now, "reported_at", now)
    patients = [triage_patient(p, i) for i, p in enumerate(data.get("patients") or [])]
    plan = planning.plan_for(
        (lat, lon),
        place_kind=place.kind if place else None,
        kind=data["kind"],
        levels=[p["triage_level"] for p in patients],
        symptoms={s for p in patients for s in p["symptoms"]},
        sea_state=data.get("sea_state") or "calm",
        reported_at=reported_at,
        now=now,
    )
    return {
        "data": data,
        "lat": lat,
        "lon": lon,
        "place": place,
        "reported_at": reported_at,
        "patients": patients,
        "plan": plan,
        "now": now,
    }


@dataclass
class IntakeJob:
    """One validated, triaged and planned report waiting to be written."""

    prepared: dict
    user: Any = None
    channel: str = "api"
    client_id: str | None = None
    audit: AuditEntry | None = None  # unsaved; gets the incident's id when it is written


# The intake's tables, each written with one prepared multi-row INSERT per batch.
_insert = {
    model: CompiledInsert(model)
    for model in (Incident, Patient, IncidentEvent, DispatchPlan, OutboxMessage, AuditEntry)
}


def write_incidents(jobs: list[IntakeJob]) -> list[Incident]:
    """Incidents + patients + call events + proposed plans + outbox messages (+ audit entries),
    one INSERT per table for the whole batch, in one short transaction. Each returned incident
    has its related rows primed (`_prefetched_objects_cache`), so the 201 body is built without
    reading them back."""
    with transaction.atomic(savepoint=False):  # inside the caller's transaction, if any
        incidents = _insert[Incident].insert([_incident_row(job) for job in jobs])
        patients = [_patient_rows(incident, job) for incident, job in zip(incidents, jobs, strict=True)]
        _insert[Patient].insert([row for rows in patients for row in rows])
        events = _insert[IncidentEvent].insert(
            [_call_event(incident, job) for incident, job in zip(incidents, jobs, strict=True)]
        )
        plans = _insert[DispatchPlan].insert(
            [
                plan_row(incident, dict(job.prepared["plan"]), status=PlanStatus.PROPOSED)
                for incident, job in zip(incidents, jobs, strict=True)
            ]
        )
        messages = _insert[OutboxMessage].insert(
            [
                outbox.message(incident, "created", outbox.snapshot_of(incident, rows, [event], plan))
                for incident, rows, event, plan in zip(incidents, patients, events, plans, strict=True)
            ]
        )
        entries = []
        for incident, job in zip(incidents, jobs, strict=True):
            if job.audit is not None:
                job.audit.object_id, job.audit.summary = str(incident.pk), str(incident)[:255]
                job.audit.changes = {
                    "kind": incident.kind,
                    "patients": incident.patient_count,
                    **job.audit.changes,
                }
                entries.append(job.audit)
        _insert[AuditEntry].insert(entries)
        outbox.push_after_commit(messages)
    for incident, rows, event, plan in zip(incidents, patients, events, plans, strict=True):
        incident._prefetched_objects_cache = {
            "patients": _primed(Patient, rows),
            "events": _primed(IncidentEvent, [event]),
            "plans": _primed(DispatchPlan, [plan]),
        }
        incident._holds = []  # (a new incident holds no unit: serialize.incident_dict reads this)
    return incidents


def _incident_row(job: IntakeJob) -> Incident:
    prepared, user = job.prepared, job.user
    data, patients = prepared["data"], prepared["patients"]
    return Incident(
        kind=data["kind"],
        lat=prepared["lat"],
        lon=prepared["lon"],
        place=prepared["place"],
        location_text=data.get("location_text") or "",
        reported_at=prepared["reported_at"],
        patient_count=max(data.get("patient_count") or 0, len(patients), 1),
        reporter_name=data.get("reporter_name") or "",
        reporter_phone=data.get("reporter_phone") or "",
        boat_name=data.get("boat_name") or "",
        notes=data.get("notes") or "",
        sea_state=data.get("sea_state") or "calm",
        channel=job.channel,
        client_id=job.client_id,
        created_by=user if user is not None and user.is_authenticated else None,
        priority=min([p["triage_level"] for p in patients], default=9),
    )


def _patient_rows(incident: Incident, job: IntakeJob) -> list[Patient]:
    now = job.prepared["now"]
    return [
        Patient(
            incident=incident,
            seq=i + 1,
            override_by=job.user if p["override_reason"] else None,
            override_at=now if p["override_reason"] else None,
            **p,
        )
        for i, p in enumerate(job.prepared["patients"])
    ]


def _call_event(incident: Incident, job: IntakeJob) -> IncidentEvent:
    prepared = job.prepared
    return IncidentEvent(
        incident=incident,
        kind=EventKind.CALL_RECEIVED,
        at=prepared["reported_at"],
        by=incident.created_by,
        by_name=person_name(job.user),
        lat=prepared["lat"],
        lon=prepared["lon"],
        place=prepared["place"],
    )


def _primed(model, rows: list):
    """A queryset that already holds `rows` (what prefetch_related stores on an instance)."""
    qs = model.objects.all()
    qs._result_cache = list(rows)
    qs._prefetch_done = True
    return qs


def create_incident(
    data: dict, *, user=None, channel: str = "api", client_id: str | None = None, now: datetime | None = None
) -> Incident:
    """Validate, triage, plan and write one report (demo data, the dispatcher's web form)."""
    return write_incidents([IntakeJob(prepare_incident(data, now=now), user, channel, client_id)])[0]
