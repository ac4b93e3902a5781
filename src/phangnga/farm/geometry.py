"""Plot and disaster-area polygons: read GeoJSON, check it, measure it on the ellipsoid.

Pure module (no Django). Areas are geodesic (pyproj.Geod on WGS84), so a plot drawn
on a web map gets the same rai as a surveyor's deed, not a Mercator-stretched one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

from phangnga.core.thai import M2_PER_RAI

WGS84 = Geod(ellps="WGS84")
MAX_PLOT_RAI = 5000.0  # larger is a mistake (swapped lat/lon, a whole district drawn)


class GeometryError(ValueError):
    def __init__(self, field: str, message: str, code: str = "bad_geometry", **params):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Box:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def area_m2(geom) -> float:
    """Geodesic area in m² of a (Multi)Polygon in lon/lat degrees (holes subtracted)."""
    if geom.is_empty:
        return 0.0
    return abs(WGS84.geometry_area_perimeter(shapely.orient_polygons(geom))[0])


def _geometry_of(data) -> dict:
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except (ValueError, RecursionError) as exc:
            raise GeometryError("geometry", f"not JSON: {exc}") from None
    if not isinstance(data, dict) or "type" not in data:
        raise GeometryError("geometry", "expected a GeoJSON object with a type")
    kind = data["type"]
    if kind == "FeatureCollection":
        features = data.get("features") or []
        polygons = [
            f for f in features if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")
        ]
        if len(polygons) != 1:
            raise GeometryError(
                "geometry",
                f"the file must hold exactly one polygon; it has {len(polygons)}",
                "polygon_count",
                count=len(polygons),
            )
        return polygons[0]["geometry"]
    if kind == "Feature":
        return _geometry_of(data.get("geometry") or {})
    if kind in ("Polygon", "MultiPolygon"):
        return data
    raise GeometryError("geometry", f"expected a Polygon, got {kind}")


def parse_polygon(data, region: Box, max_rai: float = MAX_PLOT_RAI):
    """GeoJSON (Polygon, MultiPolygon, Feature or a FeatureCollection with one polygon)
    -> a valid shapely geometry inside the region; raises `GeometryError`."""
    raw = _geometry_of(data)
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise GeometryError("geometry", f"bad coordinates: {exc}") from None
    if geom.is_empty:
        raise GeometryError("geometry", "the polygon is empty")
    if not isinstance(geom, Polygon | MultiPolygon):
        raise GeometryError("geometry", "expected a polygon")
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    if not (
        region.min_lon <= min_lon
        and max_lon <= region.max_lon
        and region.min_lat <= min_lat
        and max_lat <= region.max_lat
    ):
        hint = (
            " (are longitude and latitude swapped? GeoJSON is [lon, lat])"
            if region.min_lat <= min_lon <= region.max_lat
            else ""
        )
        raise GeometryError(
            "geometry", f"outside the province's region{hint}", "swapped" if hint else "outside_region"
        )
    if not geom.is_valid:
        # A bow-tie drawn by clicking vertices out of order: repair rather than refuse.
        geom = shapely.make_valid(geom)
        geom = (
            MultiPolygon([g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon)])
            if not isinstance(geom, Polygon)
            else geom
        )
        if geom.is_empty:
            raise GeometryError("geometry", "the polygon crosses itself and has no area")
    m2 = area_m2(geom)
    if m2 < 1.0:
        raise GeometryError("geometry", "the polygon has no area", "no_area")
    if m2 / M2_PER_RAI > max_rai:
        raise GeometryError(
            "geometry", f"{m2 / M2_PER_RAI:,.0f} rai is too large for one plot (max {max_rai:,.0f})"
        )
    return geom


def to_geojson(geom) -> dict:
    return mapping(geom)


def share_inside(geom, area) -> float:
    """Fraction (0..1) of `geom`'s geodesic area lying inside `area`."""
    total = area_m2(geom)
    if total == 0:
        return 0.0
    return min(1.0, area_m2(geom.intersection(area)) / total)
