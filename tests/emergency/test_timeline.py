"""Timeline: steps move the incident and its units through their states, intervals are computed,
hand-over marks definitive care, outcomes and triage overrides are recorded with reasons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phangnga.core.models import AuditEntry
from phangnga.emergency.models import IncidentEvent, Patient
from phangnga.fleet.models import Resource

URL = "/api/v1/emergency/incidents"


@pytest.fixture
def incident(api, make_user, units):
    client = api(make_user("dispatcher"))
    t0 = timezone.now() - timedelta(minutes=70)
    body = {
        "kind": "near_drowning",
        "place": "island-kohyaonoi",
        "reported_at": t0.isoformat(),
        "patients": [{"age": 50, "vitals": {"pr": 110, "rr": 24, "spo2": 90}}],
    }
    data = client.post(URL, body).json()
    client.post(f"{URL}/{data['id']}/plan/accept", {})
    return client, data["id"], t0


def at(t0, minutes):
    return (t0 + timedelta(minutes=minutes)).isoformat()


def test_steps_change_states_and_intervals(incident):
    client, pk, t0 = incident
    boat = client.get(f"{URL}/{pk}").json()["plan"]["resource"]["code"]
    for kind, minute in (
        ("on_scene", 15),
        ("left_scene", 25),
        ("at_pier", 35),
        ("at_hospital", 50),
        ("handed_over", 55),
    ):
        response = client.post(
            f"{URL}/{pk}/events",
            {"kind": kind, "at": at(t0, minute), "place": "hosp-kohyao" if kind == "handed_over" else None},
        )
        assert response.status_code == 201, response.content
    data = client.get(f"{URL}/{pk}").json()
    assert data["status"] == "at_hospital"
    assert Resource.objects.get(code=boat).status == "at_hospital"
    assert data["intervals"]["call_to_hospital"] == 50.0
    assert data["intervals"]["on_scene"] == 10.0
    patient = Patient.objects.get(incident_id=pk)
    assert patient.definitive_care_at is not None and patient.destination.code == "hosp-kohyao"
    client.post(f"{URL}/{pk}/events", {"kind": "closed", "at": at(t0, 65)})
    assert client.get(f"{URL}/{pk}").json()["status"] == "closed"
    assert Resource.objects.get(code=boat).status == "available"


def test_event_retry_is_idempotent(incident):
    client, pk, _ = incident
    headers = {"Idempotency-Key": "evt-1"}
    first = client.post(f"{URL}/{pk}/events", {"kind": "on_scene"}, headers=headers)
    again = client.post(f"{URL}/{pk}/events", {"kind": "on_scene"}, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["event"]["id"] == again.json()["event"]["id"]
    assert IncidentEvent.objects.filter(incident_id=pk, kind="on_scene").count() == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "teleported"}, "kind"),
        ({"kind": "on_scene", "resource": "no-boat"}, "resource"),
        ({"kind": "on_scene", "place": "nowhere"}, "place"),
        ({"kind": "on_scene", "lat": 1.0, "lon": 98.0}, "lat"),
        ({"kind": "on_scene", "at": "2001-01-01T00:00:00+07:00"}, "at"),
    ],
)
def test_bad_event_is_422_naming_the_field(incident, body, field):
    client, pk, _ = incident
    response = client.post(f"{URL}/{pk}/events", body)
    assert response.status_code == 422 and field in response.json()["fields"], response.content


def test_override_needs_reason_and_keeps_computed_level(incident):
    client, pk, _ = incident
    url = f"{URL}/{pk}/patients/1"
    assert client.patch(url, {"override_level": 1}).status_code == 422
    response = client.patch(url, {"override_level": 1, "override_reason": "worsening in the boat"})
    assert response.status_code == 200
    body = response.json()
    assert body["triage"] == 1 and body["computed_triage"] == 2
    assert body["override_reason"] == "worsening in the boat"
    assert client.get(f"{URL}/{pk}").json()["priority"] == 1
    assert AuditEntry.objects.filter(object_type="emergency.patient", action="update").exists()


def test_outcome_is_recorded(incident):
    client, pk, _ = incident
    body = client.patch(f"{URL}/{pk}/patients/1", {"outcome": "alive", "disposition": "admitted"}).json()
    assert (body["outcome"], body["disposition"]) == ("alive", "admitted")
    assert client.patch(f"{URL}/{pk}/patients/1", {"outcome": "zombie"}).status_code == 422
