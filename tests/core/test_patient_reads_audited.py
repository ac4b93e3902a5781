"""Every read of patient data is in the audit log (issue 18.2): an incident and its patients, a
pre-arrival notice, a referral (and its FHIR export, live update, follow-up tasks, dialysis
enrolment), a CKD patient and their lab results (trajectory page, drill-downs, the CSV export).

One table, ROWS, names each API operation and page that shows such data, the account that reads
it and what the audit entry must name: the object (type and id), or for a list one entry whose
`changes.ids` holds the objects shown (one entry per list, never one per row). Each row is read
once as that account from behind a trusted proxy, and exactly one new "read" entry must carry
the user, the object and the client's address (core.audit.client_ip).

The guard tests keep the table whole: a new GET operation or page whose path speaks of
incidents, patients, referrals, CKD or labs must be added to ROWS (or to NO_PATIENT_DATA with
the reason it shows none), so the audit cannot fall behind the routes silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client

pytestmark = pytest.mark.django_db

CLIENT_IP = "203.0.113.7"  # written by the one trusted proxy into X-Forwarded-For
PROXY_IP = "10.0.0.2"

ONE, LIST, NAMED = "one", "list", "named"


@dataclass(frozen=True)
class Row:
    kind: str  # "api" (Bearer token) or "page" (session)
    path: str  # the route's template (OpenAPI path or URL conf pattern), then an optional query
    role: str  # who reads: a key of the scene's users
    obj: str  # which scene object the entry names: incident, notice, referral, task, enrolment, ckd
    mode: str = ONE  # ONE: object_id is its pk; LIST: object_id "list" and its pk in changes.ids

    @property
    def route(self) -> str:
        return self.path.split("?", 1)[0]


ROWS = [
    # Andaman Hub: incidents and their patients, pre-arrival notices
    Row("api", "/api/v1/emergency/incidents", "dispatcher", "incident", LIST),
    Row("api", "/api/v1/emergency/incidents/{incident_id}", "crew", "incident"),
    Row("api", "/api/v1/emergency/notices", "er", "notice", LIST),
    Row("api", "/api/v1/emergency/board.json", "dispatcher", "incident", LIST),
    Row("page", "/emergency/", "dispatcher", "incident", NAMED),  # the board: its feed lists them
    Row("page", "/emergency/board", "dispatcher", "incident", NAMED),
    Row("page", "/emergency/crew", "crew", "incident", LIST),
    Row("page", "/emergency/hospital/", "er", "notice", LIST),
    Row("page", "/emergency/incidents/{pk}", "er", "incident"),
    Row("page", "/emergency/incidents/{pk}?print=1", "dispatcher", "incident"),
    # Koh Yao referral
    Row("api", "/api/v1/referrals", "nurse", "referral", LIST),
    Row("api", "/api/v1/referrals/{referral_id}", "nurse", "referral"),
    Row("api", "/api/v1/referrals/{referral_id}/fhir", "receiving", "referral"),
    Row("api", "/api/v1/referrals/tasks", "nurse", "task", LIST),
    Row("page", "/referral/", "nurse", "referral", LIST),
    Row("page", "/referral/queue/", "receiving", "referral", LIST),
    Row("page", "/referral/follow-up/", "nurse", "task", LIST),
    Row("page", "/referral/{referral_id}/", "receiving", "referral"),
    Row("page", "/referral/{referral_id}/live/", "nurse", "referral"),
    Row("page", "/referral/dialysis/", "nurse", "enrolment", LIST),
    Row("page", "/referral/dialysis/{enrolment_id}/schedule/", "nurse", "enrolment"),
    # CKD clinic: a patient with their lab results, the indicator's drill-down, the overdue list
    Row("api", "/api/v1/health/ckd/patients/{cid}", "ckd", "ckd"),
    Row("api", "/api/v1/health/ckd/kpi?fy=2564&list=all", "ckd", "ckd", LIST),
    Row("api", "/api/v1/health/ckd/overdue", "ckd", "ckd", LIST),
    Row("page", "/health/ckd/p/{cid}/", "ckd", "ckd"),
    Row("page", "/health/ckd/kpi/?fy=2564&list=denominator", "ckd", "ckd", LIST),
    Row("page", "/health/ckd/kpi/?fy=2564&list=denominator&format=csv", "ckd", "ckd", LIST),
    Row("page", "/health/ckd/overdue/", "ckd", "ckd", LIST),
]

# GET routes whose path matches PATIENT_PATH but that show no patient record, and why.
NO_PATIENT_DATA = {
    "/api/v1/referrals/savings": "money saved per fiscal year: figures only",
    "/api/v1/referrals/compliance": "80-minute compliance per month: figures only",
    "/api/v1/referrals/fuel/statement": "the fuel fund's money: amounts and referral numbers, no patient",
    "/referral/new/": "an empty referral form",
    "/referral/fuel/": "the fuel fund's money: amounts and referral numbers, no patient",
    "/referral/savings/": "money saved and compliance: figures only",
    "/health/ckd/": "the registry's search form and counts; a found patient is the /health/ckd/p/ page",
    "/health/ckd/import/": "the upload form (an import is audited as a create)",
    "/health/ckd/import/jobs/{pk}/": "a large import's counts and row errors, to its author only",
}

# Paths that speak of patient data (API: the brief's words; pages: the apps' patient pages).
PATIENT_PATH = re.compile(r"incidents|patients|referrals|ckd|lab|notices|\bboard")
PATIENT_PAGE = re.compile(r"^/(emergency/(board|crew|hospital|incidents)|referral/|health/ckd/)")

OBJECT_TYPES = {
    "incident": "emergency.incident",
    "notice": "emergency.prearrivalnotice",
    "referral": "referral.referral",
    "task": "referral.followuptask",
    "enrolment": "referral.dialysispatient",
    "ckd": "health.ckdpatient",
}


def _ckd_patient(facility):
    """A stage 3 patient with two eGFR results in FY2564 (in the indicator) and one over a year
    ago (overdue for the next check)."""
    import random

    from phangnga.core.thai import random_valid_national_id
    from phangnga.health.models import CkdPatient, Diagnosis, LabResult

    p = CkdPatient.objects.create(cid=random_valid_national_id(random.Random(18)), birth_date=date(1960, 1, 1),
                                  sex="M", nationality="099", facility=facility)  # fmt: skip
    Diagnosis.objects.create(patient=p, code="N183")
    start = date(2020, 10, 5)
    for d, v in ((start, 45), (start + timedelta(days=120), 44.5), (date.today() - timedelta(days=400), 40)):
        LabResult.objects.create(patient=p, date=d, kind="egfr", value=v, unit="ml/min/1.73m2")
    return p


def _build_scene() -> dict:
    """Each kind of patient record once, made through the API as the staff who make them."""
    from django.contrib.auth.models import Group

    import referral_factories as factories
    from phangnga.core.models import ApiToken, User
    from phangnga.core.roles import ensure_roles
    from phangnga.emergency.models import PreArrivalNotice
    from phangnga.fleet.demo import load_resources
    from phangnga.fleet.models import Resource
    from phangnga.geo.models import Place
    from phangnga.geo.places import load_registry
    from phangnga.referral.models import DialysisPatient, FollowUpTask, Referral

    load_registry()
    load_resources()
    ensure_roles()
    places = {p.code: p for p in Place.objects.all()}

    def user(name: str, role: str, facility: str | None = None):
        u = User.objects.create_user(username=f"audit-{name}", password="pw-test-123",
                                     facility=places[facility] if facility else None)  # fmt: skip
        u.groups.set(Group.objects.filter(name=role))
        return u

    def token(u) -> Client:
        c = Client()
        c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(u, 'audit')[1]}"
        return c

    users = {
        "dispatcher": user("dispatcher", "dispatcher"),
        "crew": user("crew", "rescue_crew"),
        "nurse": user("nurse", "referral_nurse", "rpst-phru-nai"),
        "ckd": user("ckd", "hospital_staff", "hosp-phangnga"),
    }
    Resource.objects.get(code="rb-thaplamu-1").crew.add(users["crew"])
    dispatcher = token(users["dispatcher"])
    made = dispatcher.post("/api/v1/emergency/incidents", {"kind": "near_drowning", "lat": 8.60, "lon": 98.20,
                           "patients": [{"age": 30, "symptoms": ["unconscious"]}]},
                           content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    incident_id = made.json()["id"]
    accepted = dispatcher.post(f"/api/v1/emergency/incidents/{incident_id}/plan/accept",
                               {"resource": "rb-thaplamu-1"}, content_type="application/json")  # fmt: skip
    assert accepted.status_code == 200, accepted.content
    notice = PreArrivalNotice.objects.get(incident_id=incident_id)
    users["er"] = user("er", "hospital_staff", notice.hospital.code)

    nurse = token(users["nurse"])
    sent = nurse.post("/api/v1/referrals", factories.payload(places), content_type="application/json")
    assert sent.status_code == 201, sent.content
    referral = Referral.objects.get(pk=sent.json()["id"])
    users["receiving"] = user("receiving", "hospital_staff", referral.destination.code)
    task = FollowUpTask.objects.create(referral=referral, kind="home_visit", facility=referral.origin,
                                       due=date.today())  # fmt: skip
    enrolled = nurse.post("/api/v1/referrals/dialysis/patients", {
        "patient": {**factories.payload(places)["patient"], "name": "นายไต ดี"},
        "home_facility_id": "rpst-phru-nai", "centre_id": "hosp-vachira",
        "weekdays": ["Mon", "Wed", "Fri"], "enrolled_on": date.today().isoformat(),
    }, content_type="application/json")  # fmt: skip
    assert enrolled.status_code == 201, enrolled.content

    ckd = _ckd_patient(places["hosp-phangnga"])
    objects = {
        "incident": incident_id,
        "notice": notice.pk,
        "referral": referral.pk,
        "task": task.pk,
        "enrolment": DialysisPatient.objects.get(pk=enrolled.json()["id"]).pk,
        "ckd": ckd.pk,
    }
    params = {"incident_id": incident_id, "pk": incident_id, "referral_id": referral.pk,
              "enrolment_id": objects["enrolment"], "cid": ckd.cid}  # fmt: skip
    return {"users": users, "objects": objects, "params": params}


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """The scene is made once for the module, in a transaction rolled back at its end; each test
    runs in a savepoint of it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_scene()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    """The reader is behind one trusted reverse proxy; polled feeds audit each version once per
    user (in the cache), so no test may inherit another's."""
    from django.core.cache import cache

    settings.NINJA_NUM_PROXIES = 1
    cache.clear()
    yield
    cache.clear()


