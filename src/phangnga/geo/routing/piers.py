"""Piers: where road and sea meet.

OSM draws mangroves as land and does not open tidal rivers, so a pier up a channel
(Tha Dan ~5 km, Thap Lamu ~0.6 km, Bang Rong ~0.2 km) looks inland. A pier therefore
joins the sea graph at its sea-access point, reached by a river/channel leg of a
fixed time (`river_min`), and joins the road graph at the nearest road node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .geometry import LatLon, great_circle_m
from .vehicles import read_json

# Channels wind: the river leg's distance is the straight line times this.
RIVER_CIRCUITY = 1.3


@dataclass(frozen=True)
class Pier:
    id: str
    name: str
    lat: float
    lon: float
    sea_lat: float  # sea-access point: in (or close to) navigable water
    sea_lon: float
    river_min: float = 0.0  # pier <-> sea-access time, whatever the boat

    def __post_init__(self) -> None:
        if self.river_min < 0:
            raise ValueError(f"pier {self.id}: river_min must be >= 0")

    @property
    def point(self) -> LatLon:
        return LatLon(self.lat, self.lon)

    @property
    def sea_point(self) -> LatLon:
        return LatLon(self.sea_lat, self.sea_lon)

    @property
    def river_m(self) -> float:
        return great_circle_m(self.point, self.sea_point) * RIVER_CIRCUITY

    @property
    def has_river_leg(self) -> bool:
        return self.river_min > 0 or self.river_m > 1.0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pier:
        return cls(
            id=str(data["id"]),
            name=str(data.get("name", data["id"])),
            lat=float(data["lat"]),
            lon=float(data["lon"]),
            sea_lat=float(data.get("sea_lat", data["lat"])),
            sea_lon=float(data.get("sea_lon", data["lon"])),
            river_min=float(data.get("river_min", 0.0)),
        )


def default_piers() -> list[Pier]:
    """The REFERENCE.md piers with sea-access points (data/piers.json)."""
    return [Pier.from_dict(p) for p in read_json("piers.json")["piers"]]
