"""The temperature now near a point, from whichever weather provider answers first.

Providers are adapters behind one small interface. The platform's own weather stations come
through the IoT app (another team owns it): we call its public `latest_temperature(lat, lon)`
only if it exists, so the landing page never breaks because IoT is missing or down. A static
provider serves tests and demos. Answers are cached with their "as of" time; an old reading is
not shown as "now"."""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

log = logging.getLogger(__name__)

CACHE_SECONDS = 600
MAX_AGE = timedelta(hours=3)  # older than this is not "the temperature now"


@dataclass(frozen=True)
class Reading:
    celsius: float
    as_of: datetime
    source: str
    distance_km: float | None = None


class WeatherProvider(Protocol):
    name: str

    def current(self, lat: float, lon: float) -> Reading | None: ...


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)
    if isinstance(value, int | float):  # epoch seconds or milliseconds (ThingsBoard style)
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, UTC)
    if isinstance(value, str):
        try:
            return _as_datetime(datetime.fromisoformat(value))
        except ValueError:
            return None
    return None


def reading_from(raw: Any, source: str) -> Reading | None:
    """Accept the shapes another app may reasonably return: a Reading, a dict or an object with
    a temperature and a time, or a (celsius, time) pair. A bare number has no time: rejected,
    because we must not claim "as of now" for a value of unknown age."""
    if raw is None or isinstance(raw, Reading):
        return raw
    if isinstance(raw, tuple | list) and len(raw) >= 2:  # iot: (celsius, as_of, station name)
        celsius, when = raw[0], raw[1]
        distance = None
        source = str(raw[2]) if len(raw) > 2 and raw[2] else source
    else:
        get = raw.get if isinstance(raw, dict) else (lambda k, d=None: getattr(raw, k, d))
        celsius = next(
            (get(k) for k in ("celsius", "temperature", "value", "temp_c") if get(k) is not None), None
        )
        when = next((get(k) for k in ("as_of", "ts", "time", "at", "timestamp") if get(k) is not None), None)
        distance = get("distance_km")
        source = get("source") or get("device") or source
    as_of = _as_datetime(when)
    try:
        celsius = float(celsius)
    except (TypeError, ValueError):
        return None
    if as_of is None or not -20 <= celsius <= 60:
        return None
    return Reading(celsius, as_of, str(source), float(distance) if distance is not None else None)


class PlatformStations:
    """Weather stations of the platform's IoT app, if that app offers the function."""

    name = "platform-stations"

    def current(self, lat: float, lon: float) -> Reading | None:
        try:
            readings = importlib.import_module("phangnga.iot.readings")
        except ImportError:
            return None
        fn = getattr(readings, "latest_temperature", None)
        if fn is None:
            return None
        try:
            return reading_from(fn(lat, lon), "weather station")
        except Exception:  # another app's failure must not take the tourist page down
            log.exception("iot latest_temperature failed")
            return None


class StaticProvider:
    """A fixed reading (tests, demos, or a site with a manual thermometer)."""

    name = "static"

    def __init__(self, celsius: float, as_of: datetime | None = None, source: str = "demo"):
        self.reading = Reading(celsius, as_of or timezone.now(), source)

    def current(self, lat: float, lon: float) -> Reading | None:
        return self.reading


def default_providers() -> list[WeatherProvider]:
    """settings.TRAVEL_WEATHER_PROVIDERS may list dotted paths of provider classes."""
    paths = getattr(settings, "TRAVEL_WEATHER_PROVIDERS", None)
    if not paths:
        return [PlatformStations()]
    providers = []
    for path in paths:
        module, _, cls = path.rpartition(".")
        providers.append(getattr(importlib.import_module(module), cls)())
    return providers


def _cache_key(lat: float, lon: float) -> str:
    return f"travel:weather:{lat:.2f}:{lon:.2f}"  # ~1 km cells share one answer


def current_temperature(
    lat: float, lon: float, providers: list[WeatherProvider] | None = None, now: datetime | None = None
) -> Reading | None:
    """The freshest answer near (lat, lon), cached; None when no provider has a recent reading."""
    now = now or timezone.now()
    key = _cache_key(lat, lon)
    cached = cache.get(key)
    if cached is None:
        cached = ("none",)
        for provider in providers if providers is not None else default_providers():
            reading = provider.current(lat, lon)
            if reading is not None:
                cached = ("reading", reading)
                break
        cache.set(key, cached, CACHE_SECONDS)
    if cached[0] != "reading" or now - cached[1].as_of > MAX_AGE:
        return None
    return cached[1]
