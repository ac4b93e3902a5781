"""Request and answer shapes of the geo API (the answers key for key as places.feature writes them)."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from phangnga.core.schemas import FreeForm, Num, OutSchema, Sparse
from phangnga.core.validation import integer, latitude, longitude, number, text

from .models import CAPABILITIES, FacilityLevel, PlaceKind


class PlaceIn(Schema):
    kind: PlaceKind
    name_th: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    lat: latitude()
    lon: longitude()
    code: str | None = Field(default=None, max_length=64, pattern=r"^[-a-z0-9_]+$")
    district: str | None = Field(default=None, max_length=64)
    level: FacilityLevel | None = None
    capabilities: list[text(32)] = Field(default=[], max_length=64)
    source: str = Field(min_length=1, max_length=255)
    accuracy_m: integer(0, 100_000)
    sea_access: tuple[latitude(), longitude()] | None = None
    river_min: number(0, 240) | None = None


KNOWN_CAPABILITIES = set(CAPABILITIES)


class PointGeometry(OutSchema):
    type: str = Field(description="Point")
    coordinates: list[Num] = Field(description="[lon, lat]")


class PlaceProperties(Sparse):
    """places.feature's properties; the pier keys only on piers, `extra` only when set."""

    id: int
    code: str
    kind: str
    name_th: str
    name_en: str
    district: str | None
    level: str | None
    capabilities: list[str]
    source: str
    accuracy_m: int
    needs_check: bool
    active: bool
    sea_access: list[Num] | None = Field(None, description="Piers: [lat, lon] where the boat route starts")
    river_min: Num | None = Field(None, description="Piers: minutes down the river to the sea")
    extra: FreeForm | None = Field(None, description="Further facts about the place, as registered")
    distance_km: Num | None = Field(None, description="Only with near=: the distance from that point")


class PlaceFeature(OutSchema):
    """One place as a GeoJSON Feature."""

    type: str = Field(description="Feature")
    id: int
    geometry: PointGeometry
    properties: PlaceProperties


class PlaceCollection(OutSchema):
    type: str = Field(description="FeatureCollection")
    features: list[PlaceFeature]


class RegionOut(OutSchema):
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
