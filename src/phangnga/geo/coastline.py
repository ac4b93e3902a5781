"""Land polygons of the Phang Nga region, derived from roaring-landmask's OSM shapes.

Pure module (no Django). The first call clips the world's OSM land polygons
(roaring-landmask 0.11.0, ~55 m simplification, ODbL) to the region box and caches
the result as GeoJSON; later calls read the cache (fast warm start). The derivation
is deterministic, so deleting the cache and rebuilding gives the same polygons.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

ATTRIBUTION = "© OpenStreetMap contributors"
SOURCE = "roaring-landmask 0.11.0 OSM land polygons (ODbL)"


@dataclass(frozen=True)
class Region:
    """A lon/lat box; the default is the one REFERENCE.md uses for Phang Nga."""

    min_lon: float = 97.4
    min_lat: float = 7.5
    max_lon: float = 99.2
    max_lat: float = 9.8

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon

    @property
    def key(self) -> str:
        return f"{self.min_lon}_{self.min_lat}_{self.max_lon}_{self.max_lat}"


DEFAULT_REGION = Region()


def derive_land(region: Region = DEFAULT_REGION) -> MultiPolygon:
    """Clip the OSM land polygons to `region` (several seconds: reads 150 MB of WKB)."""
    from roaring_landmask import LandmaskProvider, Shapes

    world = shapely.from_wkb(Shapes.wkb(LandmaskProvider.Osm))
    box = shapely.box(region.min_lon, region.min_lat, region.max_lon, region.max_lat)
    parts = world.geoms if hasattr(world, "geoms") else [world]
    tree = shapely.STRtree(parts)
    polygons: list[Polygon] = []
    for index in sorted(tree.query(box, predicate="intersects")):
        clipped = shapely.intersection(parts[index], box)
        for piece in getattr(clipped, "geoms", [clipped]):
            if isinstance(piece, Polygon) and not piece.is_empty:
                polygons.append(piece)
    return MultiPolygon(polygons)


def cache_path(cache_dir: Path, region: Region = DEFAULT_REGION) -> Path:
    return Path(cache_dir) / f"land_{region.key}.geojson"


def land_polygons(cache_dir: Path, region: Region = DEFAULT_REGION) -> MultiPolygon:
    """The region's land, from the cache when present, else derived and cached."""
    return _load_cached(str(cache_path(cache_dir, region)), region)


@lru_cache(maxsize=4)
def _load_cached(path: str, region: Region) -> MultiPolygon:
    target = Path(path)
    if target.exists():
        return shape(json.loads(target.read_text())["geometry"])
    land = derive_land(region)
    target.parent.mkdir(parents=True, exist_ok=True)
    feature = {
        "type": "Feature",
        "properties": {"source": SOURCE, "attribution": ATTRIBUTION, "region": region.key},
        "geometry": mapping(land),
    }
    # Write atomically so a crash mid-write never leaves a truncated cache behind.
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as handle:
        json.dump(feature, handle)
    os.replace(tmp, target)
    return land
