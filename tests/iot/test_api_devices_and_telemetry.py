"""API: register a device (token once, stored hashed), post telemetry with the device token,
read it back with filters; bad input is a 4xx naming the field."""

from __future__ import annotations

import time

import pytest

from phangnga.core.audit import Actor
from phangnga.core.models import hash_token
from phangnga.iot import services
from phangnga.iot.models import Device, Reading


@pytest.fixture
def site(make_user):
    owner = make_user("farmer")
    return services.create_site(
        Actor(),
        code="gh-api",
        kind="greenhouse",
        name_th="โรงเรือน",
        name_en="Greenhouse",
        lat=8.38,
        lon=98.45,
        owner=owner,
    )


def register(api, site, extra=None):
    body = {
        "site": site.code,
        "code": "node-1",
        "name": "Node 1",
        "channels": ["temperature", "soil_moisture"],
        "actuators": ["pump"],
        **(extra or {}),
    }
    return api(site.owner).post("/api/v1/iot/devices", body)


def test_register_returns_id_and_a_token_that_is_only_stored_hashed(api, site):
    response = register(api, site)
    assert response.status_code == 201
    body = response.json()
    device = Device.objects.get(pk=body["id"])
    assert body["token"].startswith("dev_")
    assert device.token_digest == hash_token(body["token"]) and body["token"] not in device.token_digest
    assert body["topics"]["telemetry"] == "phangnga/gh-api/node-1/telemetry"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"code": "Bad Code"}, "code"),
        ({"channels": ["colour"]}, "channels"),
        ({"actuators": ["laser"]}, "actuators"),
        ({"site": "nowhere"}, "site"),
    ],
)
def test_bad_device_input_names_the_field(api, site, extra, field):
    response = register(api, site, extra)
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_someone_elses_site_reads_as_unknown(api, site, make_user):
    body = {"site": site.code, "code": "x", "name": "x", "channels": ["temperature"]}
    theirs = api(make_user("farmer")).post("/api/v1/iot/devices", body)
    unknown = api(make_user("farmer")).post("/api/v1/iot/devices", {**body, "site": "no-such-site"})
    assert theirs.status_code == unknown.status_code == 422  # its existence is not confirmed
    assert theirs.json()["fields"]["site"] == f"unknown site {site.code!r}"
    assert api().post("/api/v1/iot/devices", body).status_code == 401


def test_device_posts_batches_with_its_token_and_duplicates_are_stored_once(api, site):
    body = register(api, site).json()
    device_api = api()
    device_api.headers["Authorization"] = f"Bearer {body['token']}"
    now = int(time.time() * 1000)
    batch = [
        {"ts": now - 60_000 * i, "values": {"temperature": 30 - i, "soil_moisture": 40 + i}} for i in range(5)
    ]
    response = device_api.post("/api/v1/iot/telemetry", batch)
    assert response.status_code == 202 and response.json()["accepted"] == 10
    device_api.post("/api/v1/iot/telemetry", batch[:2])  # a retry after a lost answer
    assert Reading.objects.filter(device_id=body["id"]).count() == 10
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime((now - 150_000) / 1000))
    read = api(site.owner).get(
        f"/api/v1/iot/devices/{body['id']}/telemetry?channel=temperature&since={since}"
    )
    values = [r["value"] for r in read.json()["readings"]]
    assert values == [28.0, 29.0, 30.0]  # oldest first, only since, only that channel


def test_wrong_token_is_401_and_a_malformed_batch_is_422_and_counted(api, site):
    body = register(api, site).json()
    stranger = api()
    stranger.headers["Authorization"] = "Bearer dev_not-a-real-token"
    assert stranger.post("/api/v1/iot/telemetry", {"ts": 1, "values": {}}).status_code == 401
    owner_token = api(site.owner)  # a user token is not a device token
    assert (
        owner_token.post(
            "/api/v1/iot/telemetry", {"ts": int(time.time() * 1000), "values": {"temperature": 1}}
        ).status_code
        == 401
    )
    device_api = api()
    device_api.headers["Authorization"] = f"Bearer {body['token']}"
    response = device_api.post(
        "/api/v1/iot/telemetry", {"ts": int(time.time() * 1000), "values": {"ph": "high"}}
    )
    assert response.status_code == 422
    assert "values" in response.json()["fields"]
    assert Device.objects.get(pk=body["id"]).malformed_count == 1


def test_unknown_channel_filter_is_422(api, site):
    body = register(api, site).json()
    response = api(site.owner).get(f"/api/v1/iot/devices/{body['id']}/telemetry?channel=colour")
    assert response.status_code == 422 and "channel" in response.json()["fields"]
