"""The queue pages: desk, staff point (one tap via HTMX), ticket with QR, TV, status."""

import re

import pytest

from phangnga.health.models import ServicePoint, Visit


@pytest.fixture
def staff(client, make_user, places):
    client.force_login(make_user("hospital_staff", facility="hosp-phangnga"))
    return client


def test_ticket_call_and_status(staff, client):
    r = staff.post("/health/queue/hosp-phangnga/ticket", {"lab": "1"})
    assert r.status_code == 302
    visit = Visit.objects.get()
    assert visit.route[3] == "lab"
    ticket = staff.get(r["Location"])
    assert b"<svg" in ticket.content and visit.token.encode() in ticket.content
    staff.post("/health/queue/hosp-phangnga/ticket")
    second = Visit.objects.get(number=2)

    status = client.get(f"/health/q/{second.token}")
    assert status.status_code == 200 and status["Cache-Control"] == "no-store"
    assert re.search(rb'data-testid="ahead">1<', status.content)

    point = ServicePoint.objects.get(facility__code="hosp-phangnga", kind="registration")
    panel = staff.post(f"/health/point/{point.pk}/panel", {"action": "next"}, HTTP_HX_REQUEST="true")
    assert panel.status_code == 200 and re.search(rb'data-testid="current">1<', panel.content)
    assert re.search(rb'data-testid="ahead">0<', client.get(f"/health/q/{second.token}").content)

    board = client.get("/health/tv/hosp-phangnga/board")
    assert board.status_code == 200 and b'<span class="num">1</span>' in board.content


def test_public_pages_show_no_staff_controls(client, places, staff):
    staff.post("/health/queue/hosp-phangnga/ticket")
    token = Visit.objects.get().token
    client.logout()
    assert client.get("/health/tv/hosp-phangnga/").status_code == 200
    assert client.get(f"/health/q/{token}").status_code == 200
    assert client.get("/health/q/not-a-token").status_code == 404
    assert client.get("/health/queue/hosp-phangnga/").status_code == 302  # to login


def test_staff_of_another_facility_cannot_run_this_queue(client, make_user, places):
    client.force_login(make_user("hospital_staff", facility="hosp-takuapa"))
    assert client.get("/health/queue/hosp-phangnga/").status_code == 403
    client.force_login(make_user("health_officer", facility="hosp-takuapa"))
    assert client.get("/health/queue/hosp-phangnga/").status_code == 200


@pytest.mark.parametrize("url", ["/health/", "/health/waiting/", "/health/ckd/", "/health/ckd/kpi/", "/health/ckd/overdue/",
                                 "/health/ckd/import/", "/health/waiting/import/", "/health/queue/"])  # fmt: skip
def test_pages_need_a_health_role(client, make_user, places, url):
    client.force_login(make_user("viewer"))
    assert client.get(url).status_code == 403
    client.force_login(make_user("health_officer"))
    assert client.get(url).status_code == 200
