"""Incidents, patients, events and resources as the API and the board show them."""

from __future__ import annotations

from django.utils import timezone

from phangnga.fleet import registry
from phangnga.fleet.models import Holder, Resource

from .models import TIMELINE_LABELS, DispatchPlan, Incident, IncidentEvent, Patient
from .services import current_plan, intervals


def _local(value) -> str:
    """Times go out in Asia/Bangkok with their offset (stored in UTC)."""
    return timezone.localtime(value).isoformat()


def place_brief(p) -> dict | None:
    return (
        None
        if p is None
        else {"code": p.code, "name_en": p.name_en, "name_th": p.name_th, "lat": p.lat, "lon": p.lon}
    )


def patient_dict(p: Patient) -> dict:
    return {
        "seq": p.seq,
        "age": p.age,
        "sex": p.sex,
        "nationality": p.nationality,
        "vitals": p.vitals,
        "symptoms": p.symptoms,
        "triage": p.triage_level,
        "computed_triage": p.computed_level,
        "triage_reasons": p.triage_reasons,
        "incomplete": p.triage_incomplete,
        "missing": p.triage_missing,
        "override_reason": p.override_reason or None,
        "outcome": p.outcome or None,
        "disposition": p.disposition or None,
        "definitive_care_at": p.definitive_care_at.isoformat() if p.definitive_care_at else None,
    }


def event_dict(e: IncidentEvent) -> dict:
    return {
        "id": e.id,
        "kind": e.kind,
        "label": str(TIMELINE_LABELS.get(e.kind, e.kind)),
        "at": _local(e.at),
        "by": e.by_name or None,
        "resource": e.resource.code if e.resource_id else None,
        "place": e.place.code if e.place_id else None,
        "lat": e.lat,
        "lon": e.lon,
        "note": e.note or None,
    }


def plan_dict(plan: DispatchPlan | None) -> dict | None:
    if plan is None:
        return None
    return {"id": plan.id, "status": plan.status, "changed": plan.changed, **plan.body}


def _related(incident: Incident, name: str, *joins: str) -> list:
    """Prefetched rows when the caller primed them, else one query with the joins."""
    cached = getattr(incident, "_prefetched_objects_cache", {})
    if name in cached:
        return list(cached[name])
    return list(getattr(incident, name).select_related(*joins))


def incident_dict(incident: Incident) -> dict:
    events = _related(incident, "events", "resource", "place")
    return {
        "id": incident.pk,
        "kind": incident.kind,
        "status": incident.status,
        "priority": incident.priority if incident.priority < 9 else None,
        "lat": incident.lat,
        "lon": incident.lon,
        "place": place_brief(incident.place),
        "location_text": incident.location_text or None,
        "reported_at": _local(incident.reported_at),
        "patient_count": incident.patient_count,
        "reporter_name": incident.reporter_name or None,
        "reporter_phone": incident.reporter_phone or None,
        "boat_name": incident.boat_name or None,
        "notes": incident.notes or None,
        "sea_state": incident.sea_state,
        "channel": incident.channel,
        "client_id": incident.client_id,
        "patients": [patient_dict(p) for p in incident.patients.all()],
        "events": [event_dict(e) for e in events],
        "intervals": intervals(events),
        "plan": plan_dict(current_plan(incident)),
        "resources": [
            {
                "code": h.resource.code,
                "name": h.resource.name,
                "kind": h.resource.kind,
                "status": h.resource.status,
                "released": h.released_at is not None,
            }
            for h in _holds(incident)
        ],
    }


def _holds(incident: Incident) -> list:
    """The units the incident holds or held (primed as `_holds` by the intake, else one query)."""
    primed = getattr(incident, "_holds", None)
    return primed if primed is not None else registry.holds_of(Holder.INCIDENT, incident.pk)


def resource_dict(r: Resource, day=None) -> dict:
    day = day or timezone.localdate()
    lat, lon = r.position
    return {
        "code": r.code,
        "name": r.name,
        "kind": r.kind,
        "boat_class": r.boat_class or None,
        "base": r.base.code,
        "status": r.status,
        "lat": lat,
        "lon": lon,
        "position_at": r.position_at.isoformat() if r.position_at else None,
        "season": {"start": r.season_start, "end": r.season_end} if r.season_start else None,
        "in_season": r.in_season(day),
        "phone": r.phone or None,
    }
