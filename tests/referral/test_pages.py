"""Pages render for the right people, the form speaks Thai, decline from the queue replans."""

import pytest
from django.test import Client

import referral_factories
from phangnga.referral import demo
from phangnga.referral.models import Referral


@pytest.fixture
def demo_data(places):
    from phangnga.core.demo import load_users

    load_users()
    demo.load()


def client_for(user, lang="th"):
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = lang
    return c


def test_every_page_renders(demo_data):
    from phangnga.core.models import User

    nurse, admin = User.objects.get(username="nurse"), User.objects.get(username="admin")
    rid = Referral.objects.filter(origin__code="rpst-phru-nai").first().id
    for user in (nurse, admin):
        c = client_for(user)
        for path in (
            "/referral/",
            "/referral/new/",
            "/referral/queue/",
            "/referral/follow-up/",
            "/referral/fuel/",
            "/referral/dialysis/",
            "/referral/savings/",
            f"/referral/{rid}/",
        ):
            assert c.get(path).status_code == 200, (user, path)
    savings = client_for(admin, "en").get("/referral/savings/").content.decode()
    assert "948,000" in savings and "1,014,000" in savings and "840,000" in savings


def test_form_errors_are_in_thai_and_english(make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    th = client_for(nurse, "th").post(
        "/referral/new/", referral_factories.form_data(places, cid="1234567890123", icd10="stroke")
    )
    assert th.status_code == 200
    body = th.content.decode()
    assert "เลขตรวจสอบ" in body  # the Thai check-digit message
    assert 'id="err-icd10"' in body
    en = client_for(nurse, "en").post(
        "/referral/new/", referral_factories.form_data(places, cid="1234567890123")
    )
    assert "check digit does not match" in en.content.decode()
    assert Referral.objects.count() == 0


def test_form_creates_once_and_shows_the_plan(make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    c = client_for(nurse)
    first = c.post("/referral/new/", referral_factories.form_data(places))
    again = c.post(
        "/referral/new/", referral_factories.form_data(places)
    )  # a double tap on a slow connection
    assert first.status_code == 302 and first.url == again.url
    assert Referral.objects.count() == 1
    page = c.get(first.url).content.decode()
    dest = Referral.objects.get().destination
    assert dest.name_th in page or dest.name_en in page
    assert 'id="refmap"' in page and 'id="clock"' in page


def test_decline_from_the_queue_replans(make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    client_for(nurse).post("/referral/new/", referral_factories.form_data(places))
    referral = Referral.objects.get()
    first = referral.destination.code
    staff = make_user("hospital_staff", facility=first)
    c = client_for(staff)
    assert f"q-{referral.id}" in c.get("/referral/queue/").content.decode()
    c.post(f"/referral/{referral.id}/event/", {"state": "declined", "reason": "No ICU bed"})
    referral.refresh_from_db()
    assert referral.destination.code != first and referral.declined_by == [first]
    assert f"q-{referral.id}" not in c.get("/referral/queue/").content.decode()


def test_other_facility_gets_404_on_the_page(make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    client_for(nurse).post("/referral/new/", referral_factories.form_data(places))
    rid = Referral.objects.get().id
    other = make_user("referral_nurse", facility="rpst-tha-khao")
    assert client_for(other).get(f"/referral/{rid}/").status_code == 404
    assert client_for(make_user("farmer")).get("/referral/").status_code == 403
