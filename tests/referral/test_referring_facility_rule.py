"""One rule for where a referral may start, the same on the web form and the API: an admin
refers from any facility, a clinician only from their own, an account without one from none."""

import pytest
from django.test import Client

import referral_factories as factories
from phangnga.referral.models import Referral


def web(user, lang="en"):
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = lang
    return c


@pytest.mark.parametrize("facility", [None, "hosp-kohyao"], ids=["no facility", "another facility"])
def test_a_clinician_cannot_refer_from_phru_nai_on_either_path(make_user, api, places, facility):
    nurse = make_user("referral_nurse", facility=facility)
    origin = places["rpst-phru-nai"].id

    page = web(nurse).post("/referral/new/", factories.form_data(places, origin=origin))
    assert page.status_code == 200  # the form again, with the origin refused
    assert 'id="err-origin"' in page.content.decode()

    response = api(nurse).post("/api/v1/referrals", factories.payload(places, origin_id=origin))
    assert response.status_code == 403
    assert "origin_id" in response.json()["fields"]
    assert Referral.objects.count() == 0


def test_the_form_offers_only_the_clinicians_own_facility(make_user, places):
    nurse = make_user("referral_nurse", facility="hosp-kohyao")
    page = web(nurse).get("/referral/new/").content.decode()
    assert f'value="{places["hosp-kohyao"].id}"' in page
    assert f'value="{places["rpst-phru-nai"].id}"' not in page


def test_an_account_without_a_facility_is_told_why_in_thai(make_user, places):
    nurse = make_user("referral_nurse")
    page = web(nurse, "th").get("/referral/new/").content.decode()
    assert "บัญชีของคุณยังไม่ได้ระบุสถานพยาบาล" in page


def test_an_admin_refers_from_any_facility_on_both_paths(make_user, api, places):
    admin = make_user("admin")
    origin = places["rpst-phru-nai"].id
    page = web(admin).post(
        "/referral/new/", factories.form_data(places, origin=origin, client_id="admin-form")
    )
    assert page.status_code == 302
    response = api(admin).post("/api/v1/referrals", factories.payload(places, origin_id=origin))
    assert response.status_code == 201, response.content
    assert Referral.objects.filter(origin_id=origin).count() == 2
