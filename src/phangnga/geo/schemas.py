"""Request shapes for the geo API."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

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
