"""Triage through the intake API: the issue's cases end to end (request -> stored patient level)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from phangnga.emergency.models import Patient

URL = "/api/v1/emergency/incidents"


@pytest.fixture
def dispatcher_api(api, make_user, units):
    return api(make_user("dispatcher"))


def report(patient: dict, kind: str = "medical") -> dict:
    return {
        "kind": kind,
        "place": "beach-nangthong",
        "reported_at": timezone.now().isoformat(),
        "patients": [patient],
    }


@pytest.mark.parametrize(
    "patient,level",
    [
        # seasick tourist, pulse 105, otherwise well: not level 2 (danger zone needs >= 2 resources)
        ({"age": 34, "vitals": {"pr": 105, "rr": 18, "spo2": 98, "sbp": 120, "gcs": 15}, "symptoms": ["seasickness"]}, 5),
        # 1-month-old at 38.5 C: level 2 whatever the resources
        ({"age": 1 / 12, "vitals": {"pr": 150, "rr": 40, "spo2": 98, "gcs": 15, "temp": 38.5}}, 2),
        # GCS 10: level 2
        ({"age": 45, "vitals": {"pr": 88, "rr": 16, "spo2": 97, "sbp": 130, "gcs": 10}}, 2),
        # a fracture (two resources) with pulse 120: the danger zone lifts it to 2
        ({"age": 30, "vitals": {"pr": 120, "rr": 18, "spo2": 98, "sbp": 125, "gcs": 15}, "symptoms": ["fracture"]}, 2),
    ],
)  # fmt: skip
def test_intake_stores_the_esi_level(dispatcher_api, patient, level):
    response = dispatcher_api.post(URL, report(patient))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["patients"][0]["triage"] == level
    assert Patient.objects.get(incident_id=body["id"]).triage_level == level
