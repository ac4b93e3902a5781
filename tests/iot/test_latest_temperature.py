"""Smart Travel's call: the nearest weather station's fresh temperature."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phangnga.core.audit import Actor
from phangnga.iot import services, store
from phangnga.iot.readings import latest_temperature


@pytest.fixture
def stations(db):
    made = {}
    for code, name, lat, lon in [
        ("wx-a", "Khao Lak weather station", 8.643, 98.253),
        ("wx-b", "Phang Nga town weather station", 8.4509, 98.5299),
        ("wx-c", "Koh Yao weather station", 8.1101, 98.5923),
    ]:
        site = services.create_site(
            Actor(),
            code=code,
            kind="weather_station",
            name_th=name,
            name_en=name,
            lat=lat,
            lon=lon,
            owner=None,
        )
        made[code] = services.create_device(
            Actor(), site, code="wx", name="wx", channels=["temperature"], actuators=[]
        )[0]
    return made


def report(device, celsius: float, minutes_ago: float) -> None:
    at = timezone.now() - timedelta(minutes=minutes_ago)
    store.store({device.id: [(store.dt_to_ms(at), "temperature", celsius)]})


def test_nearest_station_with_a_fresh_reading(stations):
    report(stations["wx-a"], 29.5, 10)
    report(stations["wx-b"], 31.0, 5)
    report(stations["wx-c"], 30.2, 20)
    value, at, name = latest_temperature(8.66, 98.25)  # Bang Niang beach, near Khao Lak
    assert (value, name) == (29.5, "Khao Lak weather station")
    assert abs((timezone.now() - at).total_seconds() - 600) < 5 and at.tzinfo is not None
    assert latest_temperature(8.10, 98.60)[2] == "Koh Yao weather station"


def test_stale_nearest_station_falls_back_to_the_next_fresh_one(stations):
    report(stations["wx-a"], 29.5, 120)
    report(stations["wx-b"], 31.0, 5)
    assert latest_temperature(8.66, 98.25)[2] == "Phang Nga town weather station"
    assert latest_temperature(8.66, 98.25, max_age_min=180)[2] == "Khao Lak weather station"


def test_no_fresh_station_is_none(stations):
    assert latest_temperature(8.66, 98.25) is None
    report(stations["wx-c"], 30.0, 91)
    assert latest_temperature(8.66, 98.25) is None
