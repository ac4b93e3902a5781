"""Points on land or inside the safety margin are moved to the nearest navigable water."""

import pytest
import shapely

from phangnga.geo.routing import LatLon, NoRoute, OutOfRegion

KO_MIANG_STATION = LatLon(8.567, 97.637)  # on the island (OSM land)
TAP_LAMU_SEA = LatLon(8.580, 98.226)  # 33 m off the OSM coast: inside the 75 m margin
OPEN_SEA = LatLon(8.50, 97.90)


def test_point_on_land_is_snapped_and_distance_reported(network, land):
    assert land.contains(shapely.Point(KO_MIANG_STATION.lon, KO_MIANG_STATION.lat))
    itinerary = network.sea_route(KO_MIANG_STATION, OPEN_SEA)
    snapped = itinerary.snapped["origin"]
    assert 75 < snapped["distance_m"] < 1500
    assert network.sea.is_navigable(LatLon(snapped["lat"], snapped["lon"]))
    access = itinerary.legs[0]
    assert access.mode == "access"
    assert access.distance_km * 1000 == pytest.approx(snapped["distance_m"], rel=0.01)
    assert "destination" not in itinerary.snapped


def test_point_inside_the_margin_is_snapped(network):
    itinerary = network.sea_route(TAP_LAMU_SEA, OPEN_SEA)
    assert 0 < itinerary.snapped["origin"]["distance_m"] < 500


def test_point_far_inland_has_no_sea_route(network):
    with pytest.raises(NoRoute) as err:
        network.sea_route(LatLon(8.45, 98.70), OPEN_SEA)  # inland, east of Phang Nga town
    assert err.value.field == "origin"
    assert "km from navigable water" in err.value.detail


@pytest.mark.parametrize("bad", [(12.0, 98.0), (8.5, 100.5), ("x", 98.0), (None, None), (float("nan"), 98.0)])
def test_out_of_region_or_malformed_points_name_the_field(network, bad):
    with pytest.raises(OutOfRegion) as err:
        network.sea_route(OPEN_SEA, bad)
    assert err.value.field == "destination"
    assert err.value.code == "out_of_region"
