"""The queue (triage first, then time of call), unit ranking for a point, and the OpenAPI schema."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

URL = "/api/v1/emergency/incidents"


def test_queue_sorted_by_triage_then_time(api, make_user, units):
    client = api(make_user("dispatcher"))
    now = timezone.now()
    made = {}
    for name, minutes_ago, symptoms in (
        ("old-minor", 30, ["sting"]),
        ("new-critical", 1, ["not_breathing"]),
        ("old-critical", 20, ["unconscious"]),
        ("mid-urgent", 10, ["chest_pain"]),
    ):
        body = {
            "kind": "medical",
            "place": "beach-khaolak",
            "reported_at": (now - timedelta(minutes=minutes_ago)).isoformat(),
            "patients": [{"age": 40, "symptoms": symptoms}],
        }
        made[client.post(URL, body).json()["id"]] = name
    queue = client.get(URL).json()
    assert [made[q["id"]] for q in queue] == ["old-critical", "new-critical", "mid-urgent", "old-minor"]
    assert [q["triage"] for q in queue] == [1, 1, 2, 4]  # a sting needs one resource
    first = queue[0]["id"]
    client.post(f"{URL}/{first}/events", {"kind": "closed"})
    assert first not in [q["id"] for q in client.get(URL).json()]
    assert api(make_user("rescue_crew")).get(URL).status_code == 403


def test_ranking_for_a_point(api, make_user, units):
    client = api(make_user("dispatcher"))
    rows = client.get("/api/v1/emergency/resources/ranking?lat=8.10&lon=98.58").json()
    assert rows[0]["code"] in {"sb-chonglad", "hb-kohyao"}
    assert all("resource" not in r for r in rows)
    assert "lat" in client.get("/api/v1/emergency/resources/ranking?lat=1&lon=98.58").json()["fields"]


def test_openapi_lists_the_emergency_api(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/emergency/incidents",
        "/api/v1/emergency/incidents/{incident_id}/events",
        "/api/v1/emergency/aeds/nearest",
        "/api/v1/emergency/alerts.cap",
        "/api/v1/emergency/kpis",
        "/api/v1/emergency/resources/{code}/position",
    ):
        assert path in paths
