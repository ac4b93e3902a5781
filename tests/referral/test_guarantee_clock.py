"""The 80-minute guarantee: states in order, live clock, breach with its reason, compliance."""

from datetime import timedelta

import pytest
from django.utils import timezone

import referral_factories as factories
from phangnga.core.thai import fiscal_year
from phangnga.referral import kpis
from phangnga.referral.models import FollowUpTask, Referral


@pytest.fixture
def actors(api, make_user, places):
    return api(make_user("referral_nurse", facility="rpst-phru-nai")), api(
        make_user("hospital_staff", facility=factories.destination(places))
    )


def _walk(origin, dest, rid, minutes_at_sea, start):
    steps = [
        (dest, "accepted", 2),
        (origin, "transport_arranged", 5),
        (origin, "departed", 10),
        (origin, "at_pier", 10 + minutes_at_sea / 2),
        (dest, "arrived", 10 + minutes_at_sea),
    ]
    for client, state, minute in steps:
        at = (start + timedelta(minutes=minute)).isoformat()
        response = client.post(f"/api/v1/referrals/{rid}/events", {"state": state, "at": at})
        assert response.status_code == 200, (state, response.content)
    return response.json()


def test_states_clock_and_breach(actors, places):
    origin, dest = actors
    start = timezone.now() - timedelta(hours=3)
    rid = origin.post("/api/v1/referrals", factories.payload(places)).json()["id"]
    Referral.objects.filter(pk=rid).update(requested_at=start)
    body = _walk(origin, dest, rid, 95, start)
    assert body["state"] == "arrived"
    assert body["door_to_door_min"] == pytest.approx(95, abs=0.1)
    assert body["breach"] is True
    assert "95 min > 80" in body["breach_reason"] and "longest step" in body["breach_reason"]
    clock = origin.get(f"/api/v1/referrals/{rid}").json()["clock"]
    assert clock["running"] is False and clock["over"] is True


def test_on_time_transfer_is_not_a_breach_and_counts_as_compliant(actors, places):
    origin, dest = actors
    start = timezone.now() - timedelta(hours=2)
    rid = origin.post("/api/v1/referrals", factories.payload(places)).json()["id"]
    Referral.objects.filter(pk=rid).update(requested_at=start)
    body = _walk(origin, dest, rid, 70, start)
    assert body["breach"] is False
    fy = kpis.compliance(fiscal_year(start))
    assert fy["timed"] == 1 and fy["within_pct"] == 100.0


def test_clock_runs_during_transfer(actors, places):
    origin, dest = actors
    rid = origin.post("/api/v1/referrals", factories.payload(places)).json()["id"]
    Referral.objects.filter(pk=rid).update(requested_at=timezone.now() - timedelta(minutes=30))
    accepted = (timezone.now() - timedelta(minutes=20)).isoformat()
    assert (
        dest.post(f"/api/v1/referrals/{rid}/events", {"state": "accepted", "at": accepted}).status_code == 200
    )
    departed = (timezone.now() - timedelta(minutes=12)).isoformat()
    assert (
        origin.post(f"/api/v1/referrals/{rid}/events", {"state": "departed", "at": departed}).status_code
        == 200
    )
    clock = origin.get(f"/api/v1/referrals/{rid}").json()["clock"]
    assert clock["running"] is True and 11.5 < clock["elapsed_min"] < 13


def test_going_backwards_or_future_times_are_refused(actors, places):
    origin, dest = actors
    rid = origin.post("/api/v1/referrals", factories.payload(places)).json()["id"]
    assert origin.post(f"/api/v1/referrals/{rid}/events", {"state": "departed"}).status_code == 409
    future = (timezone.now() + timedelta(hours=1)).isoformat()
    response = dest.post(f"/api/v1/referrals/{rid}/events", {"state": "accepted", "at": future})
    assert response.status_code == 422 and "at" in response.json()["fields"]


def test_discharge_creates_follow_ups_at_the_origin(actors, places):
    origin, dest = actors
    start = timezone.now() - timedelta(hours=3)
    rid = origin.post("/api/v1/referrals", factories.payload(places)).json()["id"]
    Referral.objects.filter(pk=rid).update(requested_at=start)
    _walk(origin, dest, rid, 60, start)
    dest.post(f"/api/v1/referrals/{rid}/events", {"state": "handed_over"})
    dest.post(f"/api/v1/referrals/{rid}/events", {"state": "completed", "note": "discharged home"})
    tasks = FollowUpTask.objects.filter(referral_id=rid)
    assert {t.kind for t in tasks} == {"back_referral", "home_visit"}
    assert {t.facility.code for t in tasks} == {"rpst-phru-nai"}
    listed = origin.get("/api/v1/referrals/tasks").json()["items"]
    assert {t["kind"] for t in listed} == {"back_referral", "home_visit"}
    visit = next(t for t in listed if t["kind"] == "home_visit")
    assert origin.post(f"/api/v1/referrals/tasks/{visit['id']}/done").status_code == 200
    assert len(origin.get("/api/v1/referrals/tasks").json()["items"]) == 1
    # the receiving hospital does not get the origin's home visits
    assert dest.get("/api/v1/referrals/tasks").json()["items"] == []
