"""Shared builders for the referral tests (imported as a plain module)."""

from __future__ import annotations

import random

from phangnga.core.thai import random_valid_national_id

_rng = random.Random(5)


def payload(places, origin="rpst-phru-nai", **over) -> dict:
    body = {
        "origin_id": places[origin].id,
        "patient": {
            "cid": random_valid_national_id(_rng),
            "name": "นางสาวทดสอบ ใจดี",
            "birth_date": "1961-04-02",
            "sex": "F",
            "scheme": "UC",
        },
        "icd10": "I63.9",
        "triage": 2,
        "capability": "ct",
        "reason": "Suspected stroke, needs CT within the hour",
    }
    patient = over.pop("patient", None)
    if patient:
        body["patient"].update(patient)
    body.update(over)
    return body


def destination(places, origin="rpst-phru-nai", capability="ct", triage=2) -> str:
    """Where the live planner sends this case (the routing data decide; tests follow them)."""
    from phangnga.referral import planning

    return planning.make_plan(places[origin], capability, triage=triage).chosen.destination.code


def nulls(value, path="$") -> list[str]:
    """Paths of every null (and empty list/object/string) in a JSON value."""
    if value is None or value in ("", [], {}):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in nulls(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in nulls(v, f"{path}[{i}]")]
    return []


def form_data(places, **over) -> dict:
    """The web form's fields for a stroke referral from Phru Nai."""
    data = {
        "origin": places["rpst-phru-nai"].id,
        "cid": random_valid_national_id(random.Random(3)),
        "name": "นางทดสอบ",
        "birth_date": "1970-01-01",
        "sex": "F",
        "scheme": "UC",
        "icd10": "I63.9",
        "triage": "2",
        "capability": "ct",
        "urgency": "emergency",
        "sea_state": "calm",
        "reason": "stroke",
        "client_id": "form-1",
    }
    data.update(over)
    return data
