"""Writing telemetry: batched inserts that store each (device, channel, ts) once, and the
per-device newest values the dashboard and the rules read."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Device, Reading

log = logging.getLogger(__name__)
BATCH_SIZE = 5000


def store(rows_by_device: dict[int, list[tuple[int, str, float]]]) -> int:
    """Insert readings {device_id: [(ts_ms, channel, value)]} in one transaction; duplicates
    are ignored by the unique constraint. Returns the number of rows offered."""
    if not rows_by_device:
        return 0
    objs = [
        Reading(device_id=device_id, ts_ms=ts, channel=channel, value=value)
        for device_id, rows in rows_by_device.items()
        for ts, channel, value in rows
    ]
    now = timezone.now()
    with transaction.atomic():
        Reading.objects.bulk_create(objs, batch_size=BATCH_SIZE, ignore_conflicts=True)
        _update_latest(rows_by_device, now)
    return len(objs)


def _update_latest(rows_by_device: dict[int, list[tuple[int, str, float]]], now: datetime) -> None:
    devices = (
        Device.objects.select_for_update()
        .filter(pk__in=list(rows_by_device))
        .only("id", "last_values", "last_seen_at", "offline_alerted")
    )
    changed = []
    for device in devices:
        latest = dict(device.last_values or {})
        for ts, channel, value in rows_by_device[device.id]:
            current = latest.get(channel)
            if current is None or ts >= current[0]:
                latest[channel] = [ts, value]
        device.last_values = latest
        device.last_seen_at = now
        changed.append(device)
    Device.objects.bulk_update(changed, ["last_values", "last_seen_at"])


def count_malformed(reasons: dict[int, tuple[int, str]]) -> None:
    """{device_id: (count, last reason)} -> add to each device's malformed counter."""
    now = timezone.now()
    for device_id, (count, reason) in reasons.items():
        Device.objects.filter(pk=device_id).update(
            malformed_count=F("malformed_count") + count,
            last_malformed_reason=reason[:255],
            last_malformed_at=now,
        )


class MalformedTally:
    """Counts malformed messages per device between flushes and logs them (rate-limited:
    one line per device per flush, so a broken device cannot flood the log)."""

    def __init__(self) -> None:
        self.counts: Counter[int] = Counter()
        self.reasons: dict[int, str] = {}
        self.unknown: Counter[str] = Counter()

    def add(self, device_id: int, reason: str) -> None:
        self.counts[device_id] += 1
        self.reasons[device_id] = reason

    def add_unknown(self, topic: str) -> None:
        self.unknown[topic] += 1

    def flush(self) -> None:
        for device_id, count in self.counts.items():
            log.warning(
                "iot: %d malformed message(s) from device %s: %s", count, device_id, self.reasons[device_id]
            )
        for name, count in self.unknown.items():
            log.warning("iot: %d message(s) on %s from an unknown or inactive device", count, name)
        if self.counts:
            count_malformed({d: (c, self.reasons[d]) for d, c in self.counts.items()})
        self.counts.clear()
        self.reasons.clear()
        self.unknown.clear()


def ms_to_dt(ts_ms: int) -> datetime:
    return datetime.fromtimestamp(ts_ms / 1000, tz=UTC)


def dt_to_ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


def group_rows(rows: Iterable[tuple[int, int, str, float]]) -> dict[int, list[tuple[int, str, float]]]:
    grouped: dict[int, list[tuple[int, str, float]]] = {}
    for device_id, ts, channel, value in rows:
        grouped.setdefault(device_id, []).append((ts, channel, value))
    return grouped
