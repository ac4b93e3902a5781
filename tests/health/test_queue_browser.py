"""On a phone: staff issue a ticket, call it with one tap (HTMX, no reload), and the
patient's status page opened from the ticket's QR link says it is their turn."""

import pytest

from browser_session import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_tap_call_next(page, live_server, make_user, places):
    from phangnga.health.models import ServicePoint, Visit

    make_user("hospital_staff", facility="hosp-phangnga", username="malee")
    login(page, live_server.url, "malee")
    page.goto(f"{live_server.url}/health/queue/hosp-phangnga/")
    page.click("form[action$='/ticket'] button")
    page.wait_for_selector(".ticket .qno")
    assert page.inner_text(".ticket .qno").strip() == "1"
    assert page.locator(".ticket .qr svg").count() == 1
    token = Visit.objects.get().token

    point = ServicePoint.objects.get(facility__code="hosp-phangnga", kind="registration")
    page.goto(f"{live_server.url}/health/point/{point.pk}/")
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    page.click("[data-testid=call-next]")
    page.wait_for_selector("[data-testid=current]")
    assert page.inner_text("[data-testid=current]").strip() == "1"
    assert page.evaluate("window.__marker") == 1

    status = page.context.new_page()
    status.goto(f"{live_server.url}/health/q/{token}")
    assert "ลงทะเบียน 1" in status.inner_text(".status")  # the ticket page speaks Thai by default
