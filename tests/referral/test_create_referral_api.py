import pytest

import referral_factories as factories
from phangnga.core.models import AuditEntry
from phangnga.referral.models import Referral


@pytest.fixture
def nurse(make_user, places):
    return make_user("referral_nurse", facility="rpst-phru-nai")


def test_create_returns_the_plan(api, nurse, places):
    response = api(nurse).post("/api/v1/referrals", factories.payload(places))
    assert response.status_code == 201, response.content
    body = response.json()
    plan = body["plan"]
    assert plan["destination"]["code"] == factories.destination(places)
    assert "ct" in places[plan["destination"]["code"]].capabilities
    assert plan["legs"] and plan["eta_min"] > 0
    assert plan["meets_guarantee"] == (plan["eta_min"] <= 80)
    assert plan["chain_eta_min"] > plan["eta_min"]
    assert body["state"] == "requested" and body["why_chosen"]
    assert AuditEntry.objects.filter(action="create", object_type="referral.referral").count() == 1


def test_retry_with_the_same_key_does_not_duplicate(api, nurse, places):
    client = api(nurse)
    data = factories.payload(places)
    first = client.post("/api/v1/referrals", data, headers={"Idempotency-Key": "phone-42"})
    again = client.post("/api/v1/referrals", data, headers={"Idempotency-Key": "phone-42"})
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    by_client_id = client.post("/api/v1/referrals", {**data, "client_id": "c-1"})
    by_client_id_again = client.post("/api/v1/referrals", {**data, "client_id": "c-1"})
    assert by_client_id.json()["id"] == by_client_id_again.json()["id"]
    assert Referral.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"patient": {"cid": "1234567890123"}}, "patient.cid"),
        ({"patient": {"cid": "12345"}}, "patient.cid"),
        ({"origin_id": 987654}, "origin_id"),
        ({"origin_id": "pier-chonglad"}, "origin_id"),
        ({"icd10": "stroke"}, "icd10"),
        ({"icd10": "I6"}, "icd10"),
        ({"triage": 7}, "triage"),
        ({"capability": "teleportation"}, "capability"),
        ({"patient": {"scheme": "gold"}}, "patient.scheme"),
    ],
)
def test_bad_input_is_422_naming_the_field(api, nurse, places, change, field):
    response = api(nurse).post("/api/v1/referrals", factories.payload(places, **change))
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert Referral.objects.count() == 0


def test_foreigner_with_passport(api, nurse, places):
    data = factories.payload(
        places, patient={"cid": None, "passport": "ab 1234567", "nationality": "RUS", "scheme": "foreign"}
    )
    body = api(nurse).post("/api/v1/referrals", data).json()
    assert body["patient"]["passport"] == "AB1234567" and body["patient"]["cid"] is None


def test_a_nurse_cannot_refer_from_another_facility(api, make_user, places):
    other = make_user("referral_nurse", facility="rpst-tha-khao")
    response = api(other).post("/api/v1/referrals", factories.payload(places))
    assert response.status_code == 403


def test_anonymous_is_401(api, places):
    assert api().post("/api/v1/referrals", factories.payload(places)).status_code == 401
