"""Against the real Mosquitto: a hot reading fires the pig-house fan rule, the command
reaches the device's cmd topic, the simulated device obeys and acks, the ack is recorded;
a device that never answers gets retries and then a failed command and an alert."""

from __future__ import annotations

import json
import time

import pytest

from phangnga.iot import engine
from phangnga.iot.models import Alert, Command, CommandStatus, Rule
from phangnga.iot.notify import LocalNotifier
from phangnga.iot.simulation import SimDevice
from phangnga.iot.simulator import Simulator

pytestmark = pytest.mark.mqtt


def fan_rule(site, device) -> Rule:
    return Rule.objects.create(
        site=site,
        name="Fan",
        kind="threshold",
        sensor=device,
        channel="temperature",
        target=device,
        actuator="fan",
        params={"direction": "above", "on_at": 30, "off_at": 28},
    )


def test_rule_fires_command_reaches_device_and_ack_is_recorded(farm, mq):
    _, site, device, ingester, _publisher = farm
    rule = fan_rule(site, device)
    sim = SimDevice("pig_house", site.code, device.code, ("temperature", "humidity"), {"fan": False})
    simulator = Simulator([sim])
    simulator.start()
    try:
        simulator.publish_values(site.code, device.code, {"temperature": 31.2}).wait_for_publish(5)
        command = mq.pump(
            ingester, lambda: Command.objects.filter(rule=rule, status=CommandStatus.ACKED).first()
        )
        assert command.on is True and command.actuator == "fan"
        seen = simulator.commands_seen[0]
        assert seen["topic"] == f"phangnga/{site.code}/{device.code}/cmd"
        assert seen["body"]["id"] == command.request_id
        assert seen["body"]["params"] == {"fan": "on"}
        assert sim.actuators["fan"] is True  # the device obeyed
        device.refresh_from_db()
        assert device.actuator_state == {"fan": "on"}
        rule.refresh_from_db()
        assert rule.state["output"] is True
        # Cooling back below the band switches it off again: a second command, acked.
        simulator.publish_values(site.code, device.code, {"temperature": 27.5}).wait_for_publish(5)
        off = mq.pump(
            ingester, lambda: Command.objects.filter(rule=rule, on=False, status=CommandStatus.ACKED).first()
        )
        assert off.request_id != command.request_id and sim.actuators["fan"] is False
    finally:
        simulator.stop()


def test_unanswered_command_is_retried_then_failed_with_an_alert(farm, mq, monkeypatch):
    owner, site, device, ingester, publisher = farm
    monkeypatch.setattr(engine, "ACK_TIMEOUT_S", 0.2)
    LocalNotifier.sent.clear()
    received = []
    publisher.on_message = lambda c, u, m: received.append(json.loads(m.payload))
    publisher.subscribe(f"phangnga/{site.code}/{device.code}/cmd", qos=1)
    time.sleep(0.2)
    command = engine.manual_command(device, "fan", True, owner, publish=ingester.publish)
    for _ in range(engine.MAX_ATTEMPTS + 1):
        time.sleep(0.25)
        engine.retry_pending(ingester.publish)
    command.refresh_from_db()
    assert command.status == CommandStatus.FAILED
    assert command.attempts == engine.MAX_ATTEMPTS
    mq.pump(ingester, lambda: len(received) >= engine.MAX_ATTEMPTS)
    assert {r["id"] for r in received} == {command.request_id}  # retries reuse the request id
    alert = Alert.objects.get(site=site, message__contains="not acknowledged")
    assert "not acknowledged after 3 attempts" in alert.message
    assert alert.message in [m["text"] for m in LocalNotifier.sent]
    assert alert.deliveries == {"local": "recorded"}


def test_a_late_ack_after_failure_does_not_resurrect_the_command(farm, mq):
    owner, site, device, ingester, publisher = farm
    command = engine.manual_command(device, "fan", True, owner, publish=None)
    Command.objects.filter(pk=command.pk).update(status=CommandStatus.FAILED)
    publisher.publish(
        f"phangnga/{site.code}/{device.code}/ack", json.dumps({"id": command.request_id, "ok": True}), qos=1
    ).wait_for_publish(5)
    mq.pump(ingester, lambda: ingester.stats["acks"] >= 1)
    command.refresh_from_db()
    assert command.status == CommandStatus.FAILED
