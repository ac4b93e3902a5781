"""Issue 21.4: a referral's text is cleaned of control characters and checked against its columns
at the edge (a 10,000-character patient name for a varchar 200 was an HTML 500 on PostgreSQL)."""

from __future__ import annotations

import pytest

import referral_factories as factories
from phangnga.referral.models import Patient, Referral


@pytest.fixture
def nurse(make_user, places):
    return make_user("referral_nurse", facility="rpst-phru-nai")


def test_a_ten_thousand_character_name_is_a_422_naming_patient_name(api, nurse, places, fleet):
    response = api(nurse).post("/api/v1/referrals", factories.payload(places, patient={"name": "ก" * 10_000}))
    assert response.status_code == 422, response.content
    assert "patient.name" in response.json()["fields"]
    assert Referral.objects.count() == 0 and Patient.objects.count() == 0


def test_nul_in_the_reason_and_name_is_stripped(api, nurse, places, fleet):
    body = factories.payload(places, reason="Stroke\x00 signs", patient={"name": "นาย\x00ทดสอบ"})
    response = api(nurse).post("/api/v1/referrals", body)
    assert response.status_code == 201, response.content
    referral = Referral.objects.get(pk=response.json()["id"])
    assert referral.reason == "Stroke signs" and referral.patient.name == "นายทดสอบ"


def test_a_birth_date_in_1800_is_refused_naming_the_field(api, nurse, places, fleet):
    response = api(nurse).post(
        "/api/v1/referrals", factories.payload(places, patient={"birth_date": "1800-01-01"})
    )
    assert response.status_code == 422 and "patient.birth_date" in response.json()["fields"]
