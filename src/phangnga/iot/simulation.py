"""Plausible physics for simulated devices (pure: no Django, no MQTT).

Phang Nga is humid tropical coast: air 24-33 °C over the day, humidity 65-95 %. Inside
a pig house the animals and the roof add heat; fans pull it back toward outdoor air and
mist cools further. A greenhouse heats under sun, its soil dries and the pump wets it;
the fertigation valve raises EC. A solar dryer runs 25-30 °C above ambient at noon and
its air dries as it heats. Every value relaxes toward its target with a time constant,
so switching a fan on visibly bends the curve down within minutes: the closed loop.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

BANGKOK_OFFSET_H = 7


def local_hour(ts_s: float) -> float:
    return ((ts_s / 3600.0) + BANGKOK_OFFSET_H) % 24


def sun(ts_s: float) -> float:
    """0 at night, 1 at solar noon (sunrise ~06:15, sunset ~18:15 in Phang Nga)."""
    h = local_hour(ts_s)
    return max(0.0, math.sin(math.pi * (h - 6.25) / 12.0))


def outdoor_temperature(ts_s: float, coastal: float = 0.5, seed_offset: float = 0.0) -> float:
    """Daily cycle: minimum ~05:00 about 24.5 °C, maximum ~14:00 about 32 °C; the sea
    (coastal 0..1) damps the swing."""
    h = local_hour(ts_s)
    swing = 3.8 * (1 - 0.35 * coastal)
    return 28.2 + seed_offset + swing * math.sin(2 * math.pi * (h - 8.0) / 24.0)


def _relax(current: float, target: float, dt_s: float, tau_s: float) -> float:
    return target + (current - target) * math.exp(-dt_s / tau_s)


@dataclass
class SimDevice:
    site_kind: str
    site_code: str
    device_code: str
    channels: tuple[str, ...]
    actuators: dict[str, bool] = field(default_factory=dict)
    coastal: float = 0.5
    seed: int = 1
    state: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.offset = self.rng.uniform(-0.6, 0.6)

    def command(self, params: dict) -> tuple[bool, str]:
        """Apply {"fan": "on"} style params; unknown actuators are refused."""
        for name, value in params.items():
            if name not in self.actuators:
                return False, f"no actuator {name!r} on this device"
            if value not in ("on", "off", True, False):
                return False, f"{name}: expected on or off"
        for name, value in params.items():
            self.actuators[name] = value in ("on", True)
        return True, ""

    def actuator_state(self) -> dict[str, str]:
        return {k: "on" if v else "off" for k, v in self.actuators.items()}

    def step(self, ts_s: float, dt_s: float) -> dict[str, float]:
        """Advance the physics by dt_s to time ts_s; return this device's channel values."""
        noise = self.rng.gauss
        out_t = outdoor_temperature(ts_s, self.coastal, self.offset)
        s = sun(ts_s)
        on = self.actuators.get
        st = self.state
        values: dict[str, float] = {}
        if self.site_kind == "pig_house":
            target = out_t + 3.5 + 2.5 * s
            if on("fan"):
                target = out_t + 0.3
            if on("mist"):
                target -= 2.5
            st["temperature"] = _relax(st.get("temperature", target), target, dt_s, 600)
            rh_target = 78 - 10 * s + (15 if on("mist") else 0)
            st["humidity"] = _relax(st.get("humidity", rh_target), rh_target, dt_s, 900)
        elif self.site_kind == "greenhouse":
            target = out_t + 7 * s - (4 if on("fan") else 0)
            st["temperature"] = _relax(st.get("temperature", target), target, dt_s, 480)
            rh_target = 85 - 20 * s
            st["humidity"] = _relax(st.get("humidity", rh_target), rh_target, dt_s, 900)
            moisture = st.get("soil_moisture", 48.0)
            moisture -= dt_s / 3600 * (0.6 + 2.4 * s)  # evapotranspiration, faster under sun
            if on("pump"):
                moisture += dt_s / 60 * 1.5
            st["soil_moisture"] = min(90.0, max(5.0, moisture))
            ec_target = 2.4 if on("valve") else 1.1
            st["ec"] = _relax(st.get("ec", 1.4), ec_target, dt_s, 1800 if on("valve") else 14400)
            st["ph"] = _relax(st.get("ph", 6.3), 6.0 if on("valve") else 6.4, dt_s, 7200)
            st["light"] = 70000 * s * self.rng.uniform(0.6, 1.0)
        elif self.site_kind == "solar_dryer":
            target = out_t + 28 * s - (6 if on("fan") else 0)
            st["temperature"] = _relax(st.get("temperature", target), target, dt_s, 900)
            rh_target = max(12.0, 80 - 1.8 * (st["temperature"] - out_t))
            st["humidity"] = _relax(st.get("humidity", rh_target), rh_target, dt_s, 600)
            st["light"] = 95000 * s * self.rng.uniform(0.7, 1.0)
        else:  # weather station
            st["temperature"] = out_t
            st["humidity"] = min(98.0, 88 - 22 * s + 6 * (1 - self.coastal))
            st["wind"] = max(0.0, 1.5 + 3.5 * self.coastal * (0.5 + s))
            st["light"] = 100000 * s * self.rng.uniform(0.5, 1.0)
            st["rain"] = 0.0 if self.rng.random() > 0.04 else round(self.rng.uniform(0.2, 6.0), 1)
        for channel in self.channels:
            if channel not in st:
                continue
            value = st[channel]
            jitter = {
                "temperature": 0.15,
                "humidity": 0.8,
                "soil_moisture": 0.3,
                "ec": 0.02,
                "ph": 0.02,
                "wind": 0.4,
                "light": 0,
                "rain": 0,
            }.get(channel, 0)
            values[channel] = round(value + (noise(0, jitter) if jitter else 0), 2)
        return values
