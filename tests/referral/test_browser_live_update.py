"""In a real browser: the referral page shows another user's change within a few seconds,
without a reload, and the transfer clock keeps ticking."""

import pytest

from browser_session import login

pytestmark = [pytest.mark.browser]


@pytest.fixture
def requested(transactional_db, api, make_user, places):

    import referral_factories as factories

    nurse = make_user("referral_nurse", facility="rpst-phru-nai", username="kanya")
    referral = api(nurse).post("/api/v1/referrals", factories.payload(places)).json()
    hospital = make_user("hospital_staff", facility=referral["destination"]["code"], username="malee")
    return referral["id"], api(hospital), api(nurse)


def test_another_users_event_appears_without_reload(page, live_server, requested):
    rid, hospital, nurse = requested
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, live_server.url, "kanya")
    page.goto(f"{live_server.url}/referral/{rid}/")
    page.wait_for_selector('#live[data-state="requested"]')
    assert page.locator('button[data-state="transport_arranged"]').count() == 0
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    assert hospital.post(f"/api/v1/referrals/{rid}/events", {"state": "accepted"}).status_code == 200
    page.wait_for_selector('#live[data-state="accepted"]', timeout=12000)
    page.wait_for_selector('button[data-state="transport_arranged"]')
    assert page.locator("#history .timeline li").count() == 2
    # The boat crew side moves it on; the clock starts on the swapped-in part.
    assert nurse.post(f"/api/v1/referrals/{rid}/events", {"state": "departed"}).status_code == 200
    page.wait_for_selector('#live[data-state="departed"]', timeout=12000)
    first = page.inner_text("#clock-time")
    page.wait_for_timeout(2100)
    assert page.inner_text("#clock-time") != first
    assert page.evaluate("window.__sameDocument") is True
    assert errors == []
