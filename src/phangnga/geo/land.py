"""Django-side access to the coastline kernel: one cached copy per process."""

from __future__ import annotations

import json
from functools import lru_cache

from django.conf import settings
from shapely.geometry import MultiPolygon

from .coastline import ATTRIBUTION, SOURCE, Region, land_polygons


def region() -> Region:
    min_lon, min_lat, max_lon, max_lat = settings.REGION
    return Region(min_lon, min_lat, max_lon, max_lat)


def polygons() -> MultiPolygon:
    return land_polygons(settings.PHANGNGA_CACHE_DIR, region())


@lru_cache(maxsize=1)
def geojson_bytes() -> bytes:
    from shapely.geometry import mapping

    collection = {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "features": [{"type": "Feature", "properties": {"source": SOURCE}, "geometry": mapping(polygons())}],
    }
    return json.dumps(collection, separators=(",", ":")).encode()
