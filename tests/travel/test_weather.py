"""The temperature now: from the platform's weather stations (IoT) when it has a fresh reading,
from a static provider in demos, cached with its time, and hidden when none."""

from datetime import timedelta

import pytest
from django.utils import timezone

from phangnga.travel import weather

pytestmark = pytest.mark.django_db


def test_static_provider_and_cache(settings):
    settings.TRAVEL_WEATHER_PROVIDERS = ["phangnga.travel.weather.PlatformStations"]
    reading = weather.current_temperature(8.3, 98.5, providers=[weather.StaticProvider(29.5, source="demo")])
    assert reading.celsius == 29.5 and reading.source == "demo"
    # Cached: a second provider is not asked within the cache time.
    again = weather.current_temperature(8.3, 98.5, providers=[weather.StaticProvider(10.0)])
    assert again.celsius == 29.5


def test_old_reading_is_not_shown_as_now():
    old = timezone.now() - timedelta(hours=5)
    assert weather.current_temperature(8.3, 98.5, providers=[weather.StaticProvider(30, as_of=old)]) is None


def test_no_provider_no_temperature():
    assert weather.current_temperature(8.3, 98.5, providers=[]) is None


@pytest.mark.parametrize(
    "raw, ok",
    [
        ((31.2, timezone.now(), "Station A"), True),
        ({"temperature": 30, "ts": 1_700_000_000_000}, True),
        (31.2, False),
        ({"temperature": 99, "ts": 1_700_000_000}, False),
        (None, False),
    ],
)
def test_reading_shapes(raw, ok):
    assert (weather.reading_from(raw, "x") is not None) is ok


def test_platform_weather_station_reading_reaches_the_landing_page(client, make_sign):
    iot = pytest.importorskip("phangnga.iot.models")
    if not hasattr(pytest.importorskip("phangnga.iot.readings"), "latest_temperature"):
        pytest.skip("the IoT app has no latest_temperature yet")
    now = timezone.now()
    site = iot.Site.objects.create(
        code="ws-khaolak",
        kind=iot.SiteKind.WEATHER_STATION,
        name_th="สถานีเขาหลัก",
        name_en="Khao Lak weather station",
        lat=8.64,
        lon=98.25,
    )
    iot.Device.objects.create(
        site=site,
        code="ws1",
        name="WS1",
        token_digest="x" * 64,
        last_values={"temperature": [int(now.timestamp() * 1000), 31.4]},
    )
    sign = make_sign("nang-thong-beach")
    html = client.get(f"/s/{sign.code}?lang=en").content.decode()
    assert 'id="temp"' in html and "31.4 °C" in html and "Khao Lak weather station" in html
