"""A boat moored at a pier starts from it: down the pier's river channel, then by sea.

OSM draws the mangroves round up-river piers as land (Tha Dan is ~5 km up the Phang Nga
river), so a boat's position at such a pier is not a sea point. The kernel must start
it at the pier's sea-access point after the pier's river minutes, as it does for a
patient boarding there, instead of refusing the position or dropping the unit.
"""

from __future__ import annotations

import pytest

from phangnga.geo.routing import LatLon, Network, NoRoute, Pier

KOH_YAO_SEA = LatLon(8.15, 98.55)  # open water between Koh Yao Noi and the bay's islets
DIVE_SITE = LatLon(8.66, 97.60)  # open sea near the Similans
PHANG_NGA_HOSPITAL = LatLon(8.4486, 98.5264)
CHONG_LAD_OFFSHORE = LatLon(8.0835, 98.5995)  # navigable water, ~110 m off Chong Lad pier
TAP_LAMU_MARGIN = LatLon(8.580, 98.226)  # inside the 75 m margin, ~310 m from Tap Lamu pier
INLAND = LatLon(8.45, 98.70)  # east of Phang Nga town, no pier near


def approach(itinerary):
    return [leg for leg in itinerary.legs if leg.role == "boat_approach"]


def test_boat_at_tha_dan_goes_down_the_river_then_by_sea(network, piers):
    tha_dan = piers["tha_dan"]
    assert not network.sea.is_navigable(tha_dan.point)  # ~5 km up-river: "on land"
    it = network.plan(KOH_YAO_SEA, PHANG_NGA_HOSPITAL, boat_at=tha_dan.point)
    legs = approach(it)
    assert legs[0].mode == "river" and legs[0].start_min == 0
    assert legs[0].from_name == tha_dan.name
    assert legs[0].duration_min == pytest.approx(tha_dan.river_min)
    assert legs[0].coordinates[-1] == (tha_dan.sea_lon, tha_dan.sea_lat)
    assert "sea" in [leg.mode for leg in legs[1:]]
    # The approach is the pier's own river + sea route to the patient.
    arrival = max(leg.end_min for leg in legs)
    expected = network.sea_route(tha_dan, KOH_YAO_SEA).eta_min
    assert arrival == pytest.approx(expected, abs=0.01)
    pickup = next(leg for leg in it.legs if leg.mode == "transfer")
    assert pickup.start_min == pytest.approx(arrival)
    assert "boat_at" not in it.snapped  # not moved into the water: it sailed down the river


@pytest.mark.parametrize("pier_id", ["tha_dan", "bang_rong", "thap_lamu", "khura_buri"])
def test_every_river_pier_counts_its_river_minutes(network, piers, pier_id):
    pier = piers[pier_id]
    waiting = network.plan(DIVE_SITE, PHANG_NGA_HOSPITAL)
    fetched = network.plan(DIVE_SITE, PHANG_NGA_HOSPITAL, boat_at=pier.point)
    river = [leg for leg in approach(fetched) if leg.mode == "river"]
    assert [leg.duration_min for leg in river] == [pytest.approx(pier.river_min)]
    arrival = network.sea_route(pier, DIVE_SITE).eta_min
    assert fetched.eta_min == pytest.approx(waiting.eta_min + arrival + 10.0, abs=0.01)


def test_sea_matrix_from_a_river_pier_matches_the_route(network, piers):
    """Emergency ranks units with a sea matrix from their positions to the scene."""
    tha_dan = piers["tha_dan"]
    grid = network.matrix([tha_dan.point, CHONG_LAD_OFFSHORE], [KOH_YAO_SEA], mode="sea", transfer_min=0)
    assert grid[0][0] == pytest.approx(network.sea_route(tha_dan, KOH_YAO_SEA).eta_min, abs=0.02)
    assert grid[0][0] > tha_dan.river_min
    assert grid[1][0] == pytest.approx(network.sea_route(CHONG_LAD_OFFSHORE, KOH_YAO_SEA).eta_min, abs=0.02)


def test_matrix_agrees_with_plan_for_a_boat_at_a_river_pier(network, piers):
    tha_dan = piers["tha_dan"]
    eta = network.matrix([tha_dan.point], [DIVE_SITE], mode="sea", transfer_min=0)[0][0]
    plan = network.plan(tha_dan.point, DIVE_SITE, mode="sea", transfer_min=0)
    assert plan.legs[0].mode == "river"
    assert eta == pytest.approx(plan.eta_min, abs=0.02)


def test_boat_already_at_the_boarding_pier_has_no_approach(network, piers):
    """Patient driven to Tha Dan, boat moored there: no trip down the river and back up."""
    tha_dan = piers["tha_dan"]
    alone = network.plan(PHANG_NGA_HOSPITAL, KOH_YAO_SEA)
    boarding = next(leg for leg in alone.legs if leg.mode == "transfer")
    assert boarding.from_name == tha_dan.name
    moored = network.plan(PHANG_NGA_HOSPITAL, KOH_YAO_SEA, boat_at=tha_dan.point)
    assert approach(moored) == []
    assert moored.eta_min == pytest.approx(alone.eta_min)


def test_pier_without_river_minutes_starts_as_before(network):
    """A pier on open water (no river leg): the boat leaves from the water by the pier."""
    manoh = LatLon(8.100, 98.602)  # 46 m inside the margin
    open_pier = Pier("manoh_open", "Manoh (no channel)", manoh.lat, manoh.lon, manoh.lat, manoh.lon, 0.0)
    with_pier = Network(network.sea, network.roads, network.fleet, [open_pier], network.land)
    without = Network(network.sea, network.roads, network.fleet, [], network.land)
    kwargs = {"mode": "sea", "boat_at": manoh, "transfer_min": 0}
    it = with_pier.plan(KOH_YAO_SEA, DIVE_SITE, **kwargs)
    before = without.plan(KOH_YAO_SEA, DIVE_SITE, **kwargs)
    assert "river" not in [leg.mode for leg in it.legs]
    assert [leg.mode for leg in approach(it)] == [leg.mode for leg in approach(before)]
    assert it.eta_min == pytest.approx(before.eta_min)


def test_boat_in_water_near_a_pier_sails_from_where_it_is(network):
    it = network.plan(KOH_YAO_SEA, PHANG_NGA_HOSPITAL, boat_at=CHONG_LAD_OFFSHORE)
    assert [leg.mode for leg in approach(it)] == ["sea"]
    assert "boat_at" not in it.snapped


def test_boat_inside_the_margin_off_a_pier_is_snapped_as_before(network):
    it = network.plan(DIVE_SITE, PHANG_NGA_HOSPITAL, boat_at=TAP_LAMU_MARGIN)
    assert [leg.mode for leg in approach(it)][:1] == ["access"]
    assert "river" not in [leg.mode for leg in approach(it)]
    assert 0 < it.snapped["boat_at"]["distance_m"] < 500


def test_boat_inland_away_from_piers_is_still_refused(network):
    with pytest.raises(NoRoute) as err:
        network.plan(KOH_YAO_SEA, PHANG_NGA_HOSPITAL, boat_at=INLAND)
    assert err.value.field == "boat_at"
    assert "km from navigable water" in err.value.detail
