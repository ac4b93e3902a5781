"""Reads no wider than the role (issue 21.5): the board feed shows a crew only the incidents its
units work (as GET /incidents/{id} does), the public caller's phone only to the command centre;
the volunteer registry page is closed to the roles its API refuses."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

URL = "/api/v1/emergency/incidents"
FEED = "/api/v1/emergency/board.json"
PHONE = "+66 81 234 5678"


@pytest.fixture
def scene(api, make_user, units):
    dispatcher = api(make_user("dispatcher"))
    crew = make_user("rescue_crew")
    units["rb-thaplamu-1"].crew.add(crew)
    body = {"kind": "near_drowning", "lat": 8.60, "lon": 98.20, "reported_at": timezone.now().isoformat(),
            "patients": [{"age": 30}]}  # fmt: skip
    mine = dispatcher.post(URL, body).json()["id"]
    assert dispatcher.post(f"{URL}/{mine}/plan/accept", {"resource": "rb-thaplamu-1"}).status_code == 200
    public = (
        api()
        .client.post(
            "/api/v1/emergency/help",
            {"kind": "near_drowning", "lat": 8.6366, "lon": 98.239, "phone": PHONE, "signs": ["unconscious"]},
            content_type="application/json",
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        .json()["reference"]
    )
    return {"dispatcher": dispatcher, "crew": api(crew), "viewer": api(make_user("viewer")),
            "mine": mine, "public": public}  # fmt: skip


def _queue(client) -> dict[int, dict]:
    response = client.get(FEED)
    assert response.status_code == 200, response.content
    return {item["id"]: item for item in response.json()["queue"]}


def test_crew_board_holds_only_its_units_incidents(scene):
    queue = _queue(scene["crew"])
    assert set(queue) == {scene["mine"]}
    assert (
        scene["crew"].get(f"{URL}/{scene['public']}").status_code == 404
    )  # the same scope as the feed; hidden reads as missing


def test_viewer_board_has_every_incident_but_no_callers_phone(scene):
    queue = _queue(scene["viewer"])
    assert {scene["mine"], scene["public"]} <= set(queue)
    assert queue[scene["public"]]["call_back"] == ""  # a call back is due; the number is not shown
    assert PHONE not in str(queue)
    assert scene["viewer"].get(f"{URL}/{scene['public']}").status_code == 404


def test_dispatcher_board_carries_the_number_to_call_back(scene):
    assert _queue(scene["dispatcher"])[scene["public"]]["call_back"] == PHONE


def test_staff_intake_refuses_roles_outside_dispatch_and_crews(api, make_user, units):
    from phangnga.emergency.models import Incident

    body = {"kind": "trauma", "lat": 8.64, "lon": 98.25}
    before = Incident.objects.count()
    for role in (
        "viewer",
        "farmer",
        "land_officer",
        "agriculture_officer",
        "hospital_staff",
        "tourism_officer",
    ):
        response = api(make_user(role)).post(URL, body)
        assert response.status_code == 403, (role, response.content)
    assert Incident.objects.count() == before
    assert api(make_user("rescue_crew")).post(URL, body).status_code == 201
    assert api(make_user("dispatcher")).post(URL, body).status_code == 201
