"""CKD imports: CSV, the MOPH 43-file PERSON/CHRONIC/LABFU set and FHIR Observations,
through the import page, with duplicates and bad rows reported."""

import json
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phangnga.core.thai import random_valid_national_id
from phangnga.health.ckd_formats import from_43files, from_fhir
from phangnga.health.ckd_services import labtest_map
from phangnga.health.models import CkdPatient, LabResult, LabTestCode

RNG = random.Random(5)
A, B, C = (random_valid_national_id(RNG) for _ in range(3))

PERSON = (
    "HOSPCODE|CID|PID|HID|PRENAME|NAME|LNAME|HN|SEX|BIRTH|MSTATUS|NATION|TYPEAREA|D_UPDATE\n"
    f"10723|{A}|11|1|001|Somchai|Jaidee|HN1|1|19580312|2|099|1|20210101\n"
    f"10723|{B}|12|1|002|Malee|Suk|HN2|2|19620720|2|099|1|20210101\n"
    f"10723|{C}|13|1|002|Nobody|CKD|HN3|2|19900101|1|099|1|20210101\n"
)
CHRONIC = "HOSPCODE|PID|DATE_DIAG|CHRONIC|HOSP_DX|HOSP_RX|DATE_DISCH|TYPEDISCH|D_UPDATE\n10723|11|20150101|N183|10723|10723|||20210101\n10723|12|20160101|E112|10723|10723|||20210101\n10723|12|20160101|N189|10723|10723|||20210101\n"
LABFU = (
    "HOSPCODE|PID|SEQ|DATE_SERV|LABTEST|LABRESULT|D_UPDATE\n"
    "10723|11|1|20201105|0581902|1.45|20210101\n"
    "10723|11|2|20210310|0581902|1.60|20210101\n"
    "10723|12|3|20201105|0581904|41.5|20210101\n"
    "10723|12|4|20201105|0531002|120|20210101\n"  # FBS: not mapped, ignored
    "10723|99|5|20201105|0581902|1.2|20210101\n"  # no PERSON
    "10723|11|6|20210311|0581902|-1|20210101\n"
)


def test_43file_parser_keeps_ckd_people_and_maps_codes(db):
    parsed = from_43files(PERSON, CHRONIC, LABFU, labtest_map())
    assert [p["cid"] for p in parsed.patients] == [A, B]  # C has no CKD code and no lab
    assert parsed.patients[1]["diagnoses"] == ["E112", "N189"] and parsed.patients[0]["sex"] == "1"
    assert {"cid": A, "date": "20201105", "creatinine": "1.45", "unit": "mg/dL"} in parsed.labs
    assert {"cid": B, "date": "20201105", "egfr": "41.5"} in parsed.labs
    assert parsed.errors == [
        {"index": "LABFU line 6", "field": "PID", "message": "no PERSON record for HOSPCODE 10723 PID 99"}
    ]
    assert parsed.ignored["LABTEST 0531002 not mapped"] == 1


def test_labtest_map_is_editable(db):
    assert "0581902" in labtest_map()  # seeded from data/labfu_codes.json
    LabTestCode.objects.create(code="9999999", kind="creatinine", unit="umol/L")
    parsed = from_43files(PERSON, CHRONIC, "HOSPCODE|PID|SEQ|DATE_SERV|LABTEST|LABRESULT\n10723|11|1|20201105|9999999|128\n",
                          labtest_map())  # fmt: skip
    assert parsed.labs == [{"cid": A, "date": "20201105", "creatinine": "128", "unit": "umol/L"}]


@pytest.fixture
def staff(client, make_user, places):
    # Staff of a facility in the province keep its CKD registry (health.access.may_keep_ckd_registry).
    client.force_login(make_user("hospital_staff", facility="hosp-phangnga"))
    return client


def upload(client, fmt, mode="keep_good", **files):
    data = {"format": fmt, "mode": mode} | {
        k: SimpleUploadedFile(f"{k}.txt", v.encode()) for k, v in files.items()
    }
    r = client.post("/health/ckd/import/", data)
    assert r.status_code == 200
    return r.context["result"], r.content.decode()


