"""Sea routes between real piers and islands never cross land and respect the margin.

Checked against the UNbuffered OSM polygons; river legs and snapping stubs are the
only parts allowed near land, and they are separate legs (mode river / access).
"""

import pytest

from phangnga.geo.routing import LatLon
from phangnga.geo.routing.geometry import KNOT_KMH

from .conftest import assert_clear_of_land, great_circle_of, sea_legs

KO_MIANG = LatLon(8.567, 97.637)  # Similan #4 ranger station
SURIN_HQ = LatLon(9.418, 97.867)

CASES = {
    "tap_lamu_to_similan": ("thap_lamu", KO_MIANG),
    "manoh_to_bang_rong": ("manoh", "bang_rong"),
    "chong_lad_to_tha_dan_through_the_bay": ("chong_lad", "tha_dan"),
    "khura_buri_to_surin": ("khura_buri", SURIN_HQ),
}


def _end(value, piers):
    return piers[value] if isinstance(value, str) else value


@pytest.mark.parametrize("case", sorted(CASES))
def test_route_never_crosses_land(case, network, piers, land, land_xy):
    a, b = (_end(v, piers) for v in CASES[case])
    itinerary = network.sea_route(a, b)
    assert_clear_of_land(itinerary, land, land_xy, network)


@pytest.mark.parametrize("case", sorted(CASES))
def test_route_is_no_shorter_than_the_great_circle(case, network, piers):
    a, b = (_end(v, piers) for v in CASES[case])
    itinerary = network.sea_route(a, b)
    for leg in sea_legs(itinerary):
        assert leg.distance_km * 1000 >= great_circle_of(leg) - 0.01
    # ...and the route joins its two ends: consecutive legs share their endpoints.
    for first, second in zip(itinerary.legs, itinerary.legs[1:], strict=False):
        assert first.coordinates[-1] == pytest.approx(second.coordinates[0], abs=1e-9)


@pytest.mark.parametrize("boat", ["speedboat", "hospital_boat", "ferry"])
@pytest.mark.parametrize("sea_state", ["calm", "moderate", "rough"])
def test_eta_follows_from_boat_speed(boat, sea_state, network, piers):
    itinerary = network.sea_route(piers["chong_lad"], piers["tha_dan"], boat=boat, sea_state=sea_state)
    spec = network.fleet.boat(boat)
    for leg in sea_legs(itinerary):
        expected = leg.distance_km / (spec.cruise_kn * KNOT_KMH) * 60 * spec.factor(sea_state)
        assert leg.duration_min == pytest.approx(expected, rel=1e-9)
    # The river leg up to Tha Dan is a fixed time, whatever the boat.
    river = [leg for leg in itinerary.legs if leg.mode == "river"]
    assert river[-1].duration_min == piers["tha_dan"].river_min
    assert itinerary.eta_min == pytest.approx(sum(leg.duration_min for leg in itinerary.legs))


def test_rougher_sea_is_slower(network, piers):
    calm = network.sea_route(piers["manoh"], piers["bang_rong"], sea_state="calm")
    rough = network.sea_route(piers["manoh"], piers["bang_rong"], sea_state="rough")
    assert rough.distance_km == pytest.approx(calm.distance_km)
    assert rough.eta_min > calm.eta_min


def test_bay_route_threads_the_islands(network, piers, land):
    """Chong Lad -> Tha Dan must bend around Phang Nga Bay's islets, not go straight."""
    itinerary = network.sea_route(piers["chong_lad"], piers["tha_dan"])
    (leg,) = sea_legs(itinerary)
    assert len(leg.coordinates) > 2
    assert leg.distance_km * 1000 < great_circle_of(leg) * 1.25  # bends, but no wild detour
