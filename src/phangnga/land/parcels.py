"""Parcel import and checks: GeoJSON or a CSV of corner coordinates -> checked parcels.

Pure module (no Django). Every problem is collected (not just the first) and named by
the parcel's title deed number, so a land officer can fix the whole file in one go:
a ring that does not close, a self-crossing outline, two parcels that overlap, a parcel
outside the project boundary. Areas are geodesic (pyproj.Geod, WGS84).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

import shapely
from pyproj import Geod
from shapely.geometry import Polygon, shape

WGS84 = Geod(ellps="WGS84")
# A surveyed ring whose last corner misses the first by more than this does not close.
CLOSURE_TOLERANCE_M = 0.5
# Slivers from rounding shared boundaries are not overlaps; more than this is.
OVERLAP_TOLERANCE_M2 = 1.0
# How far a corner may stick out of the project boundary (survey rounding).
OUTSIDE_TOLERANCE_M = 0.5
# Deed area vs computed area: beyond this share the deed is flagged for the land office.
AREA_FLAG_SHARE = 0.01
CSV_COLUMNS = ("deed_no", "owners", "deed_area_m2", "zone", "lon", "lat")


class ImportProblems(ValueError):
    """All problems of one import, {field: message}, e.g. {"parcels.KK-03": "does not close ..."}."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass
class ParcelIn:
    deed_no: str
    owners: list[str]
    deed_area_m2: float | None
    zone: str
    polygon: Polygon  # lon/lat
    computed_area_m2: float = 0.0
    area_difference_m2: float | None = None
    area_flagged: bool = False
    notes: list[str] = field(default_factory=list)


def geodesic_area_m2(geom) -> float:
    if geom.is_empty:
        return 0.0
    return abs(WGS84.geometry_area_perimeter(shapely.orient_polygons(geom))[0])


def _gap_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return WGS84.inv(a[0], a[1], b[0], b[1])[2]


def _ring_problem(coords: list[tuple[float, float]]) -> str | None:
    if len(coords) < 4:
        return f"needs at least 3 corners and the first repeated at the end; it has {len(coords)} points"
    gap = _gap_m(coords[0], coords[-1])
    if gap > CLOSURE_TOLERANCE_M:
        return f"does not close: the last corner is {gap:.1f} m from the first"
    return None


