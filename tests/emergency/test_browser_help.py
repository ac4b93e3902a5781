"""Headless Chromium: a tourist at a sign, in Russian, sends a report without an account, sees it
received, and sees "help is on the way" once the dispatcher sends a unit; the board flags it.
(Writing a report offline: test_browser_offline_pages.py.)"""

from __future__ import annotations

import pytest

from browser_session import login, wait_until
from phangnga.emergency.models import Incident
from phangnga.emergency.public_help import receipt_ref

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGN = "lat=8.6366&lon=98.239&at=Khao%20Lak%20beach"


def test_a_tourist_reports_from_a_sign_and_follows_the_rescue(page, live_server, make_user, api, units):
    page.goto(f"{live_server.url}/emergency/help?lang=ru&{SIGN}")
    assert len(page.content().encode()) < 20000  # small for 2G
    assert page.locator("#signloc").is_visible()
    page.click("button.send")
    assert (
        page.locator("#err").inner_text() == "Выберите, что случилось"
    )  # the form's own words, nothing sent
    page.check("input[name=kind][value=near_drowning]")
    page.check("input[name=sign][value=unconscious]")
    page.click("button.send")
    assert page.locator("#err").inner_text() == "Укажите номер телефона"
    page.fill("input[name=phone]", "+7 912 345 67 89")
    page.click("button.send")
    page.wait_for_selector("#outq li[data-state='sent'][data-status='received']", timeout=20000)
    assert Incident.objects.count() == 1

    incident = Incident.objects.get()
    assert incident.channel == "public" and incident.reporter_phone == "+7 912 345 67 89"
    assert (incident.lat, incident.lon) == (8.6366, 98.239) and incident.priority == 1
    assert "Language: ru" in incident.notes
    # The phone filed it under its key and its own secret: the key alone finds nothing.
    kept = page.evaluate("JSON.parse(localStorage.getItem('pn-help-outbox'))[0]")
    assert kept["secret"] and kept["secret"] != kept["key"]
    assert incident.client_id == f"public:{receipt_ref(kept['key'], kept['secret'])}"

    dispatcher = make_user("dispatcher", username="somchai")
    sent = api(dispatcher).post(f"/api/v1/emergency/incidents/{incident.pk}/events", {"kind": "dispatched"})
    assert sent.status_code == 201, sent.content
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # the tourist comes back to the page
    page.wait_for_selector("#outq li[data-status='help_on_the_way']", timeout=10000)
    assert "Помощь в пути" in page.locator("#outq li").first.inner_text()

    board = page.context.new_page()
    login(board, live_server.url, "somchai")
    board.goto(f"{live_server.url}/emergency/board")
    flag = board.locator(f"#queue li[data-id='{incident.pk}'] .badge.public")
    flag.wait_for(timeout=10000)
    assert "+7 912 345 67 89" in flag.inner_text()


def test_cpr_guidance_and_the_nearest_aed_come_before_the_report_is_sent(page, live_server, units):
    """A bystander at a cardiac arrest needs compressions and a defibrillator now, not after the upload."""
    from datetime import timedelta

    from django.utils import timezone

    from phangnga.prevention.models import Aed

    today = timezone.localdate()
    Aed.objects.create(code="aed-hotel", owner="Khao Lak Resort", owner_kind="hotel", location="Reception",
                       lat=8.6375, lon=98.2395, pads_expiry=today + timedelta(days=200),
                       battery_expiry=today + timedelta(days=900), last_check=today)  # fmt: skip
    page.goto(f"{live_server.url}/emergency/help?lang=de&{SIGN}")
    wait_until(page, "document.getElementById('aed').textContent.includes('Khao Lak Resort')")
    assert page.locator("#cpr").is_hidden()
    page.check("input[name=kind][value=near_drowning]")
    assert page.locator("#cpr").is_hidden()  # coughing swimmers need no compressions
    page.check("input[name=sign][value=not_breathing]")
    assert page.locator("#cpr").is_visible()
    assert "100 bis 120 Mal pro Minute" in page.locator("#cpr").inner_text()
    page.uncheck("input[name=sign][value=not_breathing]")
    page.check("input[name=kind][value=cardiac_arrest]")
    assert page.locator("#cpr").is_visible()
    assert Incident.objects.count() == 0  # all of this before anything is sent
