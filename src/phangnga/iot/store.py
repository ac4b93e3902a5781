"""Writing telemetry: batched inserts that store each (device, channel, ts) once, and the
per-device newest values the dashboard and the rules read."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import Device, Reading

log = logging.getLogger(__name__)
BATCH_SIZE = 10_000


def _insert_sql() -> str:
    q = connection.ops.quote_name
    table = q(Reading._meta.db_table)
    return (
        f"INSERT INTO {table} ({q('device_id')}, {q('channel')}, {q('ts_ms')}, {q('value')}) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING"
    )


def store(rows_by_device: dict[int, list[tuple[int, str, float]]]) -> int:
    """Insert readings {device_id: [(ts_ms, channel, value)]} in one transaction; a reading
    already stored (same device, channel, ts) is skipped by the unique constraint. Returns
    the number of rows offered.

    This is bulk_create(ignore_conflicts=True) without building a model instance per row:
    the same INSERT ... ON CONFLICT DO NOTHING (SQLite >= 3.24 and PostgreSQL) through
    executemany, which measured about 6x faster (bench/iot_ingest.py)."""
    if not rows_by_device:
        return 0
    params = [
        (device_id, channel, ts, value)
        for device_id, rows in rows_by_device.items()
        for ts, channel, value in rows
    ]
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _copy_postgresql(params)
        else:
            sql = _insert_sql()
            with connection.cursor() as cursor:
                for start in range(0, len(params), BATCH_SIZE):
                    cursor.executemany(sql, params[start : start + BATCH_SIZE])
        _update_latest(rows_by_device, now)
    return len(params)


def _copy_postgresql(params: list[tuple[int, str, int, float]]) -> None:
    """PostgreSQL: COPY straight into the table (the fast path, ~2x the ON CONFLICT insert);
    when the batch holds a reading that is already stored (a QoS 1 redelivery, a device
    retry) the COPY fails on the unique index, so undo it to a savepoint and go through a
    temporary table with INSERT ... SELECT ... ON CONFLICT DO NOTHING instead."""
    from psycopg import errors

    q = connection.ops.quote_name
    table = q(Reading._meta.db_table)
    columns = f"{q('device_id')}, {q('channel')}, {q('ts_ms')}, {q('value')}"
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
        return
    except errors.UniqueViolation:
        pass  # psycopg's own error: the raw COPY does not pass through Django's wrapper
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS iot_reading_in (device_id bigint, channel varchar(16), "
            "ts_ms bigint, value double precision) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy("COPY iot_reading_in (device_id, channel, ts_ms, value) FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT device_id, channel, ts_ms, value FROM iot_reading_in "
            "ON CONFLICT DO NOTHING"
        )


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
