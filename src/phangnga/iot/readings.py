"""Reading telemetry back: latest values, downsampled series, the nearest weather station."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import Avg, F, Max, Min
from django.utils import timezone

from phangnga.geo.places import haversine_km

from .models import Device, Reading, SiteKind

# Chart ranges: span and bucket, so every chart has at most ~300 points whatever the rate.
RANGES = {"24h": (timedelta(hours=24), 5 * 60_000), "7d": (timedelta(days=7), 60 * 60_000)}


def latest_temperature(lat: float, lon: float, max_age_min: int = 90) -> tuple[float, datetime, str] | None:
    """(°C, as-of time in UTC, station name) from the nearest weather station whose latest
    temperature is at most `max_age_min` old; None when no station has a fresh reading.
    Smart Travel calls this for its landing pages."""
    now = timezone.now()
    best: tuple[float, float, datetime, str] | None = None
    stations = Device.objects.select_related("site").filter(active=True, site__kind=SiteKind.WEATHER_STATION)
    for device in stations:
        latest = device.latest("temperature")
        if latest is None or now - latest[1] > timedelta(minutes=max_age_min):
            continue
        km = haversine_km(lat, lon, device.site.lat, device.site.lon)
        if best is None or km < best[0]:
            best = (km, latest[0], latest[1], device.site.name_en)
    if best is None:
        return None
    return best[1], best[2], best[3]


def series(device: Device, channel: str, range_key: str = "24h", now: datetime | None = None) -> list[dict]:
    """Server-side downsampling: avg/min/max per bucket (5 min over 24 h, 1 h over 7 days)."""
    span, bucket_ms = RANGES[range_key]
    now = now or timezone.now()
    return window(device, channel, now - span, now, bucket_ms)


def window(device: Device, channel: str, since: datetime, until: datetime, bucket_ms: int) -> list[dict]:
    """avg/min/max of a channel per bucket between two times, computed in the database."""
    rows = (
        Reading.objects.filter(
            device=device,
            channel=channel,
            ts_ms__gte=int(since.timestamp() * 1000),
            ts_ms__lte=int(until.timestamp() * 1000),
        )
        .annotate(bucket=F("ts_ms") / bucket_ms)
        .values("bucket")
        .annotate(avg=Avg("value"), lo=Min("value"), hi=Max("value"))
        .order_by("bucket")
    )
    return [
        {
            "t": datetime.fromtimestamp(int(r["bucket"]) * bucket_ms / 1000, tz=UTC),
            "avg": r["avg"],
            "min": r["lo"],
            "max": r["hi"],
        }
        for r in rows
    ]


def raw(device: Device, channel: str | None, since: datetime | None, limit: int) -> list[Reading]:
    qs = Reading.objects.filter(device=device)
    if channel:
        qs = qs.filter(channel=channel)
    if since:
        try:
            since_ms = int(since.timestamp() * 1000)
        except (OverflowError, ValueError, OSError):
            since_ms = 0  # before the epoch or unrepresentable: from the beginning
        qs = qs.filter(ts_ms__gte=since_ms)
    return list(qs.order_by("ts_ms", "channel")[:limit])
