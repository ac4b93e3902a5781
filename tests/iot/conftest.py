"""IoT test fixtures. MQTT tests get a unique site per test run, an in-process ingester
(its database work runs in the test's thread), and a way to wait for a condition."""

from __future__ import annotations

import os
import socket
import time
import uuid

import pytest

from phangnga.core.audit import Actor

IN_CI = os.environ.get("CI", "").lower() == "true"


def broker_up(host: str = "127.0.0.1", port: int = 1883) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def need_broker() -> None:
    """Skip without a broker, except in CI where it must be there (conftest's need_or_skip)."""
    if broker_up():
        return
    if IN_CI:
        pytest.fail("required in CI: Mosquitto on 127.0.0.1:1883")
    pytest.skip("no MQTT broker on 127.0.0.1:1883")


def unique_code(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def pump(ingester, until, timeout: float = 10.0):
    """Run the ingester in this thread until `until()` is truthy; returns its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ingester.run_once(timeout=0.1)
        if result := until():
            return result
    raise AssertionError(f"condition not met within {timeout} s")


def forget_session(client_id: str) -> None:
    """Drop a persistent test session from the broker (a clean-session connect does that)."""
    from phangnga.iot.mqtt import make_client

    client = make_client(client_id)
    client.connect("127.0.0.1", 1883)
    client.loop_start()
    time.sleep(0.1)
    client.disconnect()
    client.loop_stop()


class MqttKit:
    """The helpers above as one fixture (tests run with --import-mode=importlib, so test
    modules cannot import a sibling module)."""

    need_broker = staticmethod(need_broker)
    unique_code = staticmethod(unique_code)
    pump = staticmethod(pump)
    forget_session = staticmethod(forget_session)


@pytest.fixture
def mq() -> MqttKit:
    need_broker()
    return MqttKit()


@pytest.fixture
def farm(make_user, mq):
    """A unique pig house with one controller (temperature, humidity; fan), an in-process
    ingester subscribed to that site only, and a publisher client."""
    from phangnga.iot import services
    from phangnga.iot.ingest import Ingester
    from phangnga.iot.mqtt import make_client

    owner = make_user("farmer")
    site = services.create_site(
        Actor(),
        code=unique_code("t-pig"),
        kind="pig_house",
        name_th="โรงเรือนสุกร",
        name_en="Test pig house",
        lat=8.45,
        lon=98.53,
        owner=owner,
    )
    device, _token = services.create_device(
        Actor(), site, code="ctl", name="Controller", channels=["temperature", "humidity"], actuators=["fan"]
    )
    ingester = Ingester(unique_code("t-ingest"), [site.code], tick_s=3600)
    ingester.start()
    publisher = make_client()
    publisher.connect("127.0.0.1", 1883)
    publisher.loop_start()
    yield owner, site, device, ingester, publisher
    publisher.disconnect()
    publisher.loop_stop()
    ingester.stop()
    forget_session(ingester.client_id)
