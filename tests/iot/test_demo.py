"""The demo loader: fast, idempotent, with history, rules, alerts and the three weather stations."""

from __future__ import annotations

import time

from phangnga.iot import demo
from phangnga.iot.models import Alert, Command, Device, DryerBatch, Reading, Rule, Site


def test_demo_loads_fast_and_only_once(make_user):
    make_user("farmer", username="farmer")
    started = time.monotonic()
    summary = demo.load()
    took = time.monotonic() - started
    assert "6 sites" in summary
    counts = (Site.objects.count(), Device.objects.count(), Reading.objects.count(), Rule.objects.count())
    assert demo.load() == "already loaded"
    assert (
        Site.objects.count(),
        Device.objects.count(),
        Reading.objects.count(),
        Rule.objects.count(),
    ) == counts
    assert took < 20
    assert {s.name_en for s in Site.objects.filter(kind="weather_station")} == {
        "Khao Lak weather station",
        "Phang Nga town weather station",
        "Koh Yao weather station",
    }
    pig = Device.objects.get(site__code="demo-pig-takuathung")
    span_days = (
        pig.readings.order_by("-ts_ms").first().ts_ms - pig.readings.order_by("ts_ms").first().ts_ms
    ) / 86400e3
    assert 6.9 < span_days <= 7.0
    assert Command.objects.filter(device=pig, actuator="fan").exists()  # the rules switched the fans
    assert Alert.objects.exists() and DryerBatch.objects.count() == 3
    assert Site.objects.get(code="demo-pig-takuathung").owner.username == "farmer"
