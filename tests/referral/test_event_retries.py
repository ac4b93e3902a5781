"""A phone at sea retries a step whose first request went through: with an Idempotency-Key
(or a client_id) it gets the same answer and nothing changes; without one, posting the state
the referral is already in is a harmless no-op. A step that is really not allowed is still 409."""

import pytest

import referral_factories as factories
from phangnga.core.models import AuditEntry
from phangnga.referral.models import FollowUpTask, FuelTrip, ReferralEvent


@pytest.fixture
def actors(api, make_user, places):
    nurse = api(make_user("referral_nurse", facility="rpst-phru-nai"))
    created = nurse.post("/api/v1/referrals", factories.payload(places))
    assert created.status_code == 201, created.content
    body = created.json()
    hospital = api(make_user("hospital_staff", facility=body["destination"]["code"]))
    return nurse, hospital, body["id"]


def _events(rid, kind=None):
    qs = ReferralEvent.objects.filter(referral_id=rid)
    return qs.filter(kind=kind).count() if kind else qs.count()


def _state_updates(rid):
    return AuditEntry.objects.filter(
        action="update", object_type="referral.referral", object_id=str(rid)
    ).count()


def _walk_to_departed(nurse, hospital, rid):
    for client, state in ((hospital, "accepted"), (nurse, "transport_arranged"), (nurse, "departed")):
        response = client.post(f"/api/v1/referrals/{rid}/events", {"state": state})
        assert response.status_code == 200, response.content


def test_a_retry_with_the_same_key_changes_nothing(actors):
    nurse, hospital, rid = actors
    url = f"/api/v1/referrals/{rid}/events"
    first = hospital.post(url, {"state": "accepted"}, headers={"Idempotency-Key": "phone-7-accept"})
    assert first.status_code == 200 and first.json()["state"] == "accepted"
    events, updates = _events(rid), _state_updates(rid)

    again = hospital.post(url, {"state": "accepted"}, headers={"Idempotency-Key": "phone-7-accept"})
    assert again.status_code == 200
    assert again.json()["id"] == rid and again.json()["state"] == "accepted"
    assert again.json()["events"] == first.json()["events"]
    assert _events(rid) == events and _state_updates(rid) == updates
    # The retry returned the patient record again: audited as a read.
    assert AuditEntry.objects.filter(action="read", object_id=str(rid), summary__contains="retried").exists()


def test_a_key_still_answers_after_the_referral_moved_on(actors):
    nurse, hospital, rid = actors
    url = f"/api/v1/referrals/{rid}/events"
    assert hospital.post(url, {"state": "accepted", "client_id": "c-1"}).status_code == 200
    assert nurse.post(url, {"state": "departed"}).status_code == 200
    # The hospital's phone finally gets through with its old request: not a 409, not a second step.
    late = hospital.post(url, {"state": "accepted", "client_id": "c-1"})
    assert late.status_code == 200 and late.json()["state"] == "departed"
    assert _events(rid, "accepted") == 1


def test_a_key_reused_for_another_step_is_refused(actors):
    nurse, hospital, rid = actors
    url = f"/api/v1/referrals/{rid}/events"
    assert hospital.post(url, {"state": "accepted"}, headers={"Idempotency-Key": "k-1"}).status_code == 200
    reused = hospital.post(url, {"state": "handed_over"}, headers={"Idempotency-Key": "k-1"})
    assert reused.status_code == 409 and "Idempotency-Key" in reused.json()["fields"]
    assert reused.json()["error"] == "idempotency_key_reused" and "'k-1'" in reused.json()["detail"]
    assert _events(rid, "handed_over") == 0


def test_another_users_same_key_is_their_own(actors):
    nurse, hospital, rid = actors
    url = f"/api/v1/referrals/{rid}/events"
    assert hospital.post(url, {"state": "accepted"}, headers={"Idempotency-Key": "k-1"}).status_code == 200
    mine = nurse.post(url, {"state": "transport_arranged"}, headers={"Idempotency-Key": "k-1"})
    assert mine.status_code == 200 and mine.json()["state"] == "transport_arranged"
    assert _events(rid, "transport_arranged") == 1


def test_the_state_it_is_already_in_is_a_no_op(actors):
    nurse, hospital, rid = actors
    url = f"/api/v1/referrals/{rid}/events"
    assert hospital.post(url, {"state": "accepted"}).status_code == 200
    events, updates = _events(rid), _state_updates(rid)
    again = hospital.post(url, {"state": "accepted", "note": "retry"})
    assert again.status_code == 200 and again.json()["state"] == "accepted"
    assert _events(rid) == events and _state_updates(rid) == updates
    # The other side may not take that step, retried or not.
    assert nurse.post(url, {"state": "accepted"}).status_code == 403


