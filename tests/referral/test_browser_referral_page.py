"""In a real browser: the referral page draws the legs on the offline map and runs the clock."""

from datetime import timedelta

import pytest
from django.utils import timezone

from browser_session import login
from phangnga.core.audit import Actor

pytestmark = [pytest.mark.browser]


@pytest.fixture
def in_transfer(transactional_db, make_user, places):
    import random

    from phangnga.core.thai import random_valid_national_id
    from phangnga.referral import services
    from phangnga.referral.models import Referral

    nurse = make_user("referral_nurse", facility="rpst-phru-nai", username="kanya")
    from phangnga.referral import planning

    dest = planning.make_plan(places["rpst-phru-nai"], "ct", triage=2).chosen.destination.code
    hospital = make_user("hospital_staff", facility=dest, username="malee")
    start = timezone.now() - timedelta(minutes=30)
    referral = services.create_referral(
        Actor(nurse),
        {
            "origin_id": "rpst-phru-nai",
            "icd10": "I63.9",
            "triage": 2,
            "capability": "ct",
            "reason": "stroke",
            "patient": {
                "cid": random_valid_national_id(random.Random(9)),
                "name": "ผู้ป่วย ทดสอบ",
                "birth_date": timezone.localdate() - timedelta(days=60 * 365),
                "sex": "F",
                "scheme": "UC",
            },
        },
        at=start,
    )
    referral = services.apply_event(Actor(hospital), referral, "accepted", at=start + timedelta(minutes=2))
    referral = services.apply_event(
        Actor(nurse), referral, "departed", at=timezone.now() - timedelta(minutes=12)
    )
    assert Referral.objects.get(pk=referral.pk).state == "departed"
    return referral


def test_detail_page_map_and_live_clock(page, live_server, in_transfer):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, live_server.url, "kanya")
    page.goto(f"{live_server.url}/referral/{in_transfer.id}/")
    page.wait_for_selector("#refmap[data-legs]")
    assert int(page.get_attribute("#refmap", "data-legs")) == len(in_transfer.plan["legs"]) > 0
    assert page.locator("#refmap path.leaflet-interactive").count() >= 2  # drawn legs
    first = page.inner_text("#clock-time")
    assert first.startswith("12:") or first.startswith("11:") or first.startswith("13:")
    page.wait_for_timeout(2100)
    assert page.inner_text("#clock-time") != first  # it ticks
    assert errors == []
    page.screenshot(path="/tmp/ref_browser_detail.png", full_page=True)