def _number_or_none(value, name: str, problems: dict, key: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        problems[key] = f"{name} is not a number: {value!r}"
        return None
    if not math.isfinite(out) or out <= 0:
        problems[key] = f"{name} must be above 0"
        return None
    return out


def _owners(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [s.strip() for s in str(value or "").split(";") if s.strip()]


def from_geojson(data: dict) -> list[ParcelIn]:
    """A FeatureCollection of Polygons with properties deed_no, owners, deed_area_m2, zone."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportProblems({"data": "expected a GeoJSON FeatureCollection"})
    problems: dict[str, str] = {}
    out: list[ParcelIn] = []
    for i, feat in enumerate(data.get("features") or []):
        props = (feat or {}).get("properties") or {}
        deed = str(props.get("deed_no") or "").strip()
        key = f"parcels.{deed}" if deed else f"features[{i}].properties.deed_no"
        if not deed:
            problems[key] = "required"
            continue
        geom = (feat or {}).get("geometry") or {}
        if geom.get("type") != "Polygon" or not geom.get("coordinates"):
            problems[key] = "geometry must be a Polygon"
            continue
        try:
            ring = [(float(x), float(y)) for x, y, *_ in geom["coordinates"][0]]
        except (TypeError, ValueError):
            problems[key] = "coordinates must be [lon, lat] numbers"
            continue
        if msg := _ring_problem(ring):
            problems[key] = msg
            continue
        area = _number_or_none(props.get("deed_area_m2"), "deed_area_m2", problems, key)
        out.append(
            ParcelIn(deed, _owners(props.get("owners")), area, str(props.get("zone") or ""), shape(geom))
        )
    if not out and not problems:
        problems["data"] = "no parcels in the file"
    return _finish(out, problems)


def from_csv(text: str) -> list[ParcelIn]:
    """One row per corner, in order round the parcel, the first corner repeated last:
    deed_no,owners,deed_area_m2,zone,lon,lat (owners separated by ';')."""
    reader = csv.DictReader(io.StringIO(text.strip()))
    rows: dict[str, list[dict]] = {}
    problems: dict[str, str] = {}
    try:
        missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportProblems(
                {"data": f"CSV needs the columns {', '.join(CSV_COLUMNS)}; missing {', '.join(missing)}"}
            )
        for n, row in enumerate(reader, start=2):
            deed = (row.get("deed_no") or "").strip()
            if not deed:
                problems[f"line {n}.deed_no"] = "required"
                continue
            rows.setdefault(deed, []).append(row)
    except csv.Error as exc:  # a field past csv's size limit: a 4xx naming the line, not a 500
        raise ImportProblems({f"line {reader.line_num + 1}": f"not readable as CSV: {exc}"}) from None
    out = []
    for deed, corners in rows.items():
        key = f"parcels.{deed}"
        try:
            ring = [(float(r["lon"]), float(r["lat"])) for r in corners]
        except (TypeError, ValueError):
            problems[key] = "lon and lat must be numbers on every corner"
            continue
        if msg := _ring_problem(ring):
            problems[key] = msg
            continue
        first = corners[0]
        area = _number_or_none(first.get("deed_area_m2"), "deed_area_m2", problems, key)
        out.append(
            ParcelIn(
                deed, _owners(first.get("owners")), area, (first.get("zone") or "").strip(), Polygon(ring)
            )
        )
    return _finish(out, problems)


def _finish(parcels: list[ParcelIn], problems: dict[str, str]) -> list[ParcelIn]:
    for p in parcels:
        key = f"parcels.{p.deed_no}"
        if not p.polygon.is_valid:
            problems.setdefault(
                key, f"outline is not a simple polygon ({shapely.is_valid_reason(p.polygon)})"
            )
            continue
        lon, lat = p.polygon.centroid.x, p.polygon.centroid.y
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.setdefault(key, "coordinates are not lon/lat degrees")
            continue
        p.computed_area_m2 = round(geodesic_area_m2(p.polygon), 2)
        if p.deed_area_m2 is not None:
            p.area_difference_m2 = round(p.computed_area_m2 - p.deed_area_m2, 2)
            p.area_flagged = abs(p.area_difference_m2) > AREA_FLAG_SHARE * p.deed_area_m2
    if problems:
        raise ImportProblems(problems)
    return parcels


def check_against(
    parcels: list[ParcelIn], boundary: Polygon | None, existing: dict[str, Polygon] | None = None
) -> None:
    """Overlaps between parcels (and with parcels already in the project) and parcels
    outside the boundary; raises ImportProblems naming every parcel concerned."""
    problems: dict[str, str] = {}
    others = dict(existing or {})
    seen: set[str] = set()
    for p in parcels:
        if p.deed_no in seen:
            problems[f"parcels.{p.deed_no}"] = "the deed number appears twice in the file"
        seen.add(p.deed_no)
    if boundary is not None:
        # Degrees -> metres for the tolerance at this latitude (about 111 km per degree).
        tol_deg = OUTSIDE_TOLERANCE_M / 111_320.0
        grown = boundary.buffer(tol_deg)
        for p in parcels:
            if not grown.contains(p.polygon):
                outside = geodesic_area_m2(p.polygon.difference(boundary))
                problems[f"parcels.{p.deed_no}"] = (
                    f"lies outside the project boundary ({outside:,.1f} m2 outside)"
                )
    all_parcels = [(p.deed_no, p.polygon) for p in parcels] + [
        (k, g) for k, g in others.items() if k not in seen
    ]
    tree = shapely.STRtree([g for _, g in all_parcels])
    for i, (deed, geom) in enumerate(all_parcels):
        for j in tree.query(geom, predicate="intersects"):
            if j <= i:
                continue
            other = all_parcels[j][0]
            overlap = geodesic_area_m2(geom.intersection(all_parcels[j][1]))
            if overlap > OVERLAP_TOLERANCE_M2:
                for a, b in ((deed, other), (other, deed)):
                    if a in seen:
                        problems.setdefault(f"parcels.{a}", f"overlaps parcel {b} by {overlap:,.1f} m2")
    if problems:
        raise ImportProblems(problems)
