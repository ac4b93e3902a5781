"""API: rules are validated by the kernel (422 naming the field); a rule created by the API
acts on HTTP telemetry; manual commands are idempotent and pause the rules on that actuator."""

from __future__ import annotations

import time

import pytest

from phangnga.core.audit import Actor
from phangnga.iot import services
from phangnga.iot.models import Command, Rule


@pytest.fixture
def pig(make_user):
    owner = make_user("farmer")
    site = services.create_site(
        Actor(),
        code="pig-api",
        kind="pig_house",
        name_th="โรงเรือนสุกร",
        name_en="Pig house",
        lat=8.45,
        lon=98.53,
        owner=owner,
    )
    device, token = services.create_device(
        Actor(), site, code="ctl", name="Controller", channels=["temperature"], actuators=["fan", "mist"]
    )
    return site, device, token


def rule_body(site, device, **params):
    return {
        "site": site.code,
        "name": "Fan on when hot",
        "kind": "threshold",
        "sensor": device.id,
        "channel": "temperature",
        "target": device.id,
        "actuator": "fan",
        "params": {"direction": "above", "on_at": 30, "off_at": 28, "min_cycle_min": 5, **params},
    }


def test_create_rule_and_it_acts_on_http_telemetry(api, pig):
    site, device, token = pig
    response = api(site.owner).post("/api/v1/iot/rules", rule_body(site, device))
    assert response.status_code == 201, response.json()
    device_api = api()
    device_api.headers["Authorization"] = f"Bearer {token}"
    device_api.post("/api/v1/iot/telemetry", {"ts": int(time.time() * 1000), "values": {"temperature": 31.5}})
    command = Command.objects.get(rule_id=response.json()["id"])
    assert command.on is True and command.actuator == "fan"
    assert Rule.objects.get(pk=response.json()["id"]).last_reason.startswith("31.5 at or above 30")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"off_at": 32}, "off_at"),
        ({"on_at": None}, "on_at"),
        ({"for_min": -1}, "for_min"),
        ({"failsafe": "maybe"}, "failsafe"),
        ({"on_at": "hot"}, "on_at"),
    ],
)
def test_bad_rule_parameters_name_the_field(api, pig, params, field):
    site, device, _ = pig
    response = api(site.owner).post("/api/v1/iot/rules", rule_body(site, device, **params))
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_rule_wiring_is_checked(api, pig):
    site, device, _ = pig
    body = rule_body(site, device)
    body["actuator"] = "pump"
    response = api(site.owner).post("/api/v1/iot/rules", body)
    assert response.status_code == 422 and "actuator" in response.json()["fields"]
    schedule = {**rule_body(site, device), "kind": "schedule", "params": {"windows": [{"start": "6am"}]}}
    response = api(site.owner).post("/api/v1/iot/rules", schedule)
    assert response.status_code == 422 and "windows" in response.json()["fields"]


def test_manual_command_is_idempotent_and_pauses_rules(api, pig, settings):
    site, device, _ = pig
    settings.MQTT_PORT = 1  # no broker: the command stays pending for the ingester's retry loop
    rule = Rule.objects.create(
        site=site,
        name="Fan",
        kind="threshold",
        sensor=device,
        channel="temperature",
        target=device,
        actuator="fan",
        params={"direction": "above", "on_at": 30, "off_at": 28},
    )
    client = api(site.owner)
    first = client.post(
        f"/api/v1/iot/devices/{device.id}/commands",
        {"actuator": "fan", "state": "on"},
        headers={"Idempotency-Key": "press-1"},
    )
    again = client.post(
        f"/api/v1/iot/devices/{device.id}/commands",
        {"actuator": "fan", "state": "on"},
        headers={"Idempotency-Key": "press-1"},
    )
    assert first.status_code == 202 and again.json()["id"] == first.json()["id"]
    assert Command.objects.filter(device=device).count() == 1
    status = client.get(f"/api/v1/iot/commands/{first.json()['id']}").json()
    assert status["status"] == "pending" and status["attempts"] == 1 and status["error"]
    rule.refresh_from_db()
    assert rule.paused_until is not None


def test_command_for_a_missing_actuator_or_by_a_viewer(api, pig, make_user):
    site, device, _ = pig
    response = api(site.owner).post(
        f"/api/v1/iot/devices/{device.id}/commands", {"actuator": "pump", "state": "on"}
    )
    assert response.status_code == 422 and "actuator" in response.json()["fields"]
    viewer = api(make_user("viewer"))
    assert viewer.get(f"/api/v1/iot/devices/{device.id}").status_code == 200
    assert (
        viewer.post(
            f"/api/v1/iot/devices/{device.id}/commands", {"actuator": "fan", "state": "on"}
        ).status_code
        == 403
    )
    bad_state = api(site.owner).post(
        f"/api/v1/iot/devices/{device.id}/commands", {"actuator": "fan", "state": "up"}
    )
    assert bad_state.status_code == 422 and "state" in bad_state.json()["fields"]
