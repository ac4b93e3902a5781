import pytest

import referral_factories as factories


@pytest.fixture
def referral(api, make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    return api(nurse).post("/api/v1/referrals", factories.payload(places)).json()


def test_decline_replans_to_the_next_best_destination(api, make_user, places, referral):
    first = referral["destination"]["code"]
    runner_up = next(a for a in referral["plan"]["alternatives"] if a["destination"]["code"] != first)
    vachira = make_user("hospital_staff", facility=referral["destination"]["code"])
    response = api(vachira).post(
        f"/api/v1/referrals/{referral['id']}/events",
        {"state": "declined", "reason": "CT scanner down for maintenance"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "requested"
    assert body["destination"]["code"] == runner_up["destination"]["code"]
    assert body["declined_by"] == [first]
    kinds = [e["kind"] for e in body["events"]]
    assert kinds == ["requested", "declined", "replanned"]
    assert body["events"][1]["note"] == "CT scanner down for maintenance"
    # Vachira no longer sees it; the new destination does.
    assert api(vachira).get(f"/api/v1/referrals/{referral['id']}").status_code == 404
    new_staff = make_user("hospital_staff", facility=body["destination"]["code"])
    assert api(new_staff).get(f"/api/v1/referrals/{referral['id']}").status_code == 200


def test_decline_needs_a_reason(api, make_user, places, referral):
    vachira = make_user("hospital_staff", facility=referral["destination"]["code"])
    response = api(vachira).post(f"/api/v1/referrals/{referral['id']}/events", {"state": "declined"})
    assert response.status_code == 422 and "reason" in response.json()["fields"]


def test_the_origin_cannot_accept_for_the_destination(api, make_user, places, referral):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    response = api(nurse).post(f"/api/v1/referrals/{referral['id']}/events", {"state": "accepted"})
    assert response.status_code == 403


def test_when_everyone_declines_the_referral_ends_declined(api, make_user, places, referral):
    rid = referral["id"]
    admin = make_user("admin")
    for _ in range(10):
        body = api(admin).get(f"/api/v1/referrals/{rid}").json()
        if body["state"] == "declined":
            break
        api(admin).post(f"/api/v1/referrals/{rid}/events", {"state": "declined", "reason": "full"})
    body = api(admin).get(f"/api/v1/referrals/{rid}").json()
    assert body["state"] == "declined"
    assert len(body["declined_by"]) >= 2
