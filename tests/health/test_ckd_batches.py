"""POST /api/v1/health/ckd/patients and /ckd/labs: row errors by index and field, the two
modes, duplicates."""

import random

import pytest

from phangnga.core.thai import random_valid_national_id
from phangnga.health.models import CkdPatient, LabResult

RNG = random.Random(7)
CIDS = [random_valid_national_id(RNG) for _ in range(6)]


def person(cid, **kw):
    return {
        "cid": cid,
        "birth_date": "1960-05-01",
        "sex": "M",
        "nationality": "099",
        "diagnoses": ["N18.3"],
    } | kw


@pytest.fixture
def client(api, make_user):
    return api(make_user("health_officer"))


def test_all_or_nothing_saves_nothing_and_names_rows(client):
    bad_cid = CIDS[1][:-1] + str((int(CIDS[1][-1]) + 1) % 10)
    rows = [person(CIDS[0]), person(bad_cid), person(CIDS[2], birth_date="2015-01-01", sex="Q")]
    r = client.post("/api/v1/health/ckd/patients", rows)
    assert r.status_code == 422
    body = r.json()
    assert {(e["index"], e["field"]) for e in body["errors"]} == {(1, "cid"), (2, "birth_date"), (2, "sex")}
    assert "1.cid" in body["fields"] and body["created"] == 0
    assert CkdPatient.objects.count() == 0


def test_keep_good_saves_the_good_rows(client):
    rows = [person(CIDS[0]), person(CIDS[1], diagnoses=["not-a-code"]), person(CIDS[2], sex="F")]
    r = client.post("/api/v1/health/ckd/patients?mode=keep_good", rows)
    assert r.status_code == 201, r.content
    assert r.json()["created"] == 2 and r.json()["errors"][0]["field"] == "diagnoses[0]"
    assert set(CkdPatient.objects.values_list("cid", flat=True)) == {CIDS[0], CIDS[2]}
    assert list(CkdPatient.objects.get(cid=CIDS[0]).diagnoses.values_list("code", flat=True)) == ["N183"]


def test_duplicate_patients_are_rejected_with_a_clear_report(client):
    client.post("/api/v1/health/ckd/patients", [person(CIDS[0])])
    r = client.post(
        "/api/v1/health/ckd/patients?mode=keep_good", [person(CIDS[0]), person(CIDS[3]), person(CIDS[3])]
    )
    errors = r.json()["errors"]
    assert {"index": 0, "field": "cid", "message": "already registered (duplicate patient)"} in errors
    assert any(e["index"] == 2 and "duplicate of row 1" in e["message"] for e in errors)
    assert CkdPatient.objects.count() == 2


def test_labs_batch(client):
    client.post("/api/v1/health/ckd/patients", [person(CIDS[0]), person(CIDS[1], birth_date="2007-06-01")])
    rows = [
        {"cid": CIDS[0], "date": "2021-01-10", "creatinine": 1.4, "unit": "mg/dL"},
        {"cid": CIDS[0], "date": "2021-06-10", "creatinine": 0, "unit": "mg/dL"},
        {"cid": CIDS[0], "date": "2021-07-10", "creatinine": 130, "unit": "umol/L"},
        {"cid": CIDS[5], "date": "2021-07-10", "creatinine": 1.1},
        {"cid": CIDS[1], "date": "2021-07-10", "creatinine": 1.1},  # 14 years old that day
        {"cid": CIDS[0], "date": "2021-01-10", "creatinine": 1.5},  # same day again
    ]
    r = client.post("/api/v1/health/ckd/labs", rows)
    assert r.status_code == 422 and LabResult.objects.count() == 0
    fields = {(e["index"], e["field"]) for e in r.json()["errors"]}
    assert fields == {(1, "creatinine"), (3, "cid"), (4, "date"), (5, "creatinine")}
    r = client.post("/api/v1/health/ckd/labs?mode=keep_good", rows)
    assert r.status_code == 201 and r.json()["created"] == 2
    r = client.post("/api/v1/health/ckd/labs?mode=keep_good", rows[:1])
    assert r.status_code == 422 and "duplicate" in r.json()["errors"][0]["message"]


def test_bad_mode_is_named(client):
    r = client.post("/api/v1/health/ckd/patients?mode=some", [person(CIDS[0])])
    assert r.status_code == 422 and "mode" in r.json()["fields"]
