"""Shared routing fixtures: the real OSM land polygons and one Network per test session.

The land and sea-graph caches live in the shared test cache directory (var/cache by
default, PHANGNGA_TEST_CACHE to move it), so only the first run pays the build.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely import affinity

from phangnga.geo.coastline import land_polygons
from phangnga.geo.routing import LatLon, Network, default_piers
from phangnga.geo.routing.geometry import haversine_m


def cache_dir() -> Path:
    root = Path(__file__).resolve().parents[2]
    path = Path(os.environ.get("PHANGNGA_TEST_CACHE", root / "var" / "cache"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def land():
    return land_polygons(cache_dir())


@pytest.fixture(scope="session")
def network(land) -> Network:
    return Network.build(land, default_piers(), cache_dir=cache_dir())


@pytest.fixture(scope="session")
def piers(network):
    return {p.id: p for p in network.piers}


@pytest.fixture(scope="session")
def land_xy(land, network):
    """The UNbuffered land in the network's metric projection, prepared for tests."""
    projected = affinity.affine_transform(land, network.sea.proj.affine())
    shapely.prepare(projected)
    return projected


def sea_legs(itinerary):
    return [leg for leg in itinerary.legs if leg.mode == "sea"]


def assert_clear_of_land(itinerary, land, land_xy, network, margin_m: float = 75.0) -> None:
    """Sea legs never touch the unbuffered land, and keep (almost) the full margin from it."""
    legs = sea_legs(itinerary)
    assert legs, "expected at least one sea leg"
    for leg in legs:
        line = shapely.LineString(leg.coordinates)
        assert not land.intersects(line), f"sea leg {leg.from_name} -> {leg.to_name} crosses land"
        projected = affinity.affine_transform(line, network.sea.proj.affine())
        # 0.5 m: the graze tolerance of the visibility test (see sea.py).
        assert land_xy.distance(projected) >= margin_m - 0.5


def great_circle_of(leg) -> float:
    (lon1, lat1), (lon2, lat2) = leg.coordinates[0], leg.coordinates[-1]
    return float(haversine_m(lat1, lon1, lat2, lon2))


def random_sea_points(network, count: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    box = network.box
    out = []
    while len(out) < count:
        p = (float(rng.uniform(box.min_lat, box.max_lat)), float(rng.uniform(box.min_lon, box.max_lon)))
        if network.sea.is_navigable(LatLon(*p)):
            out.append(p)
    return out
