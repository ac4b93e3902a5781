"""Clinical staff see only their facility's referrals on every path (issue 18.2): a referral from
facility B to facility C is, for a nurse (or hospital staff) of facility A, absent from every
list (API, home page, receiving queue, follow-up tasks) and not found (404, as for an id that
does not exist) on every path to it: API detail, FHIR export, events, fuel proposal, the page,
its live update (whatever version or ETag is sent), its step and fuel forms, its tasks. The
staff of B and C read it; nothing hidden is written to the audit log as read by A."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

import referral_factories as factories
from phangnga.core.audit import Actor
from phangnga.core.models import AuditEntry
from phangnga.referral.models import FollowUpTask, FuelTrip, Referral

OUTSIDER = "rpst-tha-khao"  # facility A: neither end of the referral


@pytest.fixture
def referral(api, make_user, places, fleet):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")  # facility B
    made = api(nurse).post("/api/v1/referrals", factories.payload(places))
    assert made.status_code == 201, made.content
    r = Referral.objects.get(pk=made.json()["id"])
    assert OUTSIDER not in (r.origin.code, r.destination.code)
    task = FollowUpTask.objects.create(referral=r, kind="home_visit", facility=r.origin, due=date.today())
    receiving = make_user("hospital_staff", facility=r.destination.code)  # facility C
    return {"r": r, "task": task, "ends": (nurse, receiving)}


def _page(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture(params=["referral_nurse", "hospital_staff"])
def outsider(request, make_user):
    return make_user(request.param, facility=OUTSIDER)


def test_lists_leave_it_out(api, referral, outsider):
    rid, task = referral["r"].pk, referral["task"].pk
    client = api(outsider)
    for query in ("", "?role=receiving", "?role=sending", "?state=requested"):
        listed = client.get(f"/api/v1/referrals{query}")
        assert listed.status_code == 200 and rid not in [i["id"] for i in listed.json()["items"]]
    tasks = client.get("/api/v1/referrals/tasks?open_only=false").json()["items"]
    assert task not in [t["id"] for t in tasks]
    page = _page(outsider)
    home = page.get("/referral/")
    assert rid not in [r.id for r in home.context["open_refs"] + home.context["recent"]]
    assert rid not in [r.id for r in page.get("/referral/queue/").context["items"]]
    follow = page.get("/referral/follow-up/")
    assert task not in [t.id for t in follow.context["open_tasks"] + follow.context["done"]]


def test_every_path_to_it_is_not_found(api, referral, outsider):
    r = referral["r"]
    client, page = api(outsider), _page(outsider)
    before = {f.name: getattr(r, f.attname) for f in Referral._meta.concrete_fields}
    api_paths = [
        ("get", f"/api/v1/referrals/{r.pk}", None),
        ("get", f"/api/v1/referrals/{r.pk}/fhir", None),
        ("post", f"/api/v1/referrals/{r.pk}/events", {"state": "accepted"}),
        ("post", f"/api/v1/referrals/tasks/{referral['task'].pk}/done", {}),
    ]
    if outsider.has_role("referral_nurse"):  # the fund's API is for nurses (hospital staff: 403 by role)
        api_paths.append(("post", "/api/v1/referrals/fuel/trips", {"referral_id": r.pk}))
    for method, path, body in api_paths:
        response = getattr(client, method)(path, body) if body is not None else client.get(path)
        assert response.status_code == 404, (path, response.status_code, response.content[:200])
        assert response.json()["error"] == "not_found"
    live = f"/referral/{r.pk}/live/"
    from phangnga.referral.views import live_version

    version = live_version(r)
    pages = [
        page.get(f"/referral/{r.pk}/"),
        page.get(live),
        page.get(f"{live}?v={version}"),  # the right version still tells nothing: not a 204
        page.get(live, headers={"If-None-Match": f'"{version}"'}),  # nor a 304
        page.post(f"/referral/{r.pk}/event/", {"state": "accepted"}),
        page.post(f"/referral/{r.pk}/fuel/"),
        page.post(f"/referral/follow-up/{referral['task'].pk}/done/"),
    ]
    assert [p.status_code for p in pages] == [404] * len(pages)
    r.refresh_from_db()
    assert {f.name: getattr(r, f.attname) for f in Referral._meta.concrete_fields} == before
    assert not FuelTrip.objects.filter(referral=r).exists()
    referral["task"].refresh_from_db()
    assert referral["task"].done_at is None
    assert not AuditEntry.objects.filter(user=outsider, object_type="referral.referral", object_id=str(r.pk))


def test_both_ends_read_it(api, referral):
    r = referral["r"]
    for user in referral["ends"]:
        assert api(user).get(f"/api/v1/referrals/{r.pk}").status_code == 200
        assert api(user).get(f"/api/v1/referrals/{r.pk}/fhir").status_code == 200
        assert _page(user).get(f"/referral/{r.pk}/").status_code == 200
        assert r.pk in [i["id"] for i in api(user).get("/api/v1/referrals").json()["items"]]


def test_the_fund_officer_proposes_fuel_for_any_referral(api, referral, make_user):
    """The provincial office runs the fuel fund for every facility: its officer is not scoped."""
    officer = make_user("health_officer", facility="hosp-phangnga")
    response = api(officer).post("/api/v1/referrals/fuel/trips", {"referral_id": referral["r"].pk})
    assert response.status_code in (201, 422), response.content  # 422: a route with no boat leg


def test_the_fuel_page_lists_only_trips_of_referrals_she_may_see(referral, make_user):
    from phangnga.referral import fund

    trip = fund.propose_from_referral(Actor(), referral["r"])
    outsider = make_user("referral_nurse", facility=OUTSIDER)
    sender, _ = referral["ends"]
    assert trip not in _page(outsider).get("/referral/fuel/").context["proposed"]
    assert trip in _page(sender).get("/referral/fuel/").context["proposed"]
    officer = make_user("health_officer")
    assert trip in _page(officer).get("/referral/fuel/").context["proposed"]  # the fund's officer approves it
