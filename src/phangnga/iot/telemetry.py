"""Topics and telemetry payloads (pure: no Django).

Topic: ``phangnga/<site>/<device>/<kind>`` with kind telemetry, cmd or ack.
Payload (ThingsBoard's format): ``{"ts": ms, "values": {...}}`` or a list of those, so a
device can send many time-stamped samples in one message.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

ROOT = "phangnga"
CHANNELS: dict[str, str] = {
    "temperature": "°C",
    "humidity": "%",
    "soil_moisture": "%",
    "light": "lux",
    "ec": "mS/cm",
    "ph": "pH",
    "wind": "m/s",
    "rain": "mm",
}
# What a reading of each channel can physically be; outside it the sensor or the payload is broken.
CHANNEL_RANGES: dict[str, tuple[float, float]] = {
    "temperature": (-55.0, 125.0),  # DS18B20 / SHT3x measuring range (Maxim, Sensirion datasheets)
    "humidity": (0.0, 100.0),  # relative humidity, %
    "soil_moisture": (0.0, 100.0),  # volumetric water content, %
    "light": (0.0, 200_000.0),  # direct sunlight is about 100,000-130,000 lux
    "ec": (0.0, 200.0),  # soil EC probes read 0-20 mS/cm; sea water is about 55 mS/cm
    "ph": (0.0, 14.0),  # the pH scale
    "wind": (0.0, 120.0),  # the highest gust on record is 113 m/s (Barrow Island 1996, WMO archive)
    "rain": (0.0, 2_000.0),  # the 24-hour world record is 1,825 mm (Foc-Foc, Reunion 1966, WMO archive)
}
ACTUATORS = ("fan", "pump", "valve", "mist", "heater")
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# Readings older than this or more than a day in the future are rejected as malformed.
MIN_TS_MS = 946_684_800_000  # 2000-01-01
MAX_FUTURE_MS = 86_400_000
MAX_SAMPLES = 10_000


class Malformed(ValueError):
    """A payload that cannot be stored; the message says why."""


@dataclass(frozen=True)
class Topic:
    site: str
    device: str
    kind: str


def topic(site: str, device: str, kind: str) -> str:
    return f"{ROOT}/{site}/{device}/{kind}"


def parse_topic(name: str) -> Topic | None:
    parts = name.split("/")
    if len(parts) != 4 or parts[0] != ROOT:
        return None
    _, site, device, kind = parts
    if not (CODE_RE.match(site) and CODE_RE.match(device)):
        return None
    return Topic(site, device, kind)


def parse_samples(payload: bytes | str | dict | list, now_ms: int) -> list[tuple[int, str, float]]:
    """Payload -> [(ts_ms, channel, value)]. Raises Malformed for anything that is not
    exactly the documented shape: one bad sample rejects the whole message, so a device
    never gets half its batch stored without noticing."""
    if isinstance(payload, bytes | str):
        try:
            payload = json.loads(payload)
        except (ValueError, UnicodeDecodeError) as exc:
            raise Malformed(f"not JSON: {exc}") from None
        except RecursionError:
            raise Malformed("not JSON: nested too deep") from None
    samples = payload if isinstance(payload, list) else [payload]
    if not samples:
        raise Malformed("empty batch")
    if len(samples) > MAX_SAMPLES:
        raise Malformed(f"more than {MAX_SAMPLES} samples in one message")
    rows: list[tuple[int, str, float]] = []
    for i, sample in enumerate(samples):
        where = f"sample {i}: " if len(samples) > 1 else ""
        if not isinstance(sample, dict):
            raise Malformed(f"{where}expected an object with ts and values")
        ts = sample.get("ts")
        values = sample.get("values")
        if isinstance(ts, bool) or not isinstance(ts, int):
            raise Malformed(f"{where}ts must be an integer (epoch milliseconds)")
        if ts < MIN_TS_MS or ts > now_ms + MAX_FUTURE_MS:
            raise Malformed(f"{where}ts {ts} is not a plausible epoch-milliseconds time")
        if not isinstance(values, dict) or not values:
            raise Malformed(f"{where}values must be a non-empty object")
        for channel, value in values.items():
            if channel not in CHANNELS:
                raise Malformed(f"{where}unknown channel {channel!r}")
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise Malformed(f"{where}{channel} must be a finite number")
            low, high = CHANNEL_RANGES[channel]
            if not low <= value <= high:
                raise Malformed(
                    f"{where}{channel} {value:g} is outside {low:g} to {high:g} {CHANNELS[channel]}"
                )
            rows.append((ts, channel, float(value)))
    return rows


def parse_ack(payload: bytes | str) -> tuple[str, bool, dict]:
    """Ack payload ``{"id": request_id, "ok": true, "state": {...}}`` -> (id, ok, body)."""
    try:
        body = json.loads(payload)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise Malformed(f"ack is not JSON: {exc}") from None
    if not isinstance(body, dict) or not isinstance(body.get("id"), str):
        raise Malformed("ack needs a string id")
    return body["id"], bool(body.get("ok", True)), body


def command_payload(request_id: str, actuator: str, on: bool, ts_ms: int) -> str:
    """ThingsBoard-style RPC request: a method, params and the request id to echo in the ack."""
    return json.dumps(
        {"id": request_id, "method": "set", "params": {actuator: "on" if on else "off"}, "ts": ts_ms}
    )
