"""Issue 21.4: NUL bytes and over-long text in incident and public help reports answer a 4xx JSON
error naming the field, never a 500 (PostgreSQL cannot store NUL). A public report with a NUL is
accepted after cleaning, so the phone's retries succeed; the staff report is stored cleaned too."""

from __future__ import annotations

import uuid

import pytest

from phangnga.emergency.models import Incident

KHAO_LAK = {"lat": 8.6366, "lon": 98.2390}


@pytest.fixture
def dispatcher(api, make_user, units):
    return api(make_user("dispatcher"))


def test_a_nul_in_a_staff_report_is_stripped_and_stored(dispatcher):
    body = {"kind": "trauma", **KHAO_LAK, "notes": "cut\x00 foot\x07", "reporter_name": "Som\x00chai"}
    response = dispatcher.post("/api/v1/emergency/incidents", body)
    assert response.status_code == 201, response.content
    incident = Incident.objects.get(pk=response.json()["id"])
    assert incident.notes == "cut foot" and incident.reporter_name == "Somchai"


def test_a_public_report_with_a_nul_is_accepted_and_its_retry_too(api, units):
    key = str(uuid.uuid4())
    body = {
        "kind": "near_drowning",
        "phone": "+66\x00 81 234 5678",
        "notes": "help\x00 at the pier",
        **KHAO_LAK,
    }
    headers = {"Idempotency-Key": key}
    first = api().client.post(
        "/api/v1/emergency/help", body, content_type="application/json", headers=headers
    )
    again = api().client.post(
        "/api/v1/emergency/help", body, content_type="application/json", headers=headers
    )
    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["reference"] == first.json()["reference"]
    incident = Incident.objects.get(pk=first.json()["reference"])
    assert "\x00" not in incident.notes and "help at the pier" in incident.notes
    assert incident.reporter_phone == "+66 81 234 5678"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"location_text": "x" * 10_000}, "location_text"),
        ({"notes": "x" * 10_000}, "notes"),
        ({"patients": [{"symptoms": ["x" * 10_000]}]}, "patients.0.symptoms.0"),
        ({"patients": [{"override_level": 2**40, "override_reason": "x"}]}, "patients.0.override_level"),
    ],
)
def test_over_long_or_out_of_range_input_is_a_422_naming_the_field(dispatcher, body, field):
    response = dispatcher.post("/api/v1/emergency/incidents", {"kind": "trauma", **KHAO_LAK, **body})
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/json"
    assert field in response.json()["fields"]
    assert Incident.objects.count() == 0
