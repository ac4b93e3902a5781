"""The intake's speed-ups keep behaviour: memoised routing answers never go stale when a unit
moves or changes status, the 201 body equals a later GET, the outbox payload equals a fresh
snapshot, and the audit entry is written once with the incident."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import date

import pytest
from django.utils import timezone

from phangnga.core.models import AuditEntry
from phangnga.emergency import outbox, planning
from phangnga.emergency.models import Incident, OutboxMessage
from phangnga.fleet.models import Resource, ResourceStatus
from phangnga.fleet.routecache import MISSING, Memo

URL = "/api/v1/emergency/incidents"
SCENE = (8.655, 97.628)  # off the Similans (Richelieu Rock side)


def test_memo_computes_once_and_stays_bounded():
    memo, calls = Memo(size=2), []
    assert memo.get("a", lambda: calls.append("a") or 1) == 1
    assert memo.get("a", lambda: calls.append("a") or 2) == 1
    memo.get("b", lambda: 2)
    memo.get("c", lambda: 3)  # evicts "a", the least recently used
    assert calls == ["a"] and memo.peek("a") is MISSING and memo.peek("c") == 3


@pytest.mark.django_db
def test_a_moved_unit_is_ranked_from_its_new_position(units):
    day = date(2026, 7, 1)
    first = planning.rank_resources(SCENE, day=day)
    again = planning.rank_resources(SCENE, day=day)
    assert [(r["code"], r["eta_min"]) for r in first] == [(r["code"], r["eta_min"]) for r in again]
    far = first[0]["code"]
    Resource.objects.filter(code=far).update(lat=7.80, lon=98.30, position_at=timezone.now())
    moved = {r["code"]: r["eta_min"] for r in planning.rank_resources(SCENE, day=day)}
    assert moved[far] > first[0]["eta_min"]
    Resource.objects.filter(code=far).update(status=ResourceStatus.OUT_OF_SERVICE)
    assert far not in {r["code"] for r in planning.rank_resources(SCENE, day=day)}


@pytest.mark.django_db
def test_created_body_equals_get_and_outbox_equals_snapshot(api, make_user, units):
    client = api(make_user("dispatcher"))
    body = {
        "kind": "near_drowning",
        "lat": SCENE[0],
        "lon": SCENE[1],
        "reported_at": (timezone.now() - timezone.timedelta(minutes=5)).isoformat(),
        "patients": [
            {"age": 34, "sex": "M", "nationality": "ru", "vitals": {"pr": 130, "rr": 0, "spo2": 80},
             "symptoms": ["unconscious", "not_breathing"]},
            {"age": 6.5, "override_level": 2, "override_reason": "child, cold water"},
        ],
    }  # fmt: skip
    created = client.post(URL, body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert created.status_code == 201, created.content
    data = created.json()
    assert data == client.get(f"{URL}/{data['id']}").json()
    assert [p["triage"] for p in data["patients"]] == [1, 2] and data["plan"]["legs"]
    incident = Incident.objects.get(pk=data["id"])
    payload = OutboxMessage.objects.get(incident=incident).payload["incident"]
    assert payload == json.loads(json.dumps(outbox.snapshot(incident)))
    assert AuditEntry.objects.filter(object_id=str(incident.pk), action="create").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_plans_from_threads_agree(units):
    """Server threads share one router: planning takes its lock, and memo hits equal misses."""
    now = timezone.now()
    kwargs = dict(place_kind=None, kind="near_drowning", levels=[1], symptoms=set(), sea_state="calm",
                  reported_at=now, now=now)  # fmt: skip
    expected = planning.plan_for(SCENE, **kwargs)
    results, errors = [], []

    def run():
        try:
            results.append(planning.plan_for(SCENE, **kwargs))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(r["legs"] == expected["legs"] and r["eta_min"] == expected["eta_min"] for r in results)
