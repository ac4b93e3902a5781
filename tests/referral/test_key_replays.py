"""An Idempotency-Key is its caller's: a nurse who reuses another facility's key gets a referral of
her own (never theirs), the same key with another body is 409 naming the key, and a replay is a
read: re-checked against what the caller may see now, and audited."""

from __future__ import annotations

import pytest

import referral_factories as factories
from phangnga.core.models import AuditEntry
from phangnga.referral.models import FuelContribution, Referral


@pytest.fixture
def koh_yao(api, make_user, places):
    nurse = api(make_user("referral_nurse", facility="hosp-kohyao"))
    first = nurse.post(
        "/api/v1/referrals",
        factories.payload(places, origin="hosp-kohyao", patient={"name": "นายเกาะยาว ต้นทาง"}),
        headers={"Idempotency-Key": "koh-yao-ref-1"},
    )
    assert first.status_code == 201, first.content
    return nurse, first.json()


def test_another_facilitys_key_never_returns_their_referral(api, make_user, places, koh_yao):
    _, theirs = koh_yao
    phru_nai = api(make_user("referral_nurse", facility="rpst-phru-nai"))
    mine = phru_nai.post(
        "/api/v1/referrals",
        factories.payload(places, patient={"name": "นางพรุใน ผู้ป่วย"}),
        headers={"Idempotency-Key": "koh-yao-ref-1"},
    )
    assert mine.status_code == 201, mine.content
    body = mine.json()
    assert body["id"] != theirs["id"]
    assert body["patient"]["cid"] != theirs["patient"]["cid"]
    assert theirs["patient"]["name"] not in mine.content.decode()
    assert Referral.objects.count() == 2


def test_the_same_key_with_another_body_is_409_naming_the_key(places, koh_yao):
    nurse, first = koh_yao
    other = factories.payload(places, origin="hosp-kohyao", reason="Another patient altogether")
    reused = nurse.post("/api/v1/referrals", other, headers={"Idempotency-Key": "koh-yao-ref-1"})
    assert reused.status_code == 409, reused.content
    assert reused.json()["error"] == "idempotency_key_reused"
    assert "koh-yao-ref-1" in reused.json()["detail"] and "Idempotency-Key" in reused.json()["fields"]
    assert Referral.objects.count() == 1


def test_a_replay_is_audited_and_rechecked(places, koh_yao, make_user, api):
    nurse, first = koh_yao
    body = factories.payload(places, origin="hosp-kohyao", patient={"name": "นายเกาะยาว ต้นทาง"})
    body["patient"]["cid"] = first["patient"]["cid"]
    again = nurse.post("/api/v1/referrals", body, headers={"Idempotency-Key": "koh-yao-ref-1"})
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    replay = AuditEntry.objects.get(action="read", object_id=str(first["id"]), summary__contains="replay")
    assert replay.changes == {"replay": "koh-yao-ref-1"}

    # The nurse moves to another facility: the referral is no longer hers to read, nor to replay.
    from phangnga.geo.models import Place

    user = Referral.objects.get(pk=first["id"]).created_by
    user.facility = Place.objects.get(code="rpst-phru-nai")
    user.save()
    assert nurse.get(f"/api/v1/referrals/{first['id']}").status_code == 404
    refused = nurse.post("/api/v1/referrals", body, headers={"Idempotency-Key": "koh-yao-ref-1"})
    assert refused.status_code == 403, refused.content
    assert first["patient"]["cid"] not in refused.content.decode()


def test_a_fuel_contribution_key_is_the_officers_own(api, make_user, db):
    first, second = api(make_user("health_officer")), api(make_user("health_officer"))
    body = {"date": "2026-11-01", "contributor": "Village fund", "amount": "500.00"}
    a = first.post("/api/v1/referrals/fuel/contributions", body, headers={"Idempotency-Key": "fuel-1"})
    b = second.post(
        "/api/v1/referrals/fuel/contributions",
        {**body, "contributor": "Mosque", "amount": "50.00"},
        headers={"Idempotency-Key": "fuel-1"},
    )
    assert (a.status_code, b.status_code) == (201, 201), (a.content, b.content)
    assert a.json()["id"] != b.json()["id"] and b.json()["contributor"] == "Mosque"
    changed = first.post(
        "/api/v1/referrals/fuel/contributions",
        {**body, "amount": "5000.00"},
        headers={"Idempotency-Key": "fuel-1"},
    )
    assert changed.status_code == 409 and "fuel-1" in changed.json()["detail"]
    assert FuelContribution.objects.count() == 2
