"""Itineraries: timed legs with geometry, and their JSON-ready form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .geometry import round_coords

MODES = ("sea", "river", "road", "transfer", "access")
# Who is moving: the patient, or a boat/ambulance on its way to pick them up.
ROLES = ("patient", "boat_approach", "ambulance_approach")


@dataclass
class Leg:
    mode: str
    from_name: str
    to_name: str
    distance_km: float
    duration_min: float
    coordinates: list[tuple[float, float]]  # (lon, lat)
    start_min: float = 0.0
    role: str = "patient"
    vehicle: str | None = None  # boat class or vehicle key
    note: str = ""

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown leg mode {self.mode!r}")
        if self.role not in ROLES:
            raise ValueError(f"unknown leg role {self.role!r}")
        if len(self.coordinates) == 1:  # a LineString needs two positions
            self.coordinates = [self.coordinates[0], self.coordinates[0]]

    @property
    def end_min(self) -> float:
        return self.start_min + self.duration_min

    def geometry(self) -> dict[str, Any]:
        return {"type": "LineString", "coordinates": round_coords(self.coordinates)}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "mode": self.mode,
            "from": self.from_name,
            "to": self.to_name,
            "distance_km": round(self.distance_km, 3),
            "duration_min": round(self.duration_min, 2),
            "start_min": round(self.start_min, 2),
            "role": self.role,
            "geometry": self.geometry(),
        }
        if self.vehicle:
            out["vehicle"] = self.vehicle
        if self.note:
            out["note"] = self.note
        return out


def chain(legs: list[Leg], start_min: float = 0.0) -> list[Leg]:
    """Set start times so the legs run one after another from start_min."""
    clock = start_min
    for leg in legs:
        leg.start_min = clock
        clock = leg.end_min
    return legs


@dataclass
class Itinerary:
    legs: list[Leg]
    snapped: dict[str, dict[str, float]] = field(default_factory=dict)
    summary: str = ""  # e.g. "road+sea+road"

    @property
    def patient_legs(self) -> list[Leg]:
        return [leg for leg in self.legs if leg.role == "patient"]

    @property
    def eta_min(self) -> float:
        """Minutes from now until the patient (or boat/vehicle) reaches the destination."""
        legs = self.patient_legs
        return max((leg.end_min for leg in legs), default=0.0)

    @property
    def distance_km(self) -> float:
        """Distance the patient travels (approach legs of resources not counted)."""
        return sum(leg.distance_km for leg in self.patient_legs)

    def coordinates(self) -> list[list[tuple[float, float]]]:
        return [leg.coordinates for leg in self.legs]

    def to_dict(self) -> dict[str, Any]:
        return {
            "eta_min": round(self.eta_min, 2),
            "distance_km": round(self.distance_km, 3),
            "summary": self.summary,
            "legs": [leg.to_dict() for leg in self.legs],
            "geometry": {
                "type": "MultiLineString",
                "coordinates": [round_coords(leg.coordinates) for leg in self.legs],
            },
            "snapped": self.snapped,
        }
