"""GET /api/v1/health/ckd/kpi from the database: the indicator's edge cases, the
threshold change at FY2563, the drill-down, and who may read patients."""

import random
from datetime import date, timedelta

import pytest

from phangnga.core.models import AuditEntry
from phangnga.core.thai import random_valid_national_id
from phangnga.health.models import CkdPatient, Diagnosis, LabResult

RNG = random.Random(11)
MALE_60 = date(1960, 1, 1)


def add(cid_egfrs, nationality="099", dx=("N183",), birth=MALE_60):
    """A patient with reported eGFR results [(date, value)]."""
    cid = random_valid_national_id(RNG)
    p = CkdPatient.objects.create(cid=cid, birth_date=birth, sex="M", nationality=nationality)
    for code in dx:
        Diagnosis.objects.create(patient=p, code=code)
    for d, v in cid_egfrs:
        LabResult.objects.create(patient=p, date=d, kind="egfr", value=v, unit="ml/min/1.73m2")
    return cid


@pytest.fixture
def officer(api, make_user):
    return api(make_user("health_officer"))


def kpi(client, fy, **extra):
    qs = "&".join(f"{k}={v}" for k, v in {"fy": fy, **extra}.items())
    r = client.get(f"/api/v1/health/ckd/kpi?{qs}")
    assert r.status_code == 200, r.content
    return r.json()


def test_edge_cases(db, officer):
    s = date(2020, 10, 5)  # FY2564
    one = add([(s, 45)])
    close = add([(s, 45), (s + timedelta(days=89), 44)])
    foreign = add([(s, 45), (s + timedelta(days=200), 44)], nationality="048")
    improving = add([(s, 40), (s + timedelta(days=200), 46)])
    fast = add([(s, 50), (s + timedelta(days=300), 42)])  # ~9.7/yr
    n189_high = add([(s, 75), (s + timedelta(days=200), 74)], dx=("N189",))  # eGFR not 15-60
    body = kpi(officer, 2564, list="all")
    assert (body["numerator"], body["denominator"], body["percent"], body["threshold"]) == (1, 2, 50.0, 5.0)
    reasons = {p["cid"]: p["reason"] for p in body["patients"]}
    assert reasons[one] == "fewer_than_2_results"
    assert reasons[close] == "results_less_than_min_gap_apart"
    assert reasons[foreign] == "not_thai"
    assert reasons[improving] is None
    assert reasons[fast] == "decline_at_or_above_threshold"
    assert reasons[n189_high] == "baseline_egfr_out_of_range"


def test_threshold_changes_at_fy2563(db, officer):
    # The same 4.5/yr decline passes from FY2563 (< 5) but not in FY2562 (< 4).
    for start in (date(2018, 10, 10), date(2019, 10, 10)):
        add([(start, 50.0), (start + timedelta(days=300), 50.0 - 4.5 * 300 / 365.25)])
    fy2562, fy2563 = kpi(officer, 2562), kpi(officer, "2020")
    assert (fy2562["threshold"], fy2562["numerator"], fy2562["denominator"]) == (4.0, 0, 1)
    assert (fy2563["threshold"], fy2563["numerator"], fy2563["denominator"]) == (5.0, 1, 1)
    assert fy2563["fy_be"] == 2563


def test_creatinine_results_are_turned_into_egfr(db, officer):
    cid = add([])
    p = CkdPatient.objects.get(cid=cid)
    # 60-year-old man: 1.4 mg/dL -> 57.54; a year later 1.55 mg/dL -> ~51 (decline ~6.6/yr)
    LabResult.objects.create(patient=p, date=date(2020, 1, 1), kind="creatinine", value=1.4, unit="mg/dL")
    LabResult.objects.create(patient=p, date=date(2020, 9, 1), kind="creatinine", value=137.0, unit="umol/L")
    # a reported eGFR on a creatinine day is ignored; the creatinine wins
    LabResult.objects.create(patient=p, date=date(2020, 1, 1), kind="egfr", value=99, unit="ml/min/1.73m2")
    (row,) = kpi(officer, 2563, list="denominator")["patients"]
    assert row["first_egfr"] == 57.54 and row["in_numerator"] is False


