"""The Thai pages of every app in Chromium, on a machine without a Thai font (CI installs none):
no visible character may be drawn without a glyph, and the Thai is drawn in the platform's own
Sarabun, loaded from the platform itself (how it looks: tests/glyph_check.py)."""

import pytest

from browser_session import login
from glyph_check import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_help_page_in_thai(page, live_server):
    page.goto(f"{live_server.url}/emergency/help?lang=th")
    check_page(page, "help")


def test_staff_pages_in_thai(page, live_server, make_user, places):
    from phangnga.land.demo import create_project

    project = create_project()
    user = make_user(
        "dispatcher", "referral_nurse", "agriculture_officer", "health_officer", "land_officer", "viewer"
    )
    login(page, live_server.url, user.username)
    for name, path in (
        ("board", "/emergency/board"),
        ("referral", "/referral/"),
        ("farm", "/farm/"),
        ("land", f"/land/{project.pk}/"),
        ("dashboard", "/dashboard/"),
        ("tokens", "/accounts/tokens/"),
    ):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.lang") == "th", name
        check_page(page, name)


def test_health_tv_display_in_thai(page, live_server, places):
    page.goto(f"{live_server.url}/health/tv/hosp-phangnga/")
    check_page(page, "health-tv")