def _client(row: Row, user) -> Client:
    from phangnga.core.models import ApiToken

    c = Client(REMOTE_ADDR=PROXY_IP, HTTP_X_FORWARDED_FOR=CLIENT_IP)
    if row.kind == "api":
        c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(user, 'audit')[1]}"
    else:
        c.force_login(user)
    return c


def _url(row: Row, params: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), row.path)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.kind} {r.path} as {r.role}" for r in ROWS])
def test_a_read_writes_one_audit_entry(scene, row):
    from phangnga.core.models import AuditEntry

    user = scene["users"][row.role]
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = _client(row, user).get(_url(row, scene["params"]))
    assert response.status_code == 200, response.content[:300]

    reads = list(AuditEntry.objects.filter(pk__gt=before, action="read"))
    assert len(reads) == 1, [(e.object_type, e.object_id, e.summary) for e in reads]
    entry = reads[0]
    assert (entry.user, entry.username) == (user, user.username)
    assert entry.source_ip == CLIENT_IP
    assert entry.channel == ("api" if row.kind == "api" else "web")
    assert entry.object_type == OBJECT_TYPES[row.obj]
    pk = scene["objects"][row.obj]
    if row.mode == ONE:
        assert entry.object_id == str(pk)
    elif row.mode == LIST:
        assert entry.object_id == "list" and pk in entry.changes["ids"], (entry.object_id, entry.changes)
        assert entry.summary.endswith(f": {len(entry.changes['ids'])}")
    else:  # the board page: its queue comes from the feed, audited with the ids it shows
        assert entry.object_id == "board"


