"""Plots uploaded as GeoJSON get a geodesic area, shown in rai-ngan-square wah."""

import json
import math

import pytest


def degree_lengths_m(lat: float) -> tuple[float, float]:
    """Lengths of one degree of latitude and longitude on WGS84 (standard series), independent of pyproj."""
    p = math.radians(lat)
    meridian = 111132.954 - 559.822 * math.cos(2 * p) + 1.175 * math.cos(4 * p)
    parallel = 111412.84 * math.cos(p) - 93.5 * math.cos(3 * p)
    return meridian, parallel


def box(lat, lon, dlat, dlon):
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + dlon, lat], [lon + dlon, lat + dlat], [lon, lat + dlat], [lon, lat]]
        ],
    }


@pytest.fixture
def farmer_home(make_user, places, fb):
    farmer = make_user("farmer")
    return farmer, fb.household(farmer)


def test_uploaded_feature_collection_area_is_geodesic(api, farmer_home):
    farmer, household = farmer_home
    lat, lon, d = 8.38, 98.44, 0.001
    upload = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"name": "nong"}, "geometry": box(lat, lon, d, d)}],
    }
    response = api(farmer).post(
        f"/api/v1/farm/households/{household.pk}/plots",
        {
            "name": "Rice field",
            "geometry": upload,
            "land_document": "ns3k",
            "land_document_no": "NS3K-77",
            "tenure": "owned",
        },
    )
    assert response.status_code == 201, response.content
    props = response.json()["properties"]
    meridian, parallel = degree_lengths_m(lat + d / 2)
    expected = (d * meridian) * (d * parallel)
    assert props["area_m2"] == pytest.approx(expected, rel=1e-3)
    assert props["area_rai"] == pytest.approx(expected / 1600, rel=1e-3)
    rai, rest = divmod(expected / 4, 400)
    ngan, wah = divmod(rest, 100)
    assert props["area_rai_ngan_wah"].startswith(f"{int(rai)}-{int(ngan)}-")
    assert float(props["area_rai_ngan_wah"].split("-")[2].split()[0]) == pytest.approx(wah, abs=1)


def test_vertex_order_does_not_change_the_area(api, farmer_home):
    farmer, household = farmer_home
    ring = box(8.39, 98.45, 0.0008, 0.0012)["coordinates"][0]
    areas = []
    for coords in (ring, list(reversed(ring))):
        body = (
            api(farmer)
            .post(
                f"/api/v1/farm/households/{household.pk}/plots",
                {
                    "name": "p",
                    "geometry": {"type": "Polygon", "coordinates": [coords]},
                    "land_document": "chanote",
                    "land_document_no": "9",
                },
            )
            .json()
        )
        areas.append(body["properties"]["area_m2"])
    assert areas[0] == pytest.approx(areas[1]) and areas[0] > 0


@pytest.mark.parametrize(
    ("geometry", "words"),
    [
        ({"type": "Point", "coordinates": [98.44, 8.38]}, "Polygon"),
        (box(98.44, 8.38, 0.001, 0.001), "swapped"),  # [lat, lon] instead of GeoJSON's [lon, lat]
        (box(13.7, 100.5, 0.001, 0.001), "region"),
        (box(8.38, 98.44, 0.2, 0.2), "too large"),
        ({"type": "FeatureCollection", "features": []}, "exactly one polygon"),
    ],
)
def test_bad_geometry_is_422_naming_geometry(api, farmer_home, geometry, words):
    farmer, household = farmer_home
    response = api(farmer).post(
        f"/api/v1/farm/households/{household.pk}/plots",
        {"name": "p", "geometry": geometry, "land_document": "none"},
    )
    assert response.status_code == 422
    body = response.json()
    assert list(body["fields"]) == ["geometry"]
    assert words in body["fields"]["geometry"]


def test_document_number_required_with_a_document(api, farmer_home):
    farmer, household = farmer_home
    response = api(farmer).post(
        f"/api/v1/farm/households/{household.pk}/plots",
        {"name": "p", "geometry": box(8.38, 98.44, 0.001, 0.001), "land_document": "chanote"},
    )
    assert response.status_code == 422 and list(response.json()["fields"]) == ["land_document_no"]


def test_plot_upload_is_idempotent(api, farmer_home):
    farmer, household = farmer_home
    client = api(farmer)
    payload = {
        "name": "p",
        "geometry": json.loads(json.dumps(box(8.38, 98.44, 0.001, 0.001))),
        "land_document": "none",
    }
    first = client.post(
        f"/api/v1/farm/households/{household.pk}/plots", payload, headers={"Idempotency-Key": "k1"}
    )
    again = client.post(
        f"/api/v1/farm/households/{household.pk}/plots", payload, headers={"Idempotency-Key": "k1"}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert household.plots.count() == 1
