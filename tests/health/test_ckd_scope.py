"""The CKD registry is scoped by facility on every path (issue 21.5): the API, the pages and the
drill-down exports show hospital staff only their own facility's patients; the provincial health
office sees all; staff of a hospital outside the province (Vachira Phuket's ER) keep no registry
(issue 18.1: they could register patients). Hidden patients answer 404."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from phangnga.core.thai import random_valid_national_id
from phangnga.health.models import CkdPatient, Diagnosis, LabResult

RNG = random.Random(21)
START = date(2020, 10, 5)  # FY2564


def _patient(facility) -> str:
    cid = random_valid_national_id(RNG)
    p = CkdPatient.objects.create(cid=cid, birth_date=date(1960, 1, 1), sex="M", nationality="099",
                                  facility=facility)  # fmt: skip
    Diagnosis.objects.create(patient=p, code="N183")
    for d, v in ((START, 45), (START + timedelta(days=120), 44.5), (date.today() - timedelta(days=400), 40)):
        LabResult.objects.create(patient=p, date=d, kind="egfr", value=v, unit="ml/min/1.73m2")
    return cid


@pytest.fixture
def registry(places, make_user, api, client):
    ours, theirs = _patient(places["hosp-phangnga"]), _patient(places["hosp-takuapa"])
    users = {
        "phangnga": make_user("hospital_staff", facility="hosp-phangnga"),
        "vachira": make_user("hospital_staff", facility="hosp-vachira"),
        "office": make_user("health_officer", facility="hosp-phangnga"),
    }
    return {"ours": ours, "theirs": theirs, "users": users, "api": api}


def _cids(body) -> set[str]:
    return {row["cid"] for row in body}


def test_api_patient_and_lists_follow_the_facility(registry):
    staff = registry["api"](registry["users"]["phangnga"])
    ours, theirs = registry["ours"], registry["theirs"]
    assert staff.get(f"/api/v1/health/ckd/patients/{ours}").status_code == 200
    assert staff.get(f"/api/v1/health/ckd/patients/{theirs}").status_code == 404
    listed = staff.get("/api/v1/health/ckd/kpi?fy=2564&list=all").json()["patients"]
    assert _cids(listed) == {ours}
    assert _cids(staff.get("/api/v1/health/ckd/overdue").json()) == {ours}


def test_er_staff_outside_the_province_read_no_patient(registry):
    vachira = registry["api"](registry["users"]["vachira"])
    body = vachira.get("/api/v1/health/ckd/kpi?fy=2564&list=all").json()
    assert body["patients"] == [] and body["denominator"] >= 2  # the province's figures, no one's ID
    assert vachira.get("/api/v1/health/ckd/overdue").json() == []
    assert vachira.get(f"/api/v1/health/ckd/patients/{registry['ours']}").status_code == 404


def test_er_staff_outside_the_province_register_nobody(registry):
    vachira = registry["api"](registry["users"]["vachira"])
    cid = random_valid_national_id(RNG)
    row = {"cid": cid, "birth_date": "1960-05-01", "sex": "M", "nationality": "099", "diagnoses": ["N18.3"]}
    assert vachira.post("/api/v1/health/ckd/patients", [row]).status_code == 403
    lab = {"cid": registry["ours"], "date": "2021-06-01", "creatinine": 1.2, "unit": "mg/dL"}
    assert vachira.post("/api/v1/health/ckd/labs", [lab]).status_code == 403
    assert not CkdPatient.objects.filter(cid=cid).exists()
    assert not LabResult.objects.filter(date=date(2021, 6, 1)).exists()


def test_labs_for_another_facilitys_patient_are_refused_by_row(registry):
    staff = registry["api"](registry["users"]["phangnga"])
    lab = {"cid": registry["theirs"], "date": "2021-06-01", "creatinine": 1.2, "unit": "mg/dL"}
    response = staff.post("/api/v1/health/ckd/labs", [lab])
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "cid"
    assert not LabResult.objects.filter(date=date(2021, 6, 1)).exists()


def test_office_sees_every_facility(registry):
    office = registry["api"](registry["users"]["office"])
    listed = office.get("/api/v1/health/ckd/kpi?fy=2564&list=all").json()["patients"]
    assert {registry["ours"], registry["theirs"]} <= _cids(listed)
    assert office.get(f"/api/v1/health/ckd/patients/{registry['theirs']}").status_code == 200


def test_pages_and_csv_follow_the_facility(registry, client):
    client.force_login(registry["users"]["phangnga"])
    ours, theirs = registry["ours"], registry["theirs"]
    assert client.get(f"/health/ckd/p/{ours}/").status_code == 200
    assert client.get(f"/health/ckd/p/{theirs}/").status_code == 404
    csv_text = client.get("/health/ckd/kpi/?fy=2564&list=denominator&format=csv").content.decode()
    assert ours in csv_text and theirs not in csv_text
    page = client.get("/health/ckd/overdue/").content.decode()
    assert ours in page and theirs not in page
    found = client.get(f"/health/ckd/?cid={theirs}")
    assert found.status_code == 200  # "no patient with this ID", not a redirect to the record
    client.force_login(registry["users"]["vachira"])
    assert client.get("/health/ckd/import/").status_code == 403