def test_an_invalid_transition_is_still_409(actors):
    nurse, hospital, rid = actors
    response = hospital.post(f"/api/v1/referrals/{rid}/events", {"state": "completed"})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "invalid_transition" and "state" in body["fields"]
    # ... with a key too, and the key is not spent on the refusal.
    keyed = hospital.post(
        f"/api/v1/referrals/{rid}/events", {"state": "completed"}, headers={"Idempotency-Key": "k-2"}
    )
    assert keyed.status_code == 409
    assert (
        hospital.post(
            f"/api/v1/referrals/{rid}/events", {"state": "accepted"}, headers={"Idempotency-Key": "k-2"}
        ).status_code
        == 200
    )


def test_a_retried_arrival_proposes_one_fuel_trip(actors, fleet):
    nurse, hospital, rid = actors
    _walk_to_departed(nurse, hospital, rid)
    url = f"/api/v1/referrals/{rid}/events"
    first = hospital.post(url, {"state": "arrived"}, headers={"Idempotency-Key": "boat-arrived"})
    assert first.status_code == 200 and first.json()["state"] == "arrived"
    trip = FuelTrip.objects.get(referral_id=rid)
    updates = _state_updates(rid)
    with_key = hospital.post(url, {"state": "arrived"}, headers={"Idempotency-Key": "boat-arrived"})
    without_key = hospital.post(url, {"state": "arrived"})
    assert with_key.status_code == 200 and without_key.status_code == 200
    assert list(FuelTrip.objects.filter(referral_id=rid).values_list("id", flat=True)) == [trip.id]
    assert _events(rid, "arrived") == 1 and _state_updates(rid) == updates
    assert without_key.json()["events"][-1]["data"]["fuel_trip"] == trip.id


def test_a_retried_completion_makes_one_set_of_follow_ups(actors):
    nurse, hospital, rid = actors
    _walk_to_departed(nurse, hospital, rid)
    url = f"/api/v1/referrals/{rid}/events"
    for state in ("arrived", "handed_over", "completed", "completed"):
        assert hospital.post(url, {"state": state}).status_code == 200
    assert FollowUpTask.objects.filter(referral_id=rid).count() == 2
    assert _events(rid, "completed") == 1


def test_a_retried_decline_does_not_decline_the_next_hospital(actors, api, make_user):
    nurse, hospital, rid = actors
    url = f"/api/v1/referrals/{rid}/events"
    first = hospital.post(
        url, {"state": "declined", "reason": "CT down"}, headers={"Idempotency-Key": "decline-1"}
    )
    assert first.status_code == 200 and first.json()["state"] == "requested"
    next_hospital = first.json()["destination"]["code"]
    again = hospital.post(
        url, {"state": "declined", "reason": "CT down"}, headers={"Idempotency-Key": "decline-1"}
    )
    assert again.status_code == 200 and again.json()["destination"]["code"] == next_hospital
    assert _events(rid, "declined") == 1
    # Someone else using that key does not learn about the referral.
    stranger = api(make_user("hospital_staff", facility="hosp-phangnga"))
    if next_hospital != "hosp-phangnga":
        hidden = stranger.post(
            url, {"state": "declined", "reason": "x"}, headers={"Idempotency-Key": "decline-1"}
        )
        assert hidden.status_code == 404


def test_a_double_click_on_the_page_takes_the_step_once(actors, client, make_user):
    nurse, hospital, rid = actors
    from phangnga.referral.models import Referral

    code = Referral.objects.get(pk=rid).destination.code
    user = make_user("hospital_staff", facility=code)
    client.force_login(user)
    page = client.get(f"/referral/{rid}/")
    token = page.context["event_token"]
    form = {"state": "accepted", "idem": f"{token}-{rid}-accepted"}
    assert client.post(f"/referral/{rid}/event/", form).status_code == 302
    second = client.post(f"/referral/{rid}/event/", form, follow=True)
    assert second.status_code == 200
    assert _events(rid, "accepted") == 1
    # No error for the second click (it is the same step), in the page's language.
    assert not [m for m in second.context["messages"] if m.level_tag == "error"]
    # A stale page's button for a step already taken is a no-op too, even without a key.
    assert client.post(f"/referral/{rid}/event/", {"state": "accepted"}).status_code == 302
    assert _events(rid, "accepted") == 1


def test_a_double_click_on_decline_in_the_queue(actors, client, make_user):
    nurse, hospital, rid = actors
    from phangnga.referral.models import Referral

    declining = Referral.objects.get(pk=rid).destination.code
    client.force_login(make_user("hospital_staff", facility=declining))
    token = client.get("/referral/queue/").context["event_token"]
    form = {"state": "declined", "reason": "CT down", "idem": f"{token}-{rid}-declined"}
    first = client.post(f"/referral/{rid}/event/", form)
    second = client.post(f"/referral/{rid}/event/", form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == "/referral/queue/"
    assert _events(rid, "declined") == 1
    assert Referral.objects.get(pk=rid).declined_by == [declining]
