"""Timeline steps come in order: the API refuses a step that may not follow the incident's current one
with 409 naming the step, allows the short cuts a crew meets (no pier on a land scene, closing after any
step) and a second unit repeating the current step; a retry of a step already recorded still answers
with that step."""

from __future__ import annotations

import pytest

from phangnga.emergency import steps
from phangnga.emergency.models import EventKind, IncidentEvent

URL = "/api/v1/emergency/incidents"


@pytest.fixture
def dispatched(api, make_user, units):
    client = api(make_user("dispatcher"))
    body = {"kind": "near_drowning", "place": "island-kohyaonoi", "patients": [{"age": 50}]}
    pk = client.post(URL, body).json()["id"]
    assert client.post(f"{URL}/{pk}/plan/accept", {}).status_code == 200
    return client, pk


def step(client, pk, kind, **headers):
    return client.post(f"{URL}/{pk}/events", {"kind": kind}, headers=headers or None)


def test_at_hospital_straight_after_dispatch_is_refused_naming_the_step(dispatched):
    client, pk = dispatched
    response = step(client, pk, "at_hospital")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["error"] == "step_out_of_order"
    assert "at_hospital" in body["fields"]["kind"] and "dispatched" in body["fields"]["kind"]
    assert "en_route" in body["detail"]
    assert not IncidentEvent.objects.filter(incident_id=pk, kind="at_hospital").exists()
    assert client.get(f"{URL}/{pk}").json()["status"] == "dispatched"


def test_the_usual_path_and_no_step_back(dispatched):
    client, pk = dispatched
    for kind in ("en_route", "on_scene", "left_scene", "at_pier", "at_hospital", "handed_over"):
        assert step(client, pk, kind).status_code == 201, kind
    assert step(client, pk, "on_scene").status_code == 409  # no going back
    assert step(client, pk, "closed").status_code == 201
    refused = step(client, pk, "en_route")
    assert refused.status_code == 409 and "closed" in refused.json()["detail"]


def test_a_land_scene_skips_the_pier_and_a_second_unit_repeats_a_step(dispatched):
    client, pk = dispatched
    assert step(client, pk, "on_scene").status_code == 201  # en route forgotten: still arrives
    assert step(client, pk, "on_scene").status_code == 201  # the second unit
    assert step(client, pk, "left_scene").status_code == 201
    assert step(client, pk, "at_hospital").status_code == 201


def test_closing_from_any_open_step(dispatched):
    client, pk = dispatched
    assert step(client, pk, "en_route").status_code == 201
    assert step(client, pk, "closed").status_code == 201  # stood down


def test_a_retry_of_a_recorded_step_still_answers_after_the_next_one(dispatched):
    client, pk = dispatched
    assert step(client, pk, "en_route", **{"Idempotency-Key": "e-1"}).status_code == 201
    assert step(client, pk, "on_scene").status_code == 201
    again = step(client, pk, "en_route", **{"Idempotency-Key": "e-1"})
    assert again.status_code == 200 and again.json()["event"]["kind"] == "en_route"


def test_the_order_covers_every_step_and_every_step_can_be_reached():
    assert set(steps.NEXT_STEPS) == set(EventKind.values)
    reached = {"call_received"} | {s for nxt in steps.NEXT_STEPS.values() for s in nxt}
    assert reached == set(EventKind.values)
    assert all("closed" in nxt for k, nxt in steps.NEXT_STEPS.items() if k != "closed")
    assert steps.next_steps("left_scene", boat_leg=False) == ("at_hospital", "closed")
    assert steps.current_step(["call_received", "dispatched", "en_route"]) == "en_route"
