"""In a real browser: press "fan On" on the site page; the command goes over Mosquitto to a
simulated device, which obeys and acks; the button's status (HTMX polling) turns to
acknowledged. The full closed loop a farmer sees."""

from __future__ import annotations

import time

import pytest

from browser_session import login
from phangnga.core.audit import Actor
from phangnga.iot import services
from phangnga.iot.ingest import Ingester
from phangnga.iot.simulation import SimDevice
from phangnga.iot.simulator import Simulator

pytestmark = [pytest.mark.browser, pytest.mark.mqtt]


def test_fan_button_shows_the_device_ack(transactional_db, live_server, page, make_user, mq):
    owner = make_user("farmer")
    site = services.create_site(
        Actor(),
        code=mq.unique_code("b-pig"),
        kind="pig_house",
        name_th="โรงเรือนสุกร",
        name_en="Browser pig house",
        lat=8.45,
        lon=98.53,
        owner=owner,
    )
    device = services.create_device(
        Actor(), site, code="ctl", name="Controller", channels=["temperature"], actuators=["fan"]
    )[0]
    ingester = Ingester(mq.unique_code("b-ingest"), [site.code], tick_s=3600)
    sim = SimDevice("pig_house", site.code, "ctl", ("temperature",), {"fan": False})
    simulator = Simulator([sim])
    ingester.start()
    simulator.start()
    try:
        login(page, live_server.url, owner.username)
        page.goto(f"{live_server.url}/iot/sites/{site.code}/")
        page.click('[data-switch="fan-on"]')
        page.wait_for_selector(f"#ack-{device.id}-fan [data-status]")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not page.locator('[data-status="acked"]').count():
            ingester.run_once(timeout=0.1)  # records the ack (the database work runs in this thread)
            page.wait_for_timeout(100)
        assert page.locator(f"#ack-{device.id}-fan [data-status=acked]").count() == 1
        assert sim.actuators["fan"] is True
        page.reload()
        assert "พัดลม: เปิดอยู่" in page.inner_text("#live")  # fan: on, on a Thai page
    finally:
        simulator.stop()
        ingester.stop()
        mq.forget_session(ingester.client_id)
