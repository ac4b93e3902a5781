"""Crew rights: a crew member updates only their own units and units on their incident, and
records timeline steps only on incidents their unit works."""

from __future__ import annotations

import pytest
from django.utils import timezone

from phangnga.fleet.models import Resource

URL = "/api/v1/emergency/incidents"


@pytest.fixture
def scene(api, make_user, units):
    """Two incidents: boat 1 (crew A) dispatched to the first, Khura Buri boat (crew B) to the second."""
    dispatcher = api(make_user("dispatcher"))
    crew_a, crew_b = make_user("rescue_crew"), make_user("rescue_crew")
    units["rb-thaplamu-1"].crew.add(crew_a)
    units["rb-khuraburi-1"].crew.add(crew_b)
    ids = []
    for boat, lat, lon in (("rb-thaplamu-1", 8.60, 98.20), ("rb-khuraburi-1", 9.30, 98.20)):
        body = {
            "kind": "near_drowning",
            "lat": lat,
            "lon": lon,
            "reported_at": timezone.now().isoformat(),
            "patients": [{"age": 30}],
        }
        incident_id = dispatcher.post(URL, body).json()["id"]
        assert dispatcher.post(f"{URL}/{incident_id}/plan/accept", {"resource": boat}).status_code == 200
        ids.append(incident_id)
    return {"a": api(crew_a), "b": api(crew_b), "ids": ids, "dispatcher": dispatcher}


def pos(client, code, lat=8.61, lon=98.21, method="patch"):
    return getattr(client, method)(f"/api/v1/emergency/resources/{code}/position", {"lat": lat, "lon": lon})


def test_crew_updates_own_unit_position(scene):
    response = pos(scene["a"], "rb-thaplamu-1")
    assert response.status_code == 200, response.content
    boat = Resource.objects.get(code="rb-thaplamu-1")
    assert (boat.lat, boat.lon) == (8.61, 98.21) and boat.position_at is not None
    assert pos(scene["a"], "rb-thaplamu-1", 8.62, 98.22, method="post").status_code == 200


def test_crew_cannot_edit_another_incidents_resources(scene):
    response = pos(scene["a"], "rb-khuraburi-1", 9.3, 98.2)
    assert response.status_code == 403
    assert Resource.objects.get(code="rb-khuraburi-1").lat is None
    # ...nor a unit not on any incident of theirs
    assert pos(scene["a"], "hb-kohyao").status_code == 403


def test_crew_can_update_a_unit_working_their_incident(scene):
    first = scene["ids"][0]
    # The dispatcher adds the ambulance at Thap Lamu to incident 1 (crew A's incident).
    scene["dispatcher"].post(
        f"{URL}/{first}/plan/accept", {"resource": "rb-thaplamu-1", "ambulance": "amb-andamanhub"}
    )
    assert pos(scene["a"], "amb-andamanhub", 8.58, 98.23).status_code == 200
    assert pos(scene["b"], "amb-andamanhub", 8.58, 98.23).status_code == 403


def test_crew_cannot_record_steps_on_another_incident(scene):
    mine, theirs = scene["ids"]
    assert scene["a"].post(f"{URL}/{mine}/events", {"kind": "on_scene"}).status_code == 201
    assert scene["a"].post(f"{URL}/{theirs}/events", {"kind": "on_scene"}).status_code == 404
    assert scene["a"].get(f"{URL}/{theirs}").status_code == 404
    assert scene["a"].get(f"{URL}/{mine}").status_code == 200


def test_position_must_be_in_region_and_unit_known(scene):
    response = pos(scene["a"], "rb-thaplamu-1", 13.7, 100.5)
    assert response.status_code == 422 and "lat" in response.json()["fields"]
    assert pos(scene["dispatcher"], "no-such-unit").status_code == 404


def test_resources_list_shows_status_and_season(scene):
    rows = {r["code"]: r for r in scene["a"].get("/api/v1/emergency/resources").json()}
    assert rows["rb-thaplamu-1"]["status"] == "dispatched"
    assert rows["mu-similan"]["season"] == {"start": "10-15", "end": "05-15"}
