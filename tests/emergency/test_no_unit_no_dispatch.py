"""A plan without a unit cannot be approved: nothing is dispatched, no hospital is told, and the
page says what is missing and who else to call (issue: "approve and dispatch" with no resource
marked the incident dispatched and said the hospital was notified)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from phangnga.emergency.models import Incident, PreArrivalNotice
from phangnga.fleet import registry
from phangnga.fleet.models import Resource

URL = "/api/v1/emergency/incidents"
AT_SEA = {"kind": "near_drowning", "lat": 8.62, "lon": 98.15, "patients": [{"age": 30, "vitals": {"rr": 0}}]}


@pytest.fixture
def dispatcher(make_user):
    return make_user("dispatcher", username="disp")


@pytest.fixture
def every_boat_busy(units):
    Resource.objects.exclude(kind="ambulance").update(status="dispatched")
    Resource.objects.filter(code="rb-khuraburi-1").update(status="out_of_service")


def report(api, user) -> dict:
    response = api(user).post(URL, dict(AT_SEA, reported_at=timezone.now().isoformat()))
    assert response.status_code == 201, response.content
    return response.json()


def test_plan_without_a_unit_lists_busy_units_and_other_responders(api, dispatcher, every_boat_busy):
    plan = report(api, dispatcher)["plan"]
    assert plan["resource"] is None
    busy = {u["code"]: u["why"] for u in plan["no_unit"]["units"]}
    assert busy["rb-thaplamu-1"] == "dispatched" and busy["rb-khuraburi-1"] == "out_of_service"
    assert "helicopter" in [o["code"] for o in plan["no_unit"]["others"]]


def test_approving_a_plan_without_a_unit_is_refused_and_writes_nothing(api, dispatcher, every_boat_busy):
    incident = report(api, dispatcher)
    response = api(dispatcher).post(f"{URL}/{incident['id']}/plan/accept", {})
    assert response.status_code == 409
    assert response.json()["error"] == "no_unit" and "resource" in response.json()["fields"]
    stored = Incident.objects.get(pk=incident["id"])
    assert stored.status == "new"
    assert not PreArrivalNotice.objects.filter(incident=stored).exists()
    assert not registry.holds_of("incident", stored.pk)
    assert not stored.events.filter(kind="dispatched").exists()


def test_the_page_refuses_too_and_never_says_the_hospital_was_told(api, dispatcher, every_boat_busy):
    incident = report(api, dispatcher)
    web = Client()
    web.force_login(dispatcher)
    page = web.get(f"/emergency/incidents/{incident['id']}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="no-unit"' in page and "tel:1669" in page
    after = web.post(f"/emergency/incidents/{incident['id']}/accept", {}, follow=True).content.decode()
    assert "notified" not in after and "แจ้งเตือนล่วงหน้าถึง" not in after
    assert "ยังไม่ได้สั่งการหน่วยใด" in after
    assert Incident.objects.get(pk=incident["id"]).status == "new"


def test_a_dispatch_with_a_unit_says_which_hospital_got_the_notice(api, dispatcher, units):
    incident = report(api, dispatcher)
    web = Client()
    web.force_login(dispatcher)
    after = web.post(
        f"/emergency/incidents/{incident['id']}/accept", {}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    notice = PreArrivalNotice.objects.get(incident_id=incident["id"])
    assert f"ส่งแจ้งเตือนล่วงหน้าถึง{notice.hospital.name_th}แล้ว" in after  # staff pages speak Thai