def _api_reads() -> set[str]:
    from phangnga.api import api

    return {path for path, ops in api.get_openapi_schema()["paths"].items() if "get" in ops}


def _page_reads() -> set[str]:
    # The access matrix lists every page with the methods it answers (tests/core/test_access_matrix.py
    # fails on a page missing from it), so its GET rows are every page one can read.
    from access_harness import read_matrix

    return {path for kind, method, path in read_matrix() if kind == "page" and method == "GET"}


def test_every_patient_route_is_in_the_table():
    routes = {row.route for row in ROWS}
    wanted = {p for p in _api_reads() if PATIENT_PATH.search(p)} | {
        p for p in _page_reads() if PATIENT_PAGE.search(p)
    }
    missing = sorted(wanted - routes - set(NO_PATIENT_DATA))
    assert not missing, (
        "GET routes of patient data with no row in ROWS (add one, or to NO_PATIENT_DATA with the reason "
        "it shows no patient):\n" + "\n".join(missing)
    )


def test_the_table_names_only_routes_that_exist():
    exists = _api_reads() | _page_reads()
    stale = sorted({row.route for row in ROWS} - exists) + sorted(set(NO_PATIENT_DATA) - exists)
    assert not stale, "rows for routes that are gone:\n" + "\n".join(stale)
    assert not {row.route for row in ROWS} & set(NO_PATIENT_DATA)
