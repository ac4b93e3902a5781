"""Headless Chromium: the command board updates without a reload when an event is posted through the
API, and the 2G report page keeps a report and retries it with the same key until acknowledged."""

from __future__ import annotations

import pytest
from django.utils import timezone

from browser_session import login, wait_until
from phangnga.emergency.models import Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_updates_when_an_event_is_posted(page, live_server, make_user, api, units):
    dispatcher = make_user("dispatcher", username="somchai")
    client = api(dispatcher)
    body = {
        "kind": "near_drowning",
        "place": "beach-nangthong",
        "reported_at": timezone.now().isoformat(),
        "patients": [{"age": 30, "vitals": {"pr": 120}, "symptoms": ["near_drowning_symptoms"]}],
    }
    pk = client.post("/api/v1/emergency/incidents", body).json()["id"]
    login(page, live_server.url, "somchai")
    page.goto(f"{live_server.url}/emergency/board")
    page.wait_for_selector(f"#queue li[data-id='{pk}'][data-status='new']", timeout=10000)
    page.wait_for_selector("#board-map[data-land-loaded]", timeout=15000)
    url = page.url

    assert client.post(f"/api/v1/emergency/incidents/{pk}/events", {"kind": "on_scene"}).status_code == 201
    # The board polls every 1.5 s: the change shows within 2 s (+ slack for a loaded CI machine).
    page.wait_for_selector(f"#queue li[data-id='{pk}'][data-status='on_scene']", timeout=3500)
    # A new incident appears, sorted ahead by triage level.
    body2 = dict(body, patients=[{"age": 30, "symptoms": ["not_breathing"]}])
    pk2 = client.post("/api/v1/emergency/incidents", body2).json()["id"]
    page.wait_for_selector(f"#queue li[data-id='{pk2}']", timeout=3500)
    assert page.locator("#queue li").first.get_attribute("data-id") == str(pk2)
    assert page.url == url  # no reload
    assert page.locator(".leaflet-interactive").count() >= 2


@pytest.fixture
def page_without_worker(browser):
    """Playwright's routes do not see requests a service worker makes: the page's own outbox
    (outbox.js, which does the retrying) is what this test drives, so the worker is kept out."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", service_workers="block"
    )
    yield context.new_page()
    context.close()


def test_report_page_retries_with_the_same_key_until_acknowledged(
    page_without_worker, live_server, make_user, units
):
    page = page_without_worker
    make_user("rescue_crew", username="anan")
    login(page, live_server.url, "anan")
    page.goto(f"{live_server.url}/emergency/report")
    assert len(page.content().encode()) < 20000  # a small page for 2G

    # The first attempt reaches the server but the answer is lost at sea.
    state = {"calls": 0, "keys": []}

    def lossy(route):
        state["calls"] += 1
        state["keys"].append(route.request.headers.get("idempotency-key"))
        if state["calls"] == 1:
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/emergency/incidents", lossy)
    page.select_option("select[name=kind]", "near_drowning")
    page.select_option("select[name=place]", "beach-bangniang")
    page.check("input[value=near_drowning_symptoms]")
    page.fill("input[name=age]", "45")
    page.click("button[type=submit]")
    page.wait_for_selector("#outq li[data-state='queued']", timeout=5000)
    page.wait_for_selector("#outq li[data-state='sent']", timeout=20000)

    assert state["calls"] >= 2 and len(set(state["keys"])) == 1
    assert Incident.objects.count() == 1
    incident = Incident.objects.get()
    assert incident.channel == "mobile" and incident.place.code == "beach-bangniang"
    assert page.locator("#outq li").first.inner_text().endswith(f"#{incident.pk}")


def test_report_queued_offline_is_sent_when_back_online(page, live_server, make_user, units):
    make_user("rescue_crew", username="dao")
    login(page, live_server.url, "dao")
    page.goto(f"{live_server.url}/emergency/report")
    page.context.set_offline(True)
    page.select_option("select[name=place]", "beach-khaolak")
    page.click("button[type=submit]")
    page.wait_for_selector("#outq li[data-state='queued']")
    assert Incident.objects.count() == 0
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#outq li[data-state='sent']", timeout=20000)
    assert Incident.objects.count() == 1


def test_report_page_uses_gps_and_shows_the_nearest_aed(page, live_server, make_user, units):
    from datetime import timedelta

    from phangnga.prevention.models import Aed

    today = timezone.localdate()
    Aed.objects.create(
        code="aed-x",
        owner="Nang Thong Bay Resort",
        owner_kind="hotel",
        location="Reception",
        lat=8.6425,
        lon=98.2475,
        pads_expiry=today + timedelta(days=100),
        battery_expiry=today + timedelta(days=100),
    )
    make_user("rescue_crew", username="suda")
    login(page, live_server.url, "suda")
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 8.642, "longitude": 98.247})
    page.goto(f"{live_server.url}/emergency/report")
    page.click("#gps")
    wait_until(page, "document.getElementById('aed').textContent.includes('Nang Thong Bay Resort')")
    page.click("button[type=submit]")
    page.wait_for_selector("#outq li[data-state='sent']", timeout=20000)
    incident = Incident.objects.get()
    assert (round(incident.lat, 3), round(incident.lon, 3)) == (8.642, 98.247) and incident.place is None


def test_a_report_made_while_logged_out_waits_for_the_next_login(page, live_server, make_user, units):
    make_user("rescue_crew", username="malee")
    login(page, live_server.url, "malee")
    page.goto(f"{live_server.url}/emergency/report")
    page.wait_for_selector("html[data-kept='1']", state="attached")  # the offline copy is in place
    page.context.clear_cookies()  # the session ended while the page stayed open
    page.select_option("select[name=place]", "beach-khaolak")
    page.click("button[type=submit]")
    page.wait_for_selector("#outq li[data-state='queued']")
    wait_until(page, "(JSON.parse(localStorage.getItem('pn-em-outbox'))[0] || {}).err")  # answered
    assert page.locator("#outq li").get_attribute("data-state") == "queued"  # kept, not dropped
    assert Incident.objects.count() == 0
    login(page, live_server.url, "malee")
    page.goto(f"{live_server.url}/emergency/report")  # the outbox sends what waited, with its key
    page.wait_for_selector("#outq li[data-state='sent']", timeout=20000)
    assert Incident.objects.get().place.code == "beach-khaolak"


def test_reports_kept_by_the_earlier_page_still_list(page, live_server, make_user, units):
    """A phone updated while it holds reports sent by the earlier page (which stored `id`, not `result`)."""
    make_user("rescue_crew", username="somsak")
    login(page, live_server.url, "somsak")
    page.goto(f"{live_server.url}/emergency/report")
    page.evaluate("""localStorage.setItem("pn-em-outbox", JSON.stringify(
        [{key: "old-1", t: "09:12", body: {}, state: "sent", tries: 1, id: 77}]))""")
    page.reload()
    assert page.locator("#outq li[data-key='old-1']").inner_text().endswith("#77")
