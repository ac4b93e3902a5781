import pytest

REQUIRED_PROPERTIES = {"id", "kind", "name_th", "name_en", "district", "capabilities", "source", "accuracy_m"}


def test_places_are_a_geojson_feature_collection(api, places):
    body = api().get("/api/v1/places").json()
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == len(places)
    for feature in body["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 97.4 <= lon <= 99.2 and 7.5 <= lat <= 9.8
        assert REQUIRED_PROPERTIES <= set(feature["properties"])


def test_filter_by_kind_and_district(api, places):
    piers = api().get("/api/v1/places?kind=pier").json()["features"]
    assert {f["properties"]["kind"] for f in piers} == {"pier"}
    assert "Tha Dan pier (Phang Nga)" in {f["properties"]["name_en"] for f in piers}
    ko_yao = api().get("/api/v1/places?district=ko_yao&kind=hospital").json()["features"]
    assert [f["properties"]["name_en"] for f in ko_yao] == ["Koh Yao Chaipattana Hospital"]


def test_near_sorts_by_distance_and_within_limits(api, places):
    body = api().get("/api/v1/places?kind=hospital&near=7.955,98.590&within_km=25").json()
    names = [f["properties"]["name_en"] for f in body["features"]]
    distances = [f["properties"]["distance_km"] for f in body["features"]]
    assert names[0] == "Koh Yao Chaipattana Hospital"
    assert distances == sorted(distances) and distances[-1] <= 25
    assert "Takua Pa Hospital" not in names


def test_capability_filter_finds_the_chamber(api, places):
    body = api().get("/api/v1/places?capability=hyperbaric").json()
    assert [f["properties"]["name_en"] for f in body["features"]] == ["Vachira Phuket Hospital"]


def test_one_place(api, places):
    place = places["pier-thadan"]
    body = api().get(f"/api/v1/places/{place.id}").json()
    assert body["properties"]["name_en"] == "Tha Dan pier (Phang Nga)"
    assert body["properties"]["sea_access"] == [place.sea_access_lat, place.sea_access_lon]
    assert api().get("/api/v1/places/987654").status_code == 404


@pytest.mark.parametrize(("lat", "lon", "field"), [(13.75, 98.3, "lat"), (8.4, 100.5, "lon")])
def test_coordinate_outside_region_is_422_naming_the_field(api, make_user, places, lat, lon, field):
    response = api(make_user("dispatcher")).post(
        "/api/v1/places",
        {
            "kind": "pier",
            "name_th": "ท่า",
            "name_en": "Far pier",
            "lat": lat,
            "lon": lon,
            "source": "K",
            "accuracy_m": 10,
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert list(body["fields"]) == [field]
    assert body["error"] == "out_of_region"


def test_missing_and_wrong_fields_are_named(api, make_user, places):
    response = api(make_user("dispatcher")).post("/api/v1/places", {"kind": "volcano", "lat": "x"})
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert {"kind", "lat", "name_th", "name_en", "lon", "source", "accuracy_m"} <= set(fields)


def test_bad_near_is_named(api, places):
    response = api().get("/api/v1/places?near=somewhere")
    assert response.status_code == 422 and "near" in response.json()["fields"]


def test_registry_covers_reference_places_and_all_districts(places):
    from phangnga.geo.models import District

    assert District.objects.exclude(code="outside").count() == 8
    for code in [
        "hosp-phangnga",
        "hosp-takuapa",
        "hosp-vachira",
        "hosp-krabi",
        "hosp-kohyao",
        "pier-thaplamu",
        "pier-khuraburi",
        "pier-manoh",
        "pier-chonglad",
        "pier-bangrong",
        "pier-thadan",
        "hosp-andamanhub",
        "cmd-phangnga",
        "island-panyee",
        "att-james-bond",
        "island-surin",
        "island-similan-4",
    ]:
        assert code in places
    on_yao_noi = [p for p in places.values() if p.kind == "health_centre" and p.lat > 8.09]
    on_yao_yai = [p for p in places.values() if p.kind == "health_centre" and p.lat < 8.09]
    assert on_yao_noi and on_yao_yai
    assert all(p.source and p.accuracy_m > 0 for p in places.values())
