"""GET /api/v1/geo/route, POST /api/v1/geo/matrix and the /map/route page."""

import pytest

BAN_PHRU_NAI = "7.955,98.590"
VACHIRA = "7.8968,98.3838"
KHAO_LAK = "8.615,98.2399"
OPEN_SEA = "8.50,97.90"
NEAR_SIMILAN = "8.66,97.60"


def test_multimodal_route_returns_the_itinerary(api, places):
    response = api().get(f"/api/v1/geo/route?from={BAN_PHRU_NAI}&to={VACHIRA}&sea_state=calm")
    assert response.status_code == 200
    body = response.json()
    assert body["summary"] == "road+sea+road"
    assert {"road", "sea", "transfer"} <= {leg["mode"] for leg in body["legs"]}
    assert body["geometry"]["type"] == "MultiLineString"
    assert body["eta_min"] == pytest.approx(sum(leg["duration_min"] for leg in body["legs"]), abs=0.1)
    assert (body["mode"], body["boat"], body["sea_state"]) == ("multi", "speedboat", "calm")
    # The patient changes mode at two of the registry's piers (whichever are fastest).
    registry = {p.name_en for p in places.values() if p.kind == "pier"}
    transfers = [leg["from"] for leg in body["legs"] if leg["mode"] == "transfer"]
    assert len(transfers) == 2 and set(transfers) <= registry


def test_sea_and_road_modes(api, places):
    sea = api().get(f"/api/v1/geo/route?from={NEAR_SIMILAN}&to={OPEN_SEA}&mode=sea&boat=rescue_boat").json()
    assert {leg["mode"] for leg in sea["legs"]} == {"sea"}
    assert sea["boat"] == "rescue_boat"
    road = api().get(f"/api/v1/geo/route?from={KHAO_LAK}&to={VACHIRA}&mode=road").json()
    assert 75 <= road["eta_min"] <= 110


def test_default_sea_state_follows_the_season(api, places):
    body = api().get(f"/api/v1/geo/route?from={NEAR_SIMILAN}&to={OPEN_SEA}&mode=sea").json()
    assert body["sea_state"] in {"calm", "moderate"}


def test_resources_must_come_first(api, places):
    fetched = (
        api()
        .get(
            f"/api/v1/geo/route?from={NEAR_SIMILAN}&to={VACHIRA}&boat_at=7.95,98.25&ambulance_at={KHAO_LAK}"
            "&sea_state=calm&transfer_min=5"
        )
        .json()
    )
    roles = {leg["role"] for leg in fetched["legs"]}
    assert {"patient", "boat_approach"} <= roles


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        (f"from=12.5,98.0&to={VACHIRA}", "from", "out_of_region"),
        (f"from={BAN_PHRU_NAI}&to=8.4,100.9", "to", "out_of_region"),
        # the OpenAPI schema states the LAT,LON pattern and the classes: refused by it, field named
        (f"from=somewhere&to={VACHIRA}", "from", "validation_error"),
        (f"from={BAN_PHRU_NAI}&to={VACHIRA}&boat=submarine", "boat", "unknown_class"),  # boats.json: editable
        (f"from={BAN_PHRU_NAI}&to={VACHIRA}&sea_state=hurricane", "sea_state", "validation_error"),
        (f"from={BAN_PHRU_NAI}&to={VACHIRA}&boat=longtail&sea_state=rough", "sea_state", "no_route"),
        (f"from={BAN_PHRU_NAI}&to={VACHIRA}&mode=teleport", "mode", "validation_error"),
        (f"from={BAN_PHRU_NAI}&to={VACHIRA}&boat_at=1,2,3", "boat_at", "validation_error"),
    ],
)
def test_bad_input_is_422_naming_the_field(api, places, query, field, code):
    response = api().get(f"/api/v1/geo/route?{query}")
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error"] == code
    assert field in body["fields"]
    assert body["detail"]


def test_missing_parameter_is_named(api, places):
    response = api().get(f"/api/v1/geo/route?to={VACHIRA}")
    assert response.status_code == 422
    assert "from" in response.json()["fields"]


def test_no_road_between_island_and_mainland_is_404(api, places):
    response = api().get(f"/api/v1/geo/route?from={BAN_PHRU_NAI}&to={VACHIRA}&mode=road")
    assert response.status_code == 404
    assert response.json()["error"] == "no_route"


def test_matrix_ranks_resources(api, places):
    payload = {
        "origins": [[8.20, 98.20], [8.66, 97.60], [8.615, 98.2399]],
        "destinations": [[7.8968, 98.3838], [8.4486, 98.5264]],
        "sea_state": "calm",
    }
    response = api().post("/api/v1/geo/matrix", payload)
    assert response.status_code == 200
    eta = response.json()["eta_min"]
    assert len(eta) == 3 and all(len(row) == 2 for row in eta)
    assert all(isinstance(v, float) for row in eta for v in row)


def test_matrix_unreachable_is_null_and_bad_point_named(api, places):
    body = (
        api()
        .post(
            "/api/v1/geo/matrix",
            {"origins": [[7.955, 98.590]], "destinations": [[7.8968, 98.3838]], "mode": "road"},
        )
        .json()
    )
    assert body["eta_min"] == [[None]]
    bad = api().post(
        "/api/v1/geo/matrix", {"origins": [[7.9, 98.4], [20.0, 98.0]], "destinations": [[7.9, 98.38]]}
    )
    assert bad.status_code == 422
    assert "origins[1]" in bad.json()["fields"]
    short = api().post("/api/v1/geo/matrix", {"origins": [[7.9]], "destinations": [[7.9, 98.38]]})
    # a point without its longitude is refused by the schema ([lat, lon] pairs), naming it
    assert short.status_code == 422 and any(f.startswith("origins.0") for f in short.json()["fields"])


def test_route_page_renders_the_map_and_controls(client, places):
    response = client.get("/map/route")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="map"' in html and "/api/v1/geo/route" in html
    assert 'value="hospital_boat"' in html and 'value="rough"' in html