def test_43file_import_page(staff):
    result, html = upload(staff, "f43", person=PERSON, chronic=CHRONIC, labfu=LABFU)
    assert result.patients.created == 2 and result.labs.created == 3
    fields = {(e["index"], e["field"]) for e in result.errors}
    assert fields == {("LABFU line 6", "PID"), ("LABFU line 7", "creatinine")}
    assert "LABFU line 7" in html
    assert CkdPatient.objects.get(cid=A).sex == "M"
    # the same files again: every patient and result is a duplicate, nothing changes
    result, _ = upload(staff, "f43", person=PERSON, chronic=CHRONIC, labfu=LABFU)
    assert result.patients.created == 0 and result.labs.created == 0
    assert sum("duplicate" in e["message"] for e in result.errors) == 5
    assert LabResult.objects.count() == 3


def test_all_or_nothing_file_import(staff):
    result, html = upload(staff, "f43", mode="all_or_nothing", person=PERSON, chronic=CHRONIC, labfu=LABFU)
    assert not result.saved and CkdPatient.objects.count() == 0
    assert "Nothing was saved" in html or "ไม่ได้บันทึก" in html


def test_csv_imports(staff):
    patients = f"cid,birth_date,sex,nationality,diagnoses\n{A},1958-03-12,M,099,N18.3\n{B},1962-07-20,F,099,N18.4;E11.2\n123,1962-07-20,F,099,N184\n"
    result, _ = upload(staff, "patients_csv", file=patients)
    assert result.patients.created == 2 and result.errors == [
        {"index": "line 4", "field": "cid", "message": "must have 13 digits, got 3"}
    ]
    labs = f"cid,date,creatinine,unit,uacr\n{A},2021-01-05,1.4,mg/dL,45\n{A},2021-06-05,,mg/dL,\n"
    result, _ = upload(staff, "labs_csv", file=labs)
    assert result.labs.created == 2  # creatinine and UACR on the first row
    assert result.errors[0]["index"] == "line 3" and result.errors[0]["field"] == "creatinine"


def fhir_bundle():
    def obs(i, loinc, value, unit, when, subject):
        return {"fullUrl": f"urn:uuid:o{i}", "resource": {
            "resourceType": "Observation", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
            "subject": subject, "effectiveDateTime": when,
            "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}}}  # fmt: skip

    return {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1",
         "identifier": [{"system": "https://www.dopa.go.th/cid", "value": A}]}},
        obs(1, "2160-0", 1.4, "mg/dL", "2021-01-05T09:00:00+07:00", {"reference": "urn:uuid:p1"}),
        obs(2, "14682-9", 140, "umol/L", "2021-06-05", {"identifier": {"system": "https://www.dopa.go.th/cid", "value": A}}),
        obs(3, "98979-8", 44, "mL/min/{1.73_m2}", "2021-08-05", {"reference": "urn:uuid:p1"}),
        obs(4, "2345-7", 110, "mg/dL", "2021-08-05", {"reference": "urn:uuid:p1"}),  # glucose: ignored
        obs(5, "2160-0", 1.4, "mg/dL", "2021-09-05", {"reference": "urn:uuid:nobody"}),
    ]}  # fmt: skip


def test_fhir_parser():
    parsed = from_fhir(json.dumps(fhir_bundle()))
    assert parsed.labs[0] == {"cid": A, "date": "2021-01-05", "creatinine": 1.4, "unit": "mg/dL"}
    assert parsed.labs[1]["unit"] == "umol/L" and parsed.labs[2] == {
        "cid": A,
        "date": "2021-08-05",
        "egfr": 44,
    }
    assert parsed.errors == [{"index": "entry[5]", "field": "subject",
                              "message": "no national ID: give subject.identifier or a Patient with one in the Bundle"}]  # fmt: skip


def test_fhir_import_page(staff):
    upload(
        staff, "patients_csv", file=f"cid,birth_date,sex,nationality,diagnoses\n{A},1958-03-12,M,099,N183\n"
    )
    result, _ = upload(staff, "fhir", file=json.dumps(fhir_bundle()))
    assert result.labs.created == 3
    assert sorted(LabResult.objects.values_list("kind", flat=True)) == ["creatinine", "creatinine", "egfr"]


def test_diagnosis_opd_adds_kidney_codes(db):
    opd = "HOSPCODE|PID|SEQ|DATE_SERV|DIAGTYPE|DIAGCODE|CLINIC|PROVIDER|D_UPDATE\n10723|13|9|20201105|1|N18.4|00100|1|20210101\n10723|13|9|20201105|2|J00|00100|1|20210101\n"
    parsed = from_43files(PERSON, None, None, labtest_map(), diagnosis_opd=opd)
    assert [(p["cid"], p["diagnoses"]) for p in parsed.patients] == [(C, ["N184"])]
