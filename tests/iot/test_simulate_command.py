"""`phangnga iot-simulate` publishes the registry's devices over Mosquitto; the ingester stores it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from phangnga.core.audit import Actor
from phangnga.iot import services
from phangnga.iot.ingest import Ingester
from phangnga.iot.models import Reading

pytestmark = pytest.mark.mqtt


def test_simulate_publishes_realistic_values_for_each_device(make_user, mq):
    codes = []
    for kind, channels in [
        ("greenhouse", ["temperature", "soil_moisture", "ec", "ph"]),
        ("weather_station", ["temperature", "humidity", "wind"]),
    ]:
        site = services.create_site(
            Actor(),
            code=mq.unique_code(f"s-{kind[:3]}"),
            kind=kind,
            name_th="x",
            name_en="x",
            lat=8.45,
            lon=98.53,
            owner=None,
        )
        services.create_device(Actor(), site, code="n1", name="n1", channels=channels, actuators=["pump"])
        codes.append(site.code)
    ingester = Ingester(mq.unique_code("s-ingest"), codes, tick_s=3600)
    ingester.start()
    try:
        call_command("iot-simulate", sites=",".join(codes), duration=0.01, interval=0.1)
        mq.pump(ingester, lambda: Reading.objects.count() >= 7)
    finally:
        ingester.stop()
        mq.forget_session(ingester.client_id)
    values = {r.channel: r.value for r in Reading.objects.filter(device__site__code=codes[0])}
    assert set(values) == {"temperature", "soil_moisture", "ec", "ph"}
    assert 15 < values["temperature"] < 45 and 0 <= values["soil_moisture"] <= 100 and 4 < values["ph"] < 8
    wx = {r.channel: r.value for r in Reading.objects.filter(device__site__code=codes[1])}
    assert 20 < wx["temperature"] < 36 and 30 < wx["humidity"] <= 100 and wx["wind"] >= 0
