"""The replotting kernel: strips sized to the targets, every plot on a road, near its origin."""

import pytest
from shapely.geometry import box
from shapely.ops import unary_union

from phangnga.land.layout import LayoutError, PlotRequest, layout

# A 200 x 100 m block split by an 8 m east-west road: two blocks of 200 x 46 m.
BOUNDARY = box(0, 0, 200, 100)
ROAD = box(0, 46, 200, 54)
LAND = BOUNDARY.difference(ROAD)


def requests(targets, origins):
    return [PlotRequest(f"P{i}", t, o) for i, (t, o) in enumerate(zip(targets, origins, strict=True))]


def test_strips_fill_each_block_in_order_with_frontage():
    origins = [(30, 20), (100, 25), (170, 20), (40, 80), (120, 80), (180, 75)]
    res = layout(LAND, ROAD, requests([3066.67] * 6, origins))
    assert res.notes == []
    assert [p.block for p in res.plots] == [1, 1, 1, 2, 2, 2] or [p.block for p in res.plots] == [
        2,
        2,
        2,
        1,
        1,
        1,
    ]
    assert sum(p.area_m2 for p in res.plots) == pytest.approx(LAND.area, abs=0.5)
    for p in res.plots:
        assert p.area_m2 == pytest.approx(200 * 46 / 3, abs=0.5)
        assert p.frontage_m == pytest.approx(200 / 3, abs=0.5)  # the whole strip width is on the road
        assert p.polygon.within(LAND.buffer(0.01))
    # Ordered along the road as the old parcels were: west to east.
    south = [p for p in res.plots if p.polygon.centroid.y < 50]
    assert [p.id for p in sorted(south, key=lambda p: p.polygon.centroid.x)] == ["P0", "P1", "P2"]
    assert unary_union([p.polygon for p in res.plots]).area == pytest.approx(LAND.area, abs=0.5)


def test_unequal_targets_give_proportional_strips():
    res = layout(LAND, ROAD, requests([1000, 3000, 1000, 4200], [(10, 10), (100, 10), (190, 10), (100, 90)]))
    south = {p.id: p for p in res.plots if p.block == res.plots[0].block}
    assert south["P1"].area_m2 == pytest.approx(3 * south["P0"].area_m2, rel=1e-3)


def test_fixed_plot_keeps_its_area_and_others_share_the_rest():
    reqs = requests([3066.67] * 3, [(30, 20), (100, 25), (170, 20)])
    reqs[1] = PlotRequest("P1", 2500.0, (100, 25), fixed=True)
    south = box(0, 0, 200, 46)
    res = layout(south, ROAD, reqs)
    got = {p.id: p.area_m2 for p in res.plots}
    assert got["P1"] == pytest.approx(2500.0, abs=0.1)
    assert got["P0"] == pytest.approx((9200 - 2500) / 2, abs=0.1)


def test_owners_move_to_a_block_with_room():
    # Everyone's old land is in the south, but the south block holds only half.
    origins = [(20, 10), (60, 10), (100, 10), (140, 10), (180, 10), (190, 5)]
    res = layout(LAND, ROAD, requests([3066.67] * 6, origins))
    blocks = [p.block for p in res.plots]
    assert blocks.count(1) == 3 and blocks.count(2) == 3


def test_block_without_road_is_reported_not_used():
    island = box(300, 0, 320, 20)
    res = layout(LAND.union(island), ROAD, requests([3000, 3000], [(50, 20), (50, 80)]))
    assert any("no road frontage" in n for n in res.notes)
    assert all(p.polygon.intersection(island).area == 0 for p in res.plots)


def test_bad_input_names_the_field():
    with pytest.raises(LayoutError) as e:
        layout(LAND, ROAD, [PlotRequest("A", -5, (0, 0))])
    assert e.value.field == "requests[0].target_m2"
    with pytest.raises(LayoutError) as e:
        layout(LAND, box(500, 500, 510, 510), requests([100], [(0, 0)]))
    assert e.value.field == "roads"
