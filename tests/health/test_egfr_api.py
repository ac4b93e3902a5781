"""POST /api/v1/health/egfr: the published CKD-EPI check and impossible values."""

import pytest


@pytest.fixture
def client(api, make_user):
    return api(make_user("hospital_staff"))


def test_published_check_via_api(client):
    body = {"creatinine": 1.4, "unit": "mg/dL", "age": 60, "sex": "M"}
    r21 = client.post("/api/v1/health/egfr", body | {"equation": "2021"})
    r09 = client.post("/api/v1/health/egfr", body | {"equation": "2009"})
    assert r21.status_code == 200, r21.content
    assert r21.json()["egfr"] == 57.54 and r21.json()["g_stage"] == "G3a"
    assert r09.json()["egfr"] == 54.22


def test_umol_per_litre(client):
    r = client.post("/api/v1/health/egfr", {"creatinine": 123.76, "unit": "umol/L", "age": 60, "sex": "M"})
    assert r.json()["egfr"] == 57.54


@pytest.mark.parametrize(
    "change,field",
    [({"creatinine": 0}, "creatinine"), ({"creatinine": -1.2}, "creatinine"), ({"age": 17}, "age"),
     ({"sex": "X"}, "sex"), ({"unit": "mmol/L"}, "unit"), ({"equation": "2012"}, "equation"),
     ({"creatinine": "lots"}, "creatinine")],
)  # fmt: skip
def test_impossible_values_name_the_field(client, change, field):
    body = {"creatinine": 1.4, "unit": "mg/dL", "age": 60, "sex": "M", "equation": "2021"} | change
    r = client.post("/api/v1/health/egfr", body)
    assert r.status_code == 422, r.content
    assert field in r.json()["fields"]


def test_needs_a_health_role(api, make_user):
    body = {"creatinine": 1.4, "age": 60, "sex": "M"}
    assert api().post("/api/v1/health/egfr", body).status_code == 401
    assert api(make_user("viewer")).post("/api/v1/health/egfr", body).status_code == 403
    assert api(make_user("health_officer")).post("/api/v1/health/egfr", body).status_code == 200
