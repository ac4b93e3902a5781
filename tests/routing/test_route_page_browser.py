"""The /map/route page in Chromium: two clicks give a drawn route, its legs and times."""

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PHANGNGA_SHOTS", "/tmp")


def _click(page, lat, lon):
    page.evaluate("([lat, lon]) => PN.routeMap.fire('click', {latlng: L.latLng(lat, lon)})", [lat, lon])


def test_two_clicks_draw_a_multimodal_route(page, live_server, places):
    page.goto(f"{live_server.url}/map/route")
    page.wait_for_selector("#map[data-state=empty]")
    page.select_option("select[name=sea_state]", "calm")
    _click(page, 7.955, 98.590)  # Ban Phru Nai, Koh Yao Yai
    _click(page, 7.8968, 98.3838)  # Vachira Phuket Hospital
    page.wait_for_selector("#map[data-state=routed]", timeout=30_000)
    assert page.locator("#route-result tr.leg-sea").count() >= 1
    assert page.locator("#route-result tr.leg-road").count() >= 1
    assert page.locator("#route-result tr.leg-transfer").count() == 2
    assert float(page.inner_text("#route-eta")) > 30
    assert page.locator("#map path.leaflet-interactive").count() >= 3
    page.screenshot(path=f"{SHOTS}/route-390.png", full_page=True)


def test_error_is_shown_not_swallowed(page, live_server, places):
    page.goto(f"{live_server.url}/map/route")
    page.wait_for_selector("#map[data-state=empty]")
    page.select_option("select[name=mode]", "road")
    _click(page, 7.955, 98.590)
    _click(page, 7.8968, 98.3838)  # no road off Koh Yao Yai
    page.wait_for_selector("#map[data-state=error]", timeout=30_000)
    assert page.locator("#route-result .error").inner_text()
