"""A referral names its patient by national ID; it does not rewrite that patient's record unless
the sender may edit it. A clinician of another facility who sends other details (a different
name, a different birth date) leaves the record as it is: the details are kept with the referral,
shown to staff and audited."""

from __future__ import annotations

import pytest
from django.test import Client

import referral_factories as factories
from phangnga.core.models import AuditEntry
from phangnga.referral.models import Patient, Referral


@pytest.fixture
def koh_yao_patient(api, make_user, places):
    nurse = api(make_user("referral_nurse", facility="hosp-kohyao"))
    body = factories.payload(places, origin="hosp-kohyao", patient={"name": "นายเกาะยาว ต้นทาง"})
    created = nurse.post("/api/v1/referrals", body)
    assert created.status_code == 201, created.content
    return Patient.objects.get(cid=body["patient"]["cid"])


def test_another_facilitys_nurse_cannot_rename_the_patient(api, make_user, places, koh_yao_patient):
    phru_nai = make_user("referral_nurse", facility="rpst-phru-nai")
    body = factories.payload(
        places, patient={"cid": koh_yao_patient.cid, "name": "ชื่อปลอม แก้ไข", "birth_date": "1990-01-01"}
    )
    response = api(phru_nai).post("/api/v1/referrals", body)
    assert response.status_code == 201, response.content

    patient = Patient.objects.get(pk=koh_yao_patient.pk)
    assert (patient.name, patient.birth_date) == (koh_yao_patient.name, koh_yao_patient.birth_date)
    referral = Referral.objects.get(pk=response.json()["id"])
    assert referral.patient_id == patient.pk
    assert referral.reported_patient == {
        "fields": {
            "name": {"recorded": "นายเกาะยาว ต้นทาง", "reported": "ชื่อปลอม แก้ไข"},
            "birth_date": {"recorded": "1961-04-02", "reported": "1990-01-01"},
        },
        "applied": False,
    }
    assert response.json()["reported_patient"] == referral.reported_patient
    entry = AuditEntry.objects.get(
        action="create", object_type="referral.referral", object_id=str(referral.pk)
    )
    assert entry.changes["reported_patient"] == referral.reported_patient
    assert not AuditEntry.objects.filter(action="update", object_type="referral.patient").exists()

    # The staff page shows what was sent next to the record.
    c = Client()
    c.force_login(phru_nai)
    page = c.get(f"/referral/{referral.pk}/").content.decode()
    assert 'id="reported-patient"' in page and "ชื่อปลอม แก้ไข" in page


def test_the_web_form_does_not_rename_another_facilitys_patient(make_user, places, koh_yao_patient):
    phru_nai = make_user("referral_nurse", facility="rpst-phru-nai")
    c = Client()
    c.force_login(phru_nai)
    data = {
        "origin": places["rpst-phru-nai"].id,
        "cid": koh_yao_patient.cid,
        "name": "ชื่อปลอม แบบฟอร์ม",
        "birth_date": "1990-01-01",
        "sex": "F",
        "scheme": "UC",
        "icd10": "I63.9",
        "triage": 2,
        "capability": "ct",
        "reason": "Suspected stroke",
        "urgency": "emergency",
        "sea_state": "calm",
        "client_id": "form-patient-1",
    }
    response = c.post("/referral/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Patient.objects.get(pk=koh_yao_patient.pk).name == "นายเกาะยาว ต้นทาง"
    referral = Referral.objects.exclude(created_by__facility__code="hosp-kohyao").get()
    assert referral.reported_patient["fields"]["name"]["reported"] == "ชื่อปลอม แบบฟอร์ม"
    assert referral.reported_patient["applied"] is False


def test_the_own_facility_may_correct_its_patient_and_it_is_audited(api, make_user, places, koh_yao_patient):
    nurse = api(make_user("referral_nurse", facility="hosp-kohyao"))
    body = factories.payload(
        places, origin="hosp-kohyao", patient={"cid": koh_yao_patient.cid, "name": "นายเกาะยาว แก้ชื่อ"}
    )
    response = nurse.post("/api/v1/referrals", body)
    assert response.status_code == 201, response.content
    assert Patient.objects.get(pk=koh_yao_patient.pk).name == "นายเกาะยาว แก้ชื่อ"
    assert response.json()["reported_patient"]["applied"] is True
    update = AuditEntry.objects.get(action="update", object_type="referral.patient")
    assert update.changes == {"name": ["นายเกาะยาว ต้นทาง", "นายเกาะยาว แก้ชื่อ"]}


def test_the_same_details_record_nothing(api, make_user, places, koh_yao_patient):
    phru_nai = api(make_user("referral_nurse", facility="rpst-phru-nai"))
    body = factories.payload(places, patient={"cid": koh_yao_patient.cid, "name": "นายเกาะยาว ต้นทาง"})
    response = phru_nai.post("/api/v1/referrals", body)
    assert response.status_code == 201, response.content
    assert response.json()["reported_patient"] is None
