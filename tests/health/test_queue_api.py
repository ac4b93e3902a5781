"""Queue and waiting-time API: idempotent tickets from phones, call next, public status."""

import pytest

from phangnga.health.models import ServicePoint, Visit


@pytest.fixture
def staff(api, make_user, places):
    return api(make_user("hospital_staff", facility="hosp-takuapa"))


def test_ticket_is_idempotent(staff):
    key = {"Idempotency-Key": "tablet-7-0001"}
    first = staff.post("/api/v1/health/queue/hosp-takuapa/tickets", {"extra": ["xray"]}, headers=key)
    again = staff.post("/api/v1/health/queue/hosp-takuapa/tickets", {"extra": ["xray"]}, headers=key)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == again.json() and Visit.objects.count() == 1
    assert "xray" in first.json()["route"]
    assert staff.post("/api/v1/health/queue/hosp-takuapa/tickets", {"extra": ["mri"]}).status_code == 422


def test_call_next_and_public_status(staff, api):
    token = staff.post("/api/v1/health/queue/hosp-takuapa/tickets", {}).json()["token"]
    staff.post("/api/v1/health/queue/hosp-takuapa/tickets", {})
    anonymous = api()
    status = anonymous.get(f"/api/v1/health/queue/status/{token}").json()
    assert status["state"] == "waiting" and status["ahead"] == 0 and status["expected_wait_min"] == 3
    point = ServicePoint.objects.get(facility__code="hosp-takuapa", kind="registration")
    called = staff.post(f"/api/v1/health/queue/points/{point.pk}/next").json()
    assert called == {"called": 1, "point": "Registration 1", "kind": "registration", "waiting": 1}
    status = anonymous.get(f"/api/v1/health/queue/status/{token}").json()
    assert status["state"] == "called" and status["point"] == "Registration 1"
    board = anonymous.get("/api/v1/health/queue/hosp-takuapa/now-serving").json()
    assert board[0]["serving"] == [{"number": 1, "point": "Registration 1"}]


def test_other_facility_and_roles(staff, api, make_user):
    assert staff.post("/api/v1/health/queue/hosp-phangnga/tickets", {}).status_code == 403
    assert api(make_user("viewer")).get("/api/v1/health/waiting").status_code == 403


def test_waiting_api_validates(staff):
    assert staff.get("/api/v1/health/waiting?facility=nowhere").json()["fields"] == {
        "facility": "unknown facility 'nowhere'"
    }
    r = staff.get(
        "/api/v1/health/waiting/compare?before_start=2019-03-01&before_end=2019-01-01"
        "&after_start=2020-01-01&after_end=2020-03-31"
    )
    assert r.status_code == 422 and "before_end" in r.json()["fields"]
