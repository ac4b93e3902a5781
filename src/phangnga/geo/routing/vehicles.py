"""Boats and road vehicles as data (data/boats.json, data/vehicles.json).

Officers edit speeds and sea-state factors without touching code: pass an override
file or dict to `load_fleet`; it is deep-merged over the shipped defaults, so an
override can be as small as `{"boats": {"ferry": {"cruise_kn": 14}}}`.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NoRoute, UnknownClass
from .geometry import KNOT_KMH

DATA_DIR = Path(__file__).parent / "data"

Override = Path | str | Mapping[str, Any] | None


def read_json(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of base with override's keys replacing/merging into it, recursively."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_with_override(name: str, override: Override) -> dict[str, Any]:
    data = read_json(name)
    if override is None:
        return data
    if isinstance(override, str | Path):
        override = json.loads(Path(override).read_text(encoding="utf-8"))
    return deep_merge(data, override)


def _positive(value: Any, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be a number, got {value!r}") from exc
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{what} must be > 0, got {value!r}")
    return number


@dataclass(frozen=True)
class BoatClass:
    key: str
    label: str
    cruise_kn: float
    # Time multipliers by sea state; None = this class must not sail in that state.
    factors: dict[str, float | None]

    def factor(self, sea_state: str) -> float:
        if sea_state not in self.factors:
            raise UnknownClass("sea_state", sea_state, list(self.factors))
        value = self.factors[sea_state]
        if value is None:
            raise NoRoute(f"a {self.label.lower()} may not sail in a {sea_state} sea", "sea_state")
        return value

    def minutes(self, metres: float, sea_state: str) -> float:
        return metres / 1000.0 / (self.cruise_kn * KNOT_KMH) * 60.0 * self.factor(sea_state)


@dataclass(frozen=True)
class VehicleClass:
    key: str
    label: str
    speeds_kmh: dict[str, float]

    def speed(self, road_class: str) -> float:
        if road_class not in self.speeds_kmh:
            raise UnknownClass("road_class", road_class, list(self.speeds_kmh))
        return self.speeds_kmh[road_class]

    def minutes(self, metres: float, road_class: str) -> float:
        return metres / 1000.0 / self.speed(road_class) * 60.0


@dataclass(frozen=True)
class Fleet:
    boats: dict[str, BoatClass]
    vehicles: dict[str, VehicleClass]
    sea_states: dict[str, float]
    access_kn: float
    default_transfer_min: float
    carry_kmh: float = 2.0
    walk_kmh: float = 4.0
    monsoon_months: frozenset[int] = field(default_factory=frozenset)
    monsoon_sea_state: str = "moderate"
    dry_sea_state: str = "calm"

    def boat(self, key: str) -> BoatClass:
        if key not in self.boats:
            raise UnknownClass("boat", key, list(self.boats))
        return self.boats[key]

    def vehicle(self, key: str) -> VehicleClass:
        if key not in self.vehicles:
            raise UnknownClass("vehicle", key, list(self.vehicles))
        return self.vehicles[key]

    def check_sea_state(self, sea_state: str) -> str:
        if sea_state not in self.sea_states:
            raise UnknownClass("sea_state", sea_state, list(self.sea_states))
        return sea_state

    def default_sea_state(self, month: int) -> str:
        """The season's usual sea state: the SW monsoon (May-Oct) is rougher."""
        return self.monsoon_sea_state if month in self.monsoon_months else self.dry_sea_state

    def access_minutes(self, metres: float) -> float:
        return metres / 1000.0 / (self.access_kn * KNOT_KMH) * 60.0


def load_fleet(boats: Override = None, vehicles: Override = None) -> Fleet:
    """Boat and vehicle classes from the shipped JSON, with optional overrides."""
    bdata = load_with_override("boats.json", boats)
    vdata = load_with_override("vehicles.json", vehicles)
    states = {name: float(spec["factor"]) for name, spec in bdata["sea_states"].items()}
    boat_classes = {}
    for key, spec in bdata["boats"].items():
        factors: dict[str, float | None] = dict(states)
        for state, value in (spec.get("sea_state_factors") or {}).items():
            if state not in states:
                raise ValueError(f"boat {key}: unknown sea state {state!r}")
            factors[state] = None if value is None else _positive(value, f"boat {key} factor {state}")
        boat_classes[key] = BoatClass(
            key, spec.get("label", key), _positive(spec["cruise_kn"], f"boat {key} cruise_kn"), factors
        )
    vehicle_classes = {
        key: VehicleClass(
            key,
            spec.get("label", key),
            {cls: _positive(v, f"vehicle {key} speed {cls}") for cls, v in spec["speeds_kmh"].items()},
        )
        for key, spec in vdata["vehicles"].items()
    }
    season = bdata.get("season", {})
    return Fleet(
        boats=boat_classes,
        vehicles=vehicle_classes,
        sea_states=states,
        access_kn=_positive(bdata.get("access_speed_kn", 5.0), "access_speed_kn"),
        default_transfer_min=float(vdata.get("default_transfer_min", 10.0)),
        carry_kmh=_positive(vdata.get("shore_carry_kmh", 2.0), "shore_carry_kmh"),
        walk_kmh=_positive(vdata.get("crew_walk_kmh", 4.0), "crew_walk_kmh"),
        monsoon_months=frozenset(int(m) for m in season.get("monsoon_months", [])),
        monsoon_sea_state=season.get("monsoon_sea_state", "moderate"),
        dry_sea_state=season.get("dry_season_sea_state", "calm"),
    )
