"""Referral -> JSON for the API and pages (one shape everywhere)."""

from __future__ import annotations

from phangnga.fleet import registry
from phangnga.fleet.models import Holder

from . import workflow
from .models import Referral


def place_ref(place) -> dict | None:
    if place is None:
        return None
    return {
        "id": place.id,
        "code": place.code,
        "name_en": place.name_en,
        "name_th": place.name_th,
        "lat": place.lat,
        "lon": place.lon,
    }


def referral_out(r: Referral, *, events: bool = True) -> dict:
    p = r.patient
    plan = dict(r.plan or {})
    plan["destination"] = place_ref(r.destination)
    body = {
        "id": r.id,
        "client_id": r.client_id or None,
        "state": r.state,
        "next_states": workflow.allowed_next(r.state),
        "patient": {
            "id": p.id,
            "cid": p.cid or None,
            "passport": p.passport or None,
            "name": p.name,
            "birth_date": p.birth_date.isoformat(),
            "sex": p.sex,
            "scheme": p.scheme,
        },
        # Details sent with the request that differ from the patient's record (not written over
        # it unless the sender may edit the record: "applied").
        "reported_patient": r.reported_patient or None,
        "origin": place_ref(r.origin),
        "destination": place_ref(r.destination),
        "icd10": r.icd10,
        "triage": r.triage,
        "reason": r.reason,
        "capability": r.capability or None,
        "urgency": r.urgency,
        "sea_state": r.sea_state,
        "plan": plan,
        "chain": r.chain_plan or None,
        "why_chosen": r.why_chosen,
        "routing_engine": r.routing_engine,
        "predicted_min": r.predicted_min,
        "door_to_door_min": round(r.door_to_door_min, 1) if r.door_to_door_min is not None else None,
        "breach": r.breach,
        "breach_reason": r.breach_reason or None,
        "declined_by": r.declined_by,
        "timestamps": {s: (t.isoformat() if (t := r.stamp(s)) else None) for s in workflow.STATES},
    }
    if events:
        body["events"] = [
            {
                "kind": e.kind,
                "at": e.at.isoformat(),
                "by": e.by.username if e.by_id else None,
                "note": e.note,
                "data": e.data,
            }
            for e in r.events.select_related("by")
        ]
        body["units"] = [
            {
                "role": h.role,
                "code": h.resource.code,
                "name": h.resource.name,
                "held_at": h.held_at.isoformat(),
                "released_at": h.released_at.isoformat() if h.released_at else None,
            }
            for h in registry.holds_of(Holder.REFERRAL, r.pk)
        ]
        body["tasks"] = [
            {
                "id": t.id,
                "kind": t.kind,
                "facility": t.facility.code,
                "due": t.due.isoformat(),
                "done_at": t.done_at.isoformat() if t.done_at else None,
                "note": t.note,
            }
            for t in r.tasks.select_related("facility")
        ]
    return body
