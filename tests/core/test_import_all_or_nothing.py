"""Issue 18.4: nothing is half-imported. On every import path a file of 1,000 rows whose row 900
is bad stores nothing at all (the pages default to all-or-nothing; keeping the good rows is the
officer's explicit choice), and the refusal names the row and the field."""

from __future__ import annotations

import copy
import csv
import io
import json
import random
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from phangnga.core.thai import random_valid_national_id
from phangnga.health.models import CkdPatient, LabResult, Visit, VisitStep

N, BAD = 1000, 900  # rows in the file; the bad one (a file line / a 1-based row)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def health_officer(make_user, places):
    return make_user("health_officer")


# ---- health: visit history (CSV and Excel) -----------------------------------------------


def visit_rows() -> list[list[str]]:
    """One visit per row; data row BAD - 1 (file row BAD, after the header) has a bad step."""
    rows = [["hosp-phangnga", str(i), "registration", "2019-01-07 08:00"] for i in range(1, N + 1)]
    rows[BAD - 2][2] = "dancing"
    return rows


def as_csv(rows) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows([["facility", "visit", "step", "arrived"], *rows])
    return buf.getvalue().encode()


def as_xlsx(rows) -> bytes:
    wb = Workbook()
    for row in [["facility", "visit", "step", "arrived"], *rows]:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("name", "make"), [("history.csv", as_csv), ("history.xlsx", as_xlsx)])
def test_visit_history_with_a_late_bad_row_imports_nothing(health_officer, name, make):
    response = logged_in(health_officer).post(
        "/health/waiting/import/", {"file": SimpleUploadedFile(name, make(visit_rows()))}
    )  # no mode chosen: all or nothing
    report = response.context["report"]
    assert report.mode == "all_or_nothing" and report.rows == N
    assert [(e["row"], e["field"]) for e in report.errors] == [(BAD, "step")]
    assert Visit.objects.count() == 0 and VisitStep.objects.count() == 0
    assert (
        "ไม่ได้นำเข้าข้อมูลใด" in response.content.decode() or "nothing was imported" in response.content.decode()
    )


# ---- health: CKD import page (CSV, 43-file, FHIR) ------------------------------------------

RNG = random.Random(18)


def ckd_page(user, data: dict):
    response = logged_in(user).post("/health/ckd/import/", data)  # no mode chosen
    assert response.status_code == 200
    result = response.context["result"]
    assert result is not None and result.mode == "all_or_nothing" and not result.saved
    assert CkdPatient.objects.count() == 0 and LabResult.objects.count() == 0
    return {(e["index"], e["field"]) for e in result.errors + result.patients.rejected + result.labs.rejected}


def test_ckd_patients_csv_with_a_late_bad_row_imports_nothing(health_officer):
    lines = ["cid,birth_date,sex,nationality,diagnoses"]
    lines += [f"{random_valid_national_id(RNG)},1958-03-12,M,099,N18.3" for _ in range(N)]
    lines[BAD - 1] = "123,1958-03-12,M,099,N18.3"  # file line BAD
    upload = SimpleUploadedFile("patients.csv", "\n".join(lines).encode())
    assert ckd_page(health_officer, {"format": "patients_csv", "file": upload}) == {(f"line {BAD}", "cid")}


def registered_patient() -> str:
    cid = random_valid_national_id(RNG)
    CkdPatient.objects.create(cid=cid, birth_date=date(1958, 3, 12), sex="M", nationality="099")
    return cid


def test_ckd_labs_csv_with_a_late_bad_row_imports_nothing(health_officer):
    cid = registered_patient()
    day = date(2018, 1, 1)
    lines = ["cid,date,creatinine,unit"]
    lines += [f"{cid},{day + timedelta(days=i)},1.4,mg/dL" for i in range(N)]
    lines[BAD - 1] = f"{cid},2021-01-05,abc,mg/dL"  # file line BAD
    upload = SimpleUploadedFile("labs.csv", "\n".join(lines).encode())
    response = logged_in(health_officer).post("/health/ckd/import/", {"format": "labs_csv", "file": upload})
    result = response.context["result"]
    assert result.mode == "all_or_nothing" and not result.saved and LabResult.objects.count() == 0
    assert [(e["index"], e["field"]) for e in result.errors] == [(f"line {BAD}", "creatinine")]


def test_ckd_43_files_with_a_late_bad_lab_line_import_nothing(health_officer):
    cid = random_valid_national_id(RNG)
    person = (
        "HOSPCODE|CID|PID|HID|PRENAME|NAME|LNAME|HN|SEX|BIRTH|MSTATUS|NATION|TYPEAREA|D_UPDATE\n"
        f"10723|{cid}|11|1|001|Somchai|Jaidee|HN1|1|19580312|2|099|1|20210101\n"
    )
    chronic = "HOSPCODE|PID|DATE_DIAG|CHRONIC|HOSP_DX|HOSP_RX|DATE_DISCH|TYPEDISCH|D_UPDATE\n10723|11|20150101|N183|10723|10723|||20210101\n"
    day = date(2018, 1, 1)
    labs = [f"10723|11|{i}|{day + timedelta(days=i):%Y%m%d}|0581902|1.45|20210101" for i in range(N)]
    labs[BAD - 2] = f"10723|11|{BAD}|20210311|0581902|-1|20210101"  # file line BAD, after the header
    labfu = "HOSPCODE|PID|SEQ|DATE_SERV|LABTEST|LABRESULT|D_UPDATE\n" + "\n".join(labs) + "\n"
    files = {n: SimpleUploadedFile(f"{n}.txt", t.encode()) for n, t in
             (("person", person), ("chronic", chronic), ("labfu", labfu))}  # fmt: skip
    assert (f"LABFU line {BAD}", "creatinine") in ckd_page(health_officer, {"format": "f43", **files})