def test_empty_year_and_bad_fy(db, officer):
    body = kpi(officer, 2570)
    assert (body["numerator"], body["denominator"], body["percent"]) == (0, 0, None)
    r = officer.get("/api/v1/health/ckd/kpi?fy=twenty")
    assert r.status_code == 422 and "fy" in r.json()["fields"]


def test_drilldown_is_audited(db, officer):
    s = date(2020, 10, 5)
    cid = add([(s, 45), (s + timedelta(days=120), 44.5)])
    body = kpi(officer, 2564, list="numerator")
    assert [p["cid"] for p in body["patients"]] == [cid]
    entry = AuditEntry.objects.get(action="read", object_type="health.ckdpatient")
    # By primary key, as a single read names a patient (the log keeps no list of national IDs).
    assert entry.object_id == "list" and entry.changes["ids"] == [CkdPatient.objects.get(cid=cid).pk]


def test_viewer_cannot_read_a_patient(db, api, make_user, client):
    cid = add([(date(2021, 1, 1), 45)])
    viewer = make_user("viewer")
    r = api(viewer).get(f"/api/v1/health/ckd/patients/{cid}")
    assert r.status_code == 403
    assert api(viewer).get("/api/v1/health/ckd/kpi?fy=2564&list=all").status_code == 403
    client.force_login(viewer)
    assert client.get(f"/health/ckd/p/{cid}/").status_code == 403
    assert not AuditEntry.objects.filter(action="read").exists()


def test_staff_read_of_a_patient_is_audited(db, api, make_user, client, places):
    cid = add([(date(2021, 1, 1), 45), (date(2021, 7, 1), 41)])
    # Hospital staff read their own facility's patients (health.access.ckd_patients_for).
    CkdPatient.objects.filter(cid=cid).update(facility=places["hosp-phangnga"])
    staff = make_user("hospital_staff", facility="hosp-phangnga")
    r = api(staff).get(f"/api/v1/health/ckd/patients/{cid}?method=endpoint")
    assert r.status_code == 200
    assert r.json()["decline_per_year"] == pytest.approx(4 / 181 * 365.25, abs=0.01)
    client.force_login(staff)
    page = client.get(f"/health/ckd/p/{cid}/")
    assert page.status_code == 200 and b"<svg" in page.content
    reads = AuditEntry.objects.filter(action="read", object_type="health.ckdpatient", user=staff)
    assert reads.count() == 2 and {e.channel for e in reads} == {"api", "web"}


def test_fast_endpoint_path_matches_every_row(db, places):
    """The KPI figure reads only each series' ends from the database; the drill-down
    reads every row. Both must give the same numerator and denominator."""
    from phangnga.health import ckd_services, demo

    demo._load_cohort()
    # Mix in reported eGFRs: one on a creatinine day (ignored) and some on their own.
    for p in CkdPatient.objects.filter(is_demo=True)[:40]:
        first = p.labs.order_by("date").first()
        LabResult.objects.create(patient=p, date=first.date, kind="egfr", value=5, unit="ml/min/1.73m2")
        LabResult.objects.create(
            patient=p, date=date(2019, 9, 30), kind="egfr", value=80, unit="ml/min/1.73m2"
        )
    for fy in (2562, 2563, 2564):
        fast = ckd_services.indicator(fy, include_rows=False).result
        full = ckd_services.indicator(fy, include_rows=True).result
        assert (fast.numerator, fast.denominator) == (full.numerator, full.denominator)
        assert fast.denominator > 200


def test_drilldown_page_and_csv(db, client, make_user):
    s = date(2020, 10, 5)
    cid = add([(s, 45), (s + timedelta(days=120), 44.5)])
    client.force_login(make_user("health_officer"))
    page = client.get("/health/ckd/kpi/?fy=2564&list=numerator")
    assert page.status_code == 200 and cid.encode() in page.content
    csv_response = client.get("/health/ckd/kpi/?fy=2564&list=numerator&format=csv")
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("cid,first_date") and lines[1].startswith(f"{cid},2020-10-05,45.0")
    assert AuditEntry.objects.filter(action="read", object_type="health.ckdpatient").count() == 2
