"""Headless Chromium: the report pages open again without signal once opened with it (service
worker), a report written offline is sent when the signal returns, and other emergency pages are
never kept on the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from browser_session import login
from phangnga.emergency.models import Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _kept(page) -> None:
    """Wait until the service worker has kept the page (outbox.js marks <html data-kept>)."""
    page.wait_for_selector("html[data-kept='1']", state="attached", timeout=10000)


def test_the_help_page_opens_offline_and_sends_when_back(page, live_server, units):
    url = f"{live_server.url}/emergency/help?lang=de&lat=8.6366&lon=98.239&at=Khao%20Lak"
    page.goto(url)
    _kept(page)
    page.context.set_offline(True)
    page.reload()  # at sea: no signal, the page still opens, in German, at the sign's position
    page.wait_for_selector("#signloc")
    assert "Notfallhilfe" in page.title()
    page.check("input[name=kind][value=boat_accident]")
    page.fill("input[name=phone]", "+49 170 1234567")
    page.click("button.send")
    page.wait_for_selector("#outq li[data-state='queued']")
    assert Incident.objects.count() == 0
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#outq li[data-state='sent']", timeout=20000)
    assert Incident.objects.get().kind == "boat_accident"


def test_the_crew_report_page_opens_offline_but_incident_pages_do_not(page, live_server, make_user, units):
    make_user("rescue_crew", username="anan")
    login(page, live_server.url, "anan")
    page.goto(f"{live_server.url}/emergency/report")
    _kept(page)
    page.goto(f"{live_server.url}/emergency/crew")  # visited with signal, but not a report page
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/emergency/report")
    page.wait_for_selector("form#rep")
    # Not kept: the browser's own offline error, not a page from the worker.
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(f"{live_server.url}/emergency/crew")
    page.context.set_offline(False)


@pytest.mark.django_db
def test_the_worker_keeps_only_the_two_report_pages(client):
    response = client.get("/emergency/sw.js")
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"]  # a fixed worker reaches phones at once
    body = response.content.decode()
    assert 'const PAGES = ["/emergency/help", "/emergency/report"];' in body
