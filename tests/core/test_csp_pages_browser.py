"""Every page keeps to the Content-Security-Policy: the header is on every page, and Chromium,
enforcing it, reports no violation (no inline script, handler or style left in the templates, no
library that needs one), on the demo data so that the maps, lists and live parts all draw."""

from __future__ import annotations

import pytest

import access_samples
from access_harness import fill, read_matrix
from browser_session import login, watch_csp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.page_markup,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(900),
]

# Pages that are not documents (files, feeds, scripts) or that move to a page walked anyway.
NOT_DOCUMENTS = (
    ".pdf",
    ".csv",
    ".xlsx",
    ".js",
    ".png",
    ".svg",
    ".webmanifest",
    ".geojson",
    "/live/",
    "/panel",
    "/board",
    "/status",
    "/media/",
    "/accounts/reset/",
    "/i18n/",
    "/favicon.ico",
)


def _admin_pages() -> list[str]:
    """Django's admin: lists, and change forms with their widgets (dates, raw ids, JSON, inlines)."""
    from phangnga.core.models import User
    from phangnga.emergency.models import Incident
    from phangnga.farm.models import Household

    return [
        "/admin/",
        "/admin/core/user/",
        f"/admin/core/user/{User.objects.get(username='admin').pk}/change/",
        "/admin/travel/attraction/add/",
        "/admin/emergency/incident/",
        f"/admin/emergency/incident/{Incident.objects.first().pk}/change/",
        f"/admin/farm/household/{Household.objects.first().pk}/change/",
    ]


# Who walks which pages: the admin holds every role; the crew page shows only a crew member's own
# unit, the farmer's home only their own household.
OTHER_WALKERS = {"crew": ["/emergency/crew"], "farmer": ["/farm/"]}


def _pages() -> list[str]:
    """The GET pages of the access matrix (core/data/access_matrix.csv), the documents among them."""
    return [
        row.path
        for (kind, method, path), row in read_matrix().items()
        if kind == "page" and method == "GET" and not any(part in path for part in NOT_DOCUMENTS)
    ]


def _walk(page, base: str, username: str, templates: list[str]) -> dict[str, str]:
    """Open each page as `username`; the policy header of each (or why it failed to open)."""
    from phangnga.core.demo import DEMO_PASSWORD
    from phangnga.core.models import User

    user = User.objects.get(username=username)
    login(page, base, username, DEMO_PASSWORD)
    headers = {}
    for template in templates:
        sample = access_samples.values(template, user)
        url = fill(template, sample) + str(sample.get("_query", ""))
        response = page.goto(base + url)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # a map's land layer, an htmx poll: late work that may break the policy
        headers[url] = (
            response.headers.get("content-security-policy") or f"none ({response.status})"
            if response
            else "no response"
        )
    return headers


def test_every_page_keeps_to_the_policy(browser, live_server):
    from phangnga.core.demo import load_all

    load_all(log=lambda _msg: None)
    walkers = {"admin": [*_pages(), "/api/v1/docs", *_admin_pages()], **OTHER_WALKERS}
    violations, missing = [], []
    for username, templates in walkers.items():
        context = browser.new_context(
            viewport={"width": 1280, "height": 900},
            locale="th-TH",
            geolocation={"latitude": 8.45, "longitude": 98.5},
            permissions=["geolocation"],
        )
        page = context.new_page()
        seen = watch_csp(page)
        try:
            headers = _walk(page, live_server.url, username, templates)
        finally:
            context.close()
        violations += [f"{username}: {v}" for v in seen]
        missing += [f"{username} {url}: {h}" for url, h in headers.items() if "default-src" not in h]
    assert not missing, "pages without the policy:\n" + "\n".join(missing)
    assert not violations, "CSP violations:\n" + "\n".join(violations)


def test_the_api_docs_work_under_the_same_policy(page, live_server):
    """Swagger UI (django-ninja's static files) needs no policy of its own: its init script is a
    file, its settings a JSON block; an operation opened and tried out breaks nothing either."""
    seen = watch_csp(page)
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=20000)
    page.locator(".opblock-summary").first.click()
    page.locator(".try-out__btn").first.click()
    page.locator(".execute").first.click()
    page.wait_for_selector(".responses-wrapper .response", timeout=20000)
    page.locator(".models-control").first.click()
    page.wait_for_timeout(500)
    assert page.locator(".opblock").count() > 20
    assert not seen, "CSP violations on /api/v1/docs:\n" + "\n".join(seen)
