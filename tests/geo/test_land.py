import pytest
from shapely.geometry import Point, shape


def test_land_endpoint_serves_the_osm_polygons(client, db):
    response = client.get("/api/v1/geo/land")
    assert response.status_code == 200
    body = response.json()
    assert "OpenStreetMap" in body["attribution"]
    land = shape(body["features"][0]["geometry"])
    assert len(land.geoms) > 400
    # Small islands that coarser coastlines miss are present; the bay between them is sea.
    assert land.contains(Point(98.5035, 8.335))  # Koh Panyee
    assert land.contains(Point(98.5010, 8.2745))  # Khao Phing Kan
    assert not land.contains(Point(98.52, 8.30))  # open water of Phang Nga Bay


@pytest.mark.same_on_any_database  # derives the coastline from roaring-landmask, no database
def test_derivation_is_reproducible(tmp_path):
    from phangnga.geo.coastline import Region, land_polygons

    small = Region(98.45, 8.25, 98.55, 8.35)
    first = land_polygons(tmp_path / "a", small)
    second = land_polygons(tmp_path / "b", small)
    assert first.equals(second) and not first.is_empty
