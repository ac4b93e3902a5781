"""The referral page's live part answers 204/304 with no body while nothing changed, and the
new state, history and buttons as soon as another user moves the referral."""

import pytest
from django.test import Client

import referral_factories as factories
from phangnga.core.models import AuditEntry


@pytest.fixture
def setup(api, make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    referral = api(nurse).post("/api/v1/referrals", factories.payload(places)).json()
    hospital = make_user("hospital_staff", facility=referral["destination"]["code"])
    page = Client()
    page.force_login(nurse)
    return referral["id"], page, api(hospital)


def test_unchanged_costs_nothing_and_a_change_comes_through(setup):
    rid, page, hospital = setup
    html = page.get(f"/referral/{rid}/").content.decode()
    version = html.split('data-version="')[1].split('"')[0]
    assert f"/referral/{rid}/live/?v={version}" in html and 'hx-trigger="every 5s"' in html
    reads = AuditEntry.objects.filter(action="read").count()
    same = page.get(f"/referral/{rid}/live/?v={version}")
    assert same.status_code == 204 and same.content == b""
    etag = same["ETag"]
    assert page.get(f"/referral/{rid}/live/", headers={"If-None-Match": etag}).status_code == 304
    assert AuditEntry.objects.filter(action="read").count() == reads  # nothing shown, nothing read
    assert hospital.post(f"/api/v1/referrals/{rid}/events", {"state": "accepted"}).status_code == 200
    fresh = page.get(f"/referral/{rid}/live/?v={version}")
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    body = fresh.content.decode()
    assert 'data-state="accepted"' in body
    assert 'id="history" hx-swap-oob="true"' in body  # the timeline comes along
    assert 'data-state="transport_arranged"' in body  # the nurse's next button
    assert AuditEntry.objects.filter(action="read").count() == reads + 1


def test_the_live_part_is_private(setup, make_user):
    rid, _page, _hospital = setup
    stranger = Client()
    stranger.force_login(make_user("referral_nurse", facility="rpst-kyy-north"))
    assert stranger.get(f"/referral/{rid}/live/").status_code == 404
