"""A patient record read through the Django admin is audited like a read anywhere else: its
change page as a read of the object, a list page as a read of the rows it shows."""

from datetime import date

import pytest
from django.test import Client

from phangnga.core.models import AuditEntry
from phangnga.core.thai import random_valid_national_id
from phangnga.health.models import CkdPatient


@pytest.fixture
def admin_client_for(make_user):
    def make():
        user = make_user("admin")
        user.is_staff = user.is_superuser = True
        user.save()
        client = Client(REMOTE_ADDR="10.9.8.7")
        client.force_login(user)
        return client, user

    return make


def test_a_patients_admin_page_is_an_audited_read(admin_client_for, db):
    import random

    patient = CkdPatient.objects.create(
        cid=random_valid_national_id(random.Random(1)),
        birth_date=date(1960, 1, 1),
        sex="F",
        nationality="099",
    )
    client, user = admin_client_for()
    assert client.get(f"/admin/health/ckdpatient/{patient.pk}/change/").status_code == 200
    entry = AuditEntry.objects.get(action="read", object_type="health.ckdpatient", object_id=str(patient.pk))
    assert entry.user == user and entry.source_ip == "10.9.8.7"


def test_an_admin_list_of_patients_is_an_audited_read_of_its_rows(admin_client_for, db):
    import random

    rng = random.Random(2)
    patients = [
        CkdPatient.objects.create(cid=random_valid_national_id(rng), birth_date=date(1960, 1, 1), sex="M",
                                  nationality="099")
        for _ in range(3)
    ]  # fmt: skip
    client, _ = admin_client_for()
    assert client.get("/admin/health/ckdpatient/").status_code == 200
    entry = AuditEntry.objects.get(action="read", object_type="health.ckdpatient")
    assert sorted(entry.changes["ids"]) == sorted(p.pk for p in patients)


@pytest.mark.parametrize(
    "path", ["/admin/emergency/incident/", "/admin/referral/referral/", "/admin/referral/patient/",
             "/admin/health/labresult/", "/admin/referral/dialysispatient/"],
)  # fmt: skip
def test_every_patient_list_in_the_admin_is_audited(admin_client_for, db, path):
    client, _ = admin_client_for()
    assert client.get(path).status_code == 200
    assert AuditEntry.objects.filter(action="read").count() == 1
