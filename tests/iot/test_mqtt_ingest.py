"""Against the real Mosquitto: telemetry published -> stored -> visible through the API;
a garbage payload is counted on its device and the next good one is still stored."""

from __future__ import annotations

import json
import time

import pytest

from phangnga.iot.models import Device, Reading

pytestmark = pytest.mark.mqtt


def publish(publisher, site, device, payload) -> None:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    publisher.publish(f"phangnga/{site.code}/{device.code}/telemetry", body, qos=1).wait_for_publish(5)


def test_published_telemetry_is_stored_and_visible_through_the_api(farm, mq, api):
    owner, site, device, ingester, publisher = farm
    ts = int(time.time() * 1000)
    publish(publisher, site, device, {"ts": ts, "values": {"temperature": 29.4, "humidity": 81.0}})
    mq.pump(ingester, lambda: Reading.objects.filter(device=device).count() == 2)
    body = api(owner).get(f"/api/v1/iot/devices/{device.id}/telemetry?channel=temperature").json()
    assert body["readings"] == [
        {"ts": ts, "at": body["readings"][0]["at"], "channel": "temperature", "value": 29.4}
    ]
    status = api(owner).get(f"/api/v1/iot/devices/{device.id}").json()
    assert status["online"] is True
    assert status["latest"]["humidity"]["value"] == 81.0


def test_a_redelivered_or_duplicate_reading_is_stored_once(farm, mq):
    _, site, device, ingester, publisher = farm
    ts = int(time.time() * 1000)
    for _ in range(3):
        publish(publisher, site, device, {"ts": ts, "values": {"temperature": 30.0}})
    publish(publisher, site, device, {"ts": ts + 1000, "values": {"temperature": 30.5}})
    mq.pump(ingester, lambda: ingester.stats["messages"] >= 4)
    assert sorted(Reading.objects.filter(device=device).values_list("ts_ms", flat=True)) == [ts, ts + 1000]


def test_garbage_is_counted_and_the_next_good_payload_is_stored(farm, mq):
    _, site, device, ingester, publisher = farm
    publish(publisher, site, device, b"\xff\xfe not json")
    publish(publisher, site, device, {"ts": "yesterday", "values": {"temperature": 1}})
    ts = int(time.time() * 1000)
    publish(publisher, site, device, {"ts": ts, "values": {"temperature": 27.0}})
    mq.pump(ingester, lambda: Reading.objects.filter(device=device, ts_ms=ts).exists())
    device.refresh_from_db()
    assert device.malformed_count == 2
    assert "ts must be an integer" in device.last_malformed_reason
    assert Reading.objects.get(device=device).value == 27.0


def test_an_unregistered_device_topic_is_not_stored(farm, mq):
    _, site, device, ingester, publisher = farm
    ts = int(time.time() * 1000)
    publisher.publish(
        f"phangnga/{site.code}/intruder/telemetry",
        json.dumps({"ts": ts, "values": {"temperature": 99}}),
        qos=1,
    ).wait_for_publish(5)
    publish(publisher, site, device, {"ts": ts, "values": {"temperature": 28}})
    mq.pump(ingester, lambda: Reading.objects.filter(device=device).exists())
    assert ingester.stats["unknown"] == 1
    assert not Reading.objects.exclude(device=device).filter(device__site=site).exists()
    assert Device.objects.filter(site=site).count() == 1
