"""A person logs in, switches to English, opens the map and sees the places on the coastline."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_switch_language_and_map(page, live_server, make_user, places):
    make_user("viewer", username="somsri")
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "th"
    page.click("a.login-link")
    page.fill("input[name=username]", "somsri")
    page.fill("input[name=password]", "pw-test-123")
    page.click("button[type=submit]")
    page.wait_for_selector(".who")
    page.click("button[data-lang=en]")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").first.inner_text() == "Services of Phang Nga province"
    page.goto(f"{live_server.url}/map")
    page.wait_for_selector("#map[data-markers]", timeout=15000)
    page.wait_for_selector("#map[data-land-loaded]", timeout=15000)
    assert int(page.get_attribute("#map", "data-markers")) == len(places)
    assert page.locator("path.place-marker").count() == len(places)
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
