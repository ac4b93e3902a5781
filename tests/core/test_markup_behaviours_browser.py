"""What inline handlers did, page.js does under the Content-Security-Policy: a print link or button
prints (and the link does not navigate), a fiscal-year select sends its form when changed."""

from __future__ import annotations

import pytest

from browser_session import login, wait_until, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# window.print opens a dialog headless Chromium cannot show: count the calls instead.
COUNT_PRINTS = "window.__prints = 0; window.print = function () { window.__prints += 1; };"


def test_print_link_prints_without_leaving_the_page(page, live_server, make_user, places, api):
    dispatcher = make_user("dispatcher", facility="cmd-phangnga", username="somchai")
    incident = (
        api(dispatcher)
        .post(
            "/api/v1/emergency/incidents",
            {"kind": "near_drowning", "lat": 8.70, "lon": 98.23, "patients": [{"age": 40}]},
        )
        .json()
    )
    seen = watch_csp(page)
    page.context.add_init_script(COUNT_PRINTS)
    login(page, live_server.url, "somchai")
    url = f"{live_server.url}/emergency/incidents/{incident['id']}"
    page.goto(url)
    page.click("a[data-print]")
    assert wait_until(page, "window.__prints") == 1
    assert page.url == url  # not ?print=1: the click printed instead
    assert not seen


def test_fiscal_year_select_sends_its_form(page, live_server, make_user):
    make_user("viewer", username="governor")
    seen = watch_csp(page)
    login(page, live_server.url, "governor")
    page.goto(f"{live_server.url}/dashboard/")
    other = page.locator("select#fy option:not([selected])").first.get_attribute("value")
    page.select_option("select#fy", other)
    page.wait_for_url(f"**/dashboard/?fy={other}")
    assert page.locator("h1 [data-fy]").get_attribute("data-fy") == other
    assert not seen
