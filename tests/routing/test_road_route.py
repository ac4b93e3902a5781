"""Road routes over the skeleton highway graph."""

import pytest

from phangnga.geo.routing import LatLon, NoRoute

KHAO_LAK = LatLon(8.6150, 98.2399)
VACHIRA = LatLon(7.8968, 98.3838)
PHANG_NGA_HOSPITAL = LatLon(8.4486, 98.5264)
BAN_PHRU_NAI = LatLon(7.955, 98.590)  # Koh Yao Yai: no bridge to anywhere


def test_khao_lak_to_vachira_phuket_takes_about_ninety_minutes(network):
    itinerary = network.road_route(KHAO_LAK, VACHIRA, vehicle="ambulance")
    assert 75 <= itinerary.eta_min <= 110
    assert 90 <= itinerary.distance_km <= 130
    road = [leg for leg in itinerary.legs if leg.mode == "road"]
    assert road and "402" in road[0].note  # over the Sarasin bridge onto Phuket
    assert {leg.mode for leg in itinerary.legs} <= {"road", "access"}


def test_a_car_is_slower_than_an_ambulance(network):
    ambulance = network.road_route(KHAO_LAK, VACHIRA, vehicle="ambulance")
    car = network.road_route(KHAO_LAK, VACHIRA, vehicle="car")
    assert car.distance_km == pytest.approx(ambulance.distance_km)
    assert car.eta_min > ambulance.eta_min


def test_off_graph_point_gets_a_slow_access_leg(network):
    beach = LatLon(8.665, 98.245)  # Bang Niang beach, ~1 km west of Route 4
    itinerary = network.road_route(beach, PHANG_NGA_HOSPITAL)
    first = itinerary.legs[0]
    assert first.mode == "access"
    assert first.coordinates[0] == pytest.approx((beach.lon, beach.lat))
    speed_kmh = first.distance_km / (first.duration_min / 60)
    assert speed_kmh == pytest.approx(network.fleet.vehicle("ambulance").speed("access"))
    assert itinerary.eta_min == pytest.approx(sum(leg.duration_min for leg in itinerary.legs))


def test_no_road_from_an_island_to_the_mainland(network):
    with pytest.raises(NoRoute):
        network.road_route(BAN_PHRU_NAI, PHANG_NGA_HOSPITAL)


def test_island_point_attaches_to_its_own_island_not_across_the_strait(network):
    """Chong Lad (Koh Yao Yai) is ~2 km from Manoh (Koh Yao Noi): the link must not cross water."""
    itinerary = network.road_route(LatLon(8.075, 98.590), BAN_PHRU_NAI)
    assert itinerary.eta_min < 60
    assert all("Koh Yao Noi" not in leg.to_name for leg in itinerary.legs)
