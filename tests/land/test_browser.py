"""The land pages in Chromium: the before/after map draws, the plan recomputes live."""

import os

import pytest

from browser_session import login, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PHANGNGA_SHOTS", "/tmp")


def test_map_and_live_recompute(page, live_server, make_user):
    from phangnga.land.demo import create_project

    project = create_project()
    officer = make_user("land_officer")
    login(page, live_server.url, officer.username)
    page.goto(f"{live_server.url}/land/{project.pk}/")
    page.wait_for_selector("#landmap[data-showing=before]")
    assert page.locator("#landmap path.leaflet-interactive").count() >= 13
    page.screenshot(path=f"{SHOTS}/land-before-390.png", full_page=True)
    page.click("button[data-show=after]")
    page.wait_for_selector("#landmap[data-showing=after]")
    page.screenshot(path=f"{SHOTS}/land-after-390.png")

    page.goto(f"{live_server.url}/land/{project.pk}/plan/")
    first = project.parcels.first()
    cell = page.locator(f'tr[data-deed="{first.deed_no}"] td[data-k=plot]')
    before = cell.inner_text()
    page.fill(f"#manual_{first.pk}", "1500")
    page.press(f"#manual_{first.pk}", "Tab")
    wait_until(
        page,
        "sel => document.querySelector(sel).innerText.trim() === '1500.0'",
        arg=f'tr[data-deed="{first.deed_no}"] td[data-k=plot]',
    )
    assert cell.inner_text().strip() != before.strip()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=f"{SHOTS}/land-plan-1280.png", full_page=True)


def test_draw_public_land_by_tapping_corners(page, live_server, make_user):
    from phangnga.land.demo import create_project

    project = create_project(with_layout=False)
    n = project.public_land.count()
    officer = make_user("land_officer")
    login(page, live_server.url, officer.username)
    page.goto(f"{live_server.url}/land/{project.pk}/import/")
    page.wait_for_selector("#drawmap path")
    page.locator("#drawmap").scroll_into_view_if_needed()
    box = page.locator("#drawmap").bounding_box()
    # Three taps inside the project's parcels (the map is fitted to them).
    for dx, dy in ((0.45, 0.45), (0.55, 0.45), (0.55, 0.55)):
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
    geometry = page.input_value("#id_p-geometry")
    assert '"Polygon"' in geometry
    page.select_option("#id_p-kind", "open_space")
    page.fill("#id_p-name", "Drawn park")
    page.screenshot(path=f"{SHOTS}/land-draw-390.png", full_page=True)
    page.click("#publicform button.primary")
    page.wait_for_load_state("networkidle")
    assert project.public_land.count() == n + 1
    assert project.public_land.get(name="Drawn park").area_m2 > 10
