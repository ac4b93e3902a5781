"""The multimodal planner: road -> pier -> boat -> pier -> road, with resources and transfers."""

import json

import pytest

from phangnga.geo.routing import LatLon

from .conftest import assert_clear_of_land

BAN_PHRU_NAI = LatLon(7.955, 98.590)
VACHIRA = LatLon(7.8968, 98.3838)
KHAO_LAK = LatLon(8.6150, 98.2399)
KO_MIANG = LatLon(8.567, 97.637)
PHANG_NGA_HOSPITAL = LatLon(8.4486, 98.5264)
DIVE_SITE = LatLon(8.66, 97.60)  # open sea near the Similans


def test_island_village_to_vachira_goes_road_boat_road(network):
    itinerary = network.plan(BAN_PHRU_NAI, VACHIRA)
    modes = [leg.mode for leg in itinerary.legs]
    assert itinerary.summary == "road+sea+road"
    assert modes.index("road") < modes.index("sea") < len(modes) - 1 - modes[::-1].index("road")
    assert modes.count("transfer") == 2
    for leg in itinerary.legs:
        if leg.mode == "transfer":
            assert leg.duration_min == pytest.approx(10.0)
    # Legs run back to back: the ETA is their sum.
    assert itinerary.eta_min == pytest.approx(sum(leg.duration_min for leg in itinerary.legs))
    assert 60 < itinerary.eta_min < 240


def test_plan_to_dict_is_json_ready_geojson(network):
    body = network.plan(BAN_PHRU_NAI, VACHIRA).to_dict()
    json.dumps(body)  # serialisable as is
    assert set(body) >= {"eta_min", "distance_km", "legs", "geometry", "snapped"}
    assert body["geometry"]["type"] == "MultiLineString"
    assert len(body["geometry"]["coordinates"]) == len(body["legs"])
    for leg in body["legs"]:
        assert set(leg) >= {"mode", "from", "to", "distance_km", "duration_min", "geometry"}
        assert leg["mode"] in {"sea", "river", "road", "transfer", "access"}
        assert leg["geometry"]["type"] == "LineString" and len(leg["geometry"]["coordinates"]) >= 2
        lon, lat = leg["geometry"]["coordinates"][0]
        assert 97 < lon < 100 and 7 < lat < 10  # GeoJSON order: lon, lat
    assert body["distance_km"] == pytest.approx(sum(leg["distance_km"] for leg in body["legs"]), abs=0.01)


def test_sea_legs_of_a_plan_clear_land(network, land, land_xy):
    assert_clear_of_land(network.plan(BAN_PHRU_NAI, VACHIRA), land, land_xy, network)


def test_transfer_time_is_configurable(network):
    default = network.plan(BAN_PHRU_NAI, VACHIRA)
    quick = network.plan(BAN_PHRU_NAI, VACHIRA, transfer_min=2)
    assert quick.eta_min == pytest.approx(default.eta_min - 2 * (10 - 2))


def test_mainland_trip_stays_on_the_road(network):
    itinerary = network.plan(KHAO_LAK, VACHIRA)
    assert itinerary.summary == "road"
    assert itinerary.eta_min == pytest.approx(network.road_route(KHAO_LAK, VACHIRA).eta_min)


def test_patient_at_sea_is_landed_at_a_pier_and_driven(network):
    itinerary = network.plan(DIVE_SITE, PHANG_NGA_HOSPITAL)
    assert itinerary.summary == "sea+road"
    assert itinerary.legs[0].mode == "sea"
    landing = [leg for leg in itinerary.legs if leg.mode == "transfer"]
    assert len(landing) == 1 and "Tap Lamu" in landing[0].from_name


def test_a_distant_boat_must_sail_to_the_pickup_first(network):
    waiting = network.plan(DIVE_SITE, PHANG_NGA_HOSPITAL)
    far_boat = LatLon(7.95, 98.25)  # off Phuket's west coast
    fetched = network.plan(DIVE_SITE, PHANG_NGA_HOSPITAL, boat_at=far_boat)
    approach = [leg for leg in fetched.legs if leg.role == "boat_approach"]
    assert approach and approach[0].start_min == 0
    # The boat sails to the patient, loads them (transfer), then the trip starts.
    arrival = max(leg.end_min for leg in approach)
    boarding = next(leg for leg in fetched.legs if leg.mode == "transfer")
    assert boarding.start_min == pytest.approx(arrival)
    assert fetched.eta_min == pytest.approx(waiting.eta_min + arrival + 10.0, rel=1e-6)
    assert fetched.snapped.keys() <= {"origin", "destination", "boat_at"}


def test_ambulance_drives_to_the_patient_before_the_trip(network):
    base = PHANG_NGA_HOSPITAL
    fetched = network.plan(KHAO_LAK, VACHIRA, ambulance_at=base)
    approach = [leg for leg in fetched.legs if leg.role == "ambulance_approach"]
    assert approach
    drive_to_patient = network.road_route(base, KHAO_LAK).eta_min
    assert fetched.eta_min == pytest.approx(drive_to_patient + network.road_route(KHAO_LAK, VACHIRA).eta_min)


def test_ambulance_that_cannot_reach_an_island_meets_the_boat(network):
    itinerary = network.plan(BAN_PHRU_NAI, VACHIRA, ambulance_at=PHANG_NGA_HOSPITAL)
    approach = [leg for leg in itinerary.legs if leg.role == "ambulance_approach"]
    assert approach and approach[-1].to_name == next(
        leg.from_name
        for leg in itinerary.legs
        if leg.mode == "transfer" and leg.note.startswith("patient lands")
    )
    landing = next(leg for leg in itinerary.legs if leg.note.startswith("patient lands"))
    # The landing waits for whichever comes last, boat or ambulance.
    assert landing.end_min == pytest.approx(max(landing.start_min, approach[-1].end_min) + 10.0)


def test_longtail_may_not_sail_in_a_rough_sea(network):
    from phangnga.geo.routing import NoRoute

    with pytest.raises(NoRoute) as err:
        network.plan(BAN_PHRU_NAI, VACHIRA, boat="longtail", sea_state="rough")
    assert err.value.field == "sea_state"


def test_roadless_island_point_is_picked_up_from_the_shore(network):
    itinerary = network.plan(KO_MIANG, PHANG_NGA_HOSPITAL)
    assert itinerary.summary == "sea+road"
    assert itinerary.snapped["origin"]["distance_m"] > 0
