"""A large CKD upload is imported off the request path: the page answers at once with a job,
a worker runs it, the job's page shows its progress and then the outcome; small uploads are
still imported within the request."""

import random
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from phangnga.core import jobs
from phangnga.core.models import AuditEntry, Job, JobFile
from phangnga.core.thai import random_valid_national_id
from phangnga.health.models import CkdPatient

RNG = random.Random(43)


def logged_in(user) -> Client:
    client = Client(REMOTE_ADDR="10.4.0.7")
    client.force_login(user)
    return client


@pytest.fixture
def officer(make_user, places):
    return make_user("health_officer")


def patients_csv(n: int, bad_line: int | None = None) -> SimpleUploadedFile:
    lines = ["cid,birth_date,sex,nationality,diagnoses"]
    lines += [f"{random_valid_national_id(RNG)},1958-03-12,M,099,N18.3" for _ in range(n)]
    if bad_line:
        lines[bad_line - 1] = "123,1958-03-12,M,099,N18.3"
    return SimpleUploadedFile("patients.csv", "\n".join(lines).encode())


def big_enough() -> int:
    """Rows that make a file past the inline limit (each line is 36 bytes)."""
    return jobs.INLINE_MAX_BYTES // 30


def test_a_large_upload_becomes_a_job_that_a_worker_runs(officer):
    client = logged_in(officer)
    n = big_enough()
    response = client.post("/health/ckd/import/", {"format": "patients_csv", "file": patients_csv(n)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/health/ckd/import/jobs/{job.pk}/"
    assert job.status == Job.QUEUED and CkdPatient.objects.count() == 0  # nothing yet: the request is free
    waiting = client.get(response["Location"]).content.decode()
    assert 'data-status="queued"' in waiting and 'http-equiv="refresh"' in waiting

    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == Job.DONE and job.result["saved"] and job.result["patients"]["created"] == n
    assert CkdPatient.objects.count() == n
    assert not JobFile.objects.exists()  # the upload is not kept once imported
    done = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in done and 'http-equiv="refresh"' not in done and f"{n} " in done
    entry = AuditEntry.objects.get(action="create", object_type="health.ckdpatient")
    assert entry.user == officer and entry.source_ip == "10.4.0.7" and len(entry.changes["cids"]) == n


def test_a_large_upload_with_a_bad_row_imports_nothing_and_says_where(officer):
    client = logged_in(officer)
    response = client.post(
        "/health/ckd/import/", {"format": "patients_csv", "file": patients_csv(big_enough(), bad_line=9000)}
    )
    jobs.run_pending()
    page = client.get(response["Location"])
    assert CkdPatient.objects.count() == 0
    assert not page.context["result"]["saved"]
    assert [(e["index"], e["field"]) for e in page.context["result"]["errors"]] == [("line 9000", "cid")]


def test_a_job_that_fails_shows_why(officer):
    client = logged_in(officer)
    fhir = SimpleUploadedFile("obs.json", b"{" + b" " * (jobs.INLINE_MAX_BYTES + 10))  # never closed
    response = client.post("/health/ckd/import/", {"format": "fhir", "file": fhir})
    jobs.run_pending()
    job = Job.objects.get()
    assert job.status == Job.FAILED and job.error
    assert job.error in client.get(response["Location"]).content.decode()


def test_only_its_author_sees_a_job(officer, make_user):
    response = logged_in(officer).post(
        "/health/ckd/import/", {"format": "patients_csv", "file": patients_csv(big_enough())}
    )
    other = make_user("health_officer")
    assert logged_in(other).get(response["Location"]).status_code == 404


def test_small_uploads_are_still_imported_at_once(officer):
    response = logged_in(officer).post(
        "/health/ckd/import/", {"format": "patients_csv", "file": patients_csv(5)}
    )
    assert response.status_code == 200 and CkdPatient.objects.count() == 5 and not Job.objects.exists()


def test_a_job_left_running_by_a_dead_worker_is_queued_again(officer):
    job = Job.objects.create(handler="phangnga.health.ckd_import:run_job", status=Job.RUNNING,
                             started_at=timezone.now() - timedelta(hours=1), created_by=officer)  # fmt: skip
    fresh = Job.objects.create(
        handler="x:y", status=Job.RUNNING, started_at=timezone.now(), created_by=officer
    )
    assert jobs.requeue_stale() == 1
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == Job.QUEUED and fresh.status == Job.RUNNING


def test_a_large_visit_history_is_imported_as_a_job(make_user, places):
    user = make_user("health_officer")
    client = logged_in(user)
    header = "facility,visit,step,arrived,called,started,finished\n"
    row = (
        "hosp-phangnga,{n},registration,2019-01-07 08:15,2019-01-07 08:20,2019-01-07 08:21,2019-01-07 08:25\n"
    )
    n = jobs.INLINE_MAX_BYTES // len(row) + 10
    body = (header + "".join(row.format(n=i) for i in range(1, n + 1))).encode()
    upload = SimpleUploadedFile("visits.csv", body)
    response = client.post("/health/waiting/import/", {"file": upload, "mode": "all_or_nothing"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/health/waiting/import/jobs/{job.pk}/"
    assert 'data-status="queued"' in client.get(response["Location"]).content.decode()
    jobs.run_pending()
    job.refresh_from_db()
    from phangnga.health.models import Visit

    assert job.status == Job.DONE and job.result["visits_created"] == n == Visit.objects.count()
    assert f"{n} " in client.get(response["Location"]).content.decode()


def test_a_large_file_of_the_wrong_type_is_refused_at_once_not_queued(make_user, places):
    user = make_user("health_officer")
    png = SimpleUploadedFile("visits.csv", b"\x89PNG\r\n\x1a\n" + b"\0" * (jobs.INLINE_MAX_BYTES + 10))
    response = logged_in(user).post("/health/waiting/import/", {"file": png, "mode": "all_or_nothing"})
    assert response.status_code == 200 and response.context["error"] and not Job.objects.exists()
