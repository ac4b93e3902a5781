"""Points, distances and the local metric projection used by the routing kernel.

The projection is a plain equirectangular one centred on the region. It is an
*affine* map of (lon, lat), so a straight segment in metres is the very same straight
segment in degrees: a route that clears land in the projection clears it in the
WGS84 polygons too, with no densifying. Its scale error (under 0.4 % east-west at the
region's edges) only affects which of two near-equal paths wins; every reported
distance is re-measured along the route with the haversine formula.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import OutOfRegion

EARTH_RADIUS_M = 6_371_008.8
KNOT_KMH = 1.852


@dataclass(frozen=True)
class LatLon:
    """A WGS84 point. Every public function also accepts a `(lat, lon)` tuple."""

    lat: float
    lon: float

    def as_tuple(self) -> tuple[float, float]:
        return (self.lat, self.lon)


PointLike = LatLon | tuple[float, float] | Sequence[float] | dict[str, Any]


def as_latlon(point: PointLike, field: str = "point") -> LatLon:
    """Normalise a (lat, lon) tuple, a LatLon or a {"lat", "lon"} dict; reject nonsense."""
    try:
        if isinstance(point, LatLon):
            lat, lon = point.lat, point.lon
        elif isinstance(point, dict):
            lat, lon = float(point["lat"]), float(point["lon"])
        else:
            lat, lon = (float(value) for value in point)
    except (TypeError, ValueError, KeyError) as exc:
        raise OutOfRegion(field, f"{field} must be (lat, lon)") from exc
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        raise OutOfRegion(field, f"{field} is not a valid latitude/longitude")
    return LatLon(lat, lon)


def haversine_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres; works on scalars and numpy arrays alike."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def great_circle_m(a: LatLon, b: LatLon) -> float:
    return float(haversine_m(a.lat, a.lon, b.lat, b.lon))


def polyline_length_m(lonlat: Sequence[tuple[float, float]]) -> float:
    """Length of a [(lon, lat), ...] polyline along great circles."""
    if len(lonlat) < 2:
        return 0.0
    arr = np.asarray(lonlat, dtype=float)
    return float(haversine_m(arr[:-1, 1], arr[:-1, 0], arr[1:, 1], arr[1:, 0]).sum())


@dataclass(frozen=True)
class LocalProjection:
    """Equirectangular metres around (lat0, lon0); affine in lon/lat (see module doc)."""

    lat0: float
    lon0: float

    @property
    def kx(self) -> float:
        return EARTH_RADIUS_M * math.cos(math.radians(self.lat0)) * math.pi / 180.0

    @property
    def ky(self) -> float:
        return EARTH_RADIUS_M * math.pi / 180.0

    def affine(self) -> list[float]:
        """The shapely `affine_transform` matrix from lon/lat to metres."""
        return [self.kx, 0.0, 0.0, self.ky, -self.kx * self.lon0, -self.ky * self.lat0]

    def inverse_affine(self) -> list[float]:
        return [1 / self.kx, 0.0, 0.0, 1 / self.ky, self.lon0, self.lat0]

    def to_xy(self, lat, lon) -> np.ndarray:
        lat = np.asarray(lat, dtype=float)
        lon = np.asarray(lon, dtype=float)
        return np.stack([(lon - self.lon0) * self.kx, (lat - self.lat0) * self.ky], axis=-1)

    def point_xy(self, p: LatLon) -> np.ndarray:
        return np.array([(p.lon - self.lon0) * self.kx, (p.lat - self.lat0) * self.ky])

    def to_lonlat(self, xy) -> np.ndarray:
        xy = np.asarray(xy, dtype=float)
        return np.stack([xy[..., 0] / self.kx + self.lon0, xy[..., 1] / self.ky + self.lat0], axis=-1)

    def to_latlon(self, xy) -> LatLon:
        lon, lat = self.to_lonlat(xy)
        return LatLon(float(lat), float(lon))


def lonlat_list(points: Iterable[LatLon]) -> list[tuple[float, float]]:
    return [(p.lon, p.lat) for p in points]


def round_coords(coords: Iterable[Sequence[float]], digits: int = 6) -> list[list[float]]:
    """GeoJSON positions rounded to ~0.1 m: smaller JSON, no false precision."""
    return [[round(float(x), digits), round(float(y), digits)] for x, y in coords]
