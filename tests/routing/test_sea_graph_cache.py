"""The sea graph is built once, cached on disk keyed by its inputs, and reloaded fast."""

import pytest
import shapely
from shapely.geometry import MultiPolygon

from phangnga.geo.routing import LatLon
from phangnga.geo.routing.sea import Box, SeaGraph

# A small corner of Phang Nga Bay keeps these builds to a fraction of a second.
SMALL = Box(98.45, 8.25, 98.56, 8.35)


@pytest.fixture(scope="module")
def bay_land(land):
    return MultiPolygon(
        [
            g
            for g in shapely.get_parts(shapely.clip_by_rect(land, 98.44, 8.24, 98.57, 8.36))
            if g.geom_type == "Polygon"
        ]
    )


def test_cache_round_trip_gives_the_same_graph(tmp_path, bay_land):
    built = SeaGraph.build(bay_land, SMALL, cache_dir=tmp_path)
    files = list(tmp_path.glob("seagraph_*.npz"))
    assert len(files) == 1
    loaded = SeaGraph.build(bay_land, SMALL, cache_dir=tmp_path)
    assert loaded.n == built.n and len(loaded.edge_w) == len(built.edge_w)
    a, b = LatLon(8.26, 98.47), LatLon(8.33, 98.495)
    assert loaded.route(loaded.anchor(a), loaded.anchor(b)).length_m == pytest.approx(
        built.route(built.anchor(a), built.anchor(b)).length_m
    )


def test_margin_is_part_of_the_key(tmp_path, bay_land):
    SeaGraph.build(bay_land, SMALL, margin_m=75, cache_dir=tmp_path)
    wider = SeaGraph.build(bay_land, SMALL, margin_m=200, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("seagraph_*.npz"))) == 2
    assert wider.margin_m == 200


def test_wider_margin_keeps_further_from_land(tmp_path, bay_land):
    from shapely import affinity

    graph = SeaGraph.build(bay_land, SMALL, margin_m=200, cache_dir=tmp_path)
    path = graph.route(graph.anchor(LatLon(8.26, 98.47)), graph.anchor(LatLon(8.33, 98.495)))
    land_xy = affinity.affine_transform(bay_land, graph.proj.affine())
    assert land_xy.distance(shapely.LineString(path.xy)) >= 199.5


def test_corrupt_cache_is_rebuilt(tmp_path, bay_land):
    SeaGraph.build(bay_land, SMALL, cache_dir=tmp_path)
    (cache,) = tmp_path.glob("seagraph_*.npz")
    cache.write_bytes(b"not a zip")
    graph = SeaGraph.build(bay_land, SMALL, cache_dir=tmp_path)
    assert graph.n > 10
