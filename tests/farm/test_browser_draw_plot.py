"""A farmer draws a plot by tapping its corners on the phone map and saves it."""

import pytest

from browser_session import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draw_a_plot_by_tapping_corners(page, live_server, make_user, places, fb):
    farmer = make_user("farmer", username="boonmee")
    household = fb.household(farmer)
    other = fb.household(make_user("farmer"))
    login(page, live_server.url, "boonmee")
    page.goto(f"{live_server.url}/farm/households/{household.pk}/plots/new")
    page.wait_for_selector("#draw-map[data-land-loaded]", timeout=20000)
    page.locator("#draw-map").scroll_into_view_if_needed()
    box = page.locator("#draw-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-60, -40), (60, -40), (60, 40), (-60, 40)):
        page.mouse.click(cx + dx, cy + dy)
    assert page.get_attribute("#draw-map", "data-vertices") == "4"
    page.click("#draw-finish")
    assert page.get_attribute("#draw-map", "data-closed") == "1"
    assert "≈" in page.inner_text("#draw-area")
    assert '"Polygon"' in page.input_value("textarea[name=geometry]")
    page.fill("input[name=name]", "Home garden")
    page.select_option("select[name=land_document]", "ns3k")
    page.fill("input[name=land_document_no]", "NS3K-1")
    page.click("#plot-form button.primary")
    page.wait_for_url("**/farm/plots/*/")
    plot = household.plots.get(name="Home garden")
    assert plot.area_m2 > 100
    assert plot.area_text.split()[0] in page.inner_text("h1")
    response = page.goto(f"{live_server.url}/farm/households/{other.pk}/")
    assert response.status == 404
    assert other.head_name not in page.content()


def test_officer_declares_a_flood_by_drawing_its_area(page, live_server, make_user, places, fb):
    from datetime import date, timedelta

    from phangnga.farm.models import Disaster

    make_user("agriculture_officer", username="chief")  # provincial: no district
    login(page, live_server.url, "chief")
    page.goto(f"{live_server.url}/farm/disasters/")
    page.wait_for_selector("#draw-map[data-land-loaded]", timeout=20000)
    page.select_option("select[name=kind]", "storm")
    page.fill("input[name=name]", "Storm test")
    page.fill("input[name=started_on]", str(date.today() - timedelta(days=3)))
    page.locator("#draw-map").scroll_into_view_if_needed()
    box = page.locator("#draw-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-40, -30), (40, -30), (40, 30), (-40, 30)):
        page.mouse.click(cx + dx, cy + dy)
    page.click("#draw-finish")
    assert '"Polygon"' in page.input_value("textarea[name=area]")
    page.click("form button.big")
    page.wait_for_url("**/farm/disasters/*/")
    event = Disaster.objects.get(name="Storm test")
    assert event.kind == "storm" and event.districts == []
    assert event.area["type"] == "Polygon" and len(event.area["coordinates"][0]) == 5
