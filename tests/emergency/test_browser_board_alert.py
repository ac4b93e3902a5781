"""Headless Chromium: a new incident arriving on the command board is highlighted and counted in the
tab title until the dispatcher clicks the board; incidents already there when it opened are not."""

from __future__ import annotations

import pytest
from django.utils import timezone

from browser_session import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_incident_is_announced_until_the_dispatcher_looks(page, live_server, make_user, api, units):
    client = api(make_user("dispatcher", username="somchai"))
    body = {"kind": "marine_sting", "place": "beach-khaolak", "reported_at": timezone.now().isoformat()}
    old = client.post("/api/v1/emergency/incidents", body).json()["id"]
    login(page, live_server.url, "somchai")
    page.goto(f"{live_server.url}/emergency/board")
    page.wait_for_selector(f"#queue li[data-id='{old}']", timeout=10000)
    title = page.title()
    assert page.locator("#queue li.fresh").count() == 0 and not title.startswith("(")

    new = client.post("/api/v1/emergency/incidents", dict(body, kind="near_drowning")).json()["id"]
    page.wait_for_selector(f"#queue li.fresh[data-id='{new}']", timeout=5000)
    assert page.title() == f"(1) {title}"
    assert "fresh" not in page.locator(f"#queue li[data-id='{old}']").get_attribute("class")

    page.click("h1")  # the dispatcher has seen it
    assert page.locator("#queue li.fresh").count() == 0 and page.title() == title