def test_ckd_fhir_observations_with_a_late_bad_one_import_nothing(health_officer):
    cid = registered_patient()
    day = date(2018, 1, 1)

    def obs(i, value):
        return {"resourceType": "Observation", "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "2160-0"}]},
                "subject": {"identifier": {"system": "https://www.dopa.go.th/cid", "value": cid}},
                "effectiveDateTime": str(day + timedelta(days=i)),
                "valueQuantity": {"value": value, "unit": "mg/dL"}}  # fmt: skip

    doc = [obs(i, 1.4) for i in range(N)]
    doc[BAD - 1] = obs(BAD - 1, -1)
    upload = SimpleUploadedFile("obs.json", json.dumps(doc).encode(), "application/json")
    response = logged_in(health_officer).post("/health/ckd/import/", {"format": "fhir", "file": upload})
    result = response.context["result"]
    assert not result.saved and LabResult.objects.count() == 0
    assert [(e["index"], e["field"]) for e in result.errors] == [(f"[{BAD - 1}]", "creatinine")]


# ---- health: the JSON batches ------------------------------------------------------------


def test_a_patient_batch_with_a_late_bad_row_saves_nothing(api, health_officer):
    rows = [{"cid": random_valid_national_id(RNG), "birth_date": "1958-03-12", "sex": "M",
             "nationality": "099", "diagnoses": ["N183"]} for _ in range(N)]  # fmt: skip
    rows[BAD - 1]["sex"] = "Q"
    response = api(health_officer).post("/api/v1/health/ckd/patients", rows)
    assert response.status_code == 422 and list(response.json()["fields"]) == [f"{BAD - 1}.sex"]
    assert CkdPatient.objects.count() == 0


def test_a_lab_batch_with_a_late_bad_row_saves_nothing(api, health_officer):
    cid = registered_patient()
    day = date(2018, 1, 1)
    rows = [{"cid": cid, "date": str(day + timedelta(days=i)), "creatinine": 1.4, "unit": "mg/dL"}
            for i in range(N)]  # fmt: skip
    rows[BAD - 1]["unit"] = "furlongs"
    response = api(health_officer).post("/api/v1/health/ckd/labs", rows)
    assert response.status_code == 422 and list(response.json()["fields"]) == [f"{BAD - 1}.unit"]
    assert LabResult.objects.count() == 0


# ---- land: parcels (page and API) --------------------------------------------------------


@pytest.fixture
def land(make_user, db):
    from phangnga.land import demo, services
    from phangnga.land.models import Project, Zone

    data = demo.features()
    project = Project(name="All or nothing")
    services.set_boundary(project, data["boundary"])
    project.save()
    Zone.objects.create(project=project, code="A", value_before=600, value_after=1300)
    Zone.objects.create(project=project, code="B", value_before=450, value_after=1100)
    return project, data["parcels"], make_user("land_officer")


def corners_csv(parcels: dict) -> list[str]:
    lines = ["deed_no,owners,deed_area_m2,zone,lon,lat"]
    for f in parcels["features"]:
        p = f["properties"]
        for lon, lat in f["geometry"]["coordinates"][0]:
            lines.append(
                f"{p['deed_no']},{';'.join(p['owners'])},{p['deed_area_m2']},{p['zone']},{lon},{lat}"
            )
    return lines


def test_a_parcel_file_with_a_bad_corner_near_its_end_imports_nothing(land):
    project, parcels, officer = land
    lines = corners_csv(parcels)
    deed, *_ = lines[-2].split(",")
    lines[-2] = lines[-2].rsplit(",", 2)[0] + ",east,8.27"  # the last parcel's last-but-one corner
    upload = SimpleUploadedFile("parcels.csv", "\n".join(lines).encode())
    response = logged_in(officer).post(f"/land/{project.pk}/import/", {"form": "parcels", "f-file": upload})
    assert response.status_code == 422 and list(response.context["problems"]) == [f"parcels.{deed}"]
    assert project.parcels.count() == 0


def test_a_feature_collection_with_a_bad_last_parcel_imports_nothing(api, land):
    project, parcels, officer = land
    bad = copy.deepcopy(parcels)
    ring = bad["features"][-1]["geometry"]["coordinates"][0]
    ring[-1] = [ring[-1][0] + 0.0001, ring[-1][1]]  # does not close
    response = api(officer).post(
        f"/api/v1/land/projects/{project.pk}/parcels/import", {"format": "geojson", "data": bad}
    )
    deed = bad["features"][-1]["properties"]["deed_no"]
    assert response.status_code == 422 and list(response.json()["fields"]) == [f"parcels.{deed}"]
    assert project.parcels.count() == 0
