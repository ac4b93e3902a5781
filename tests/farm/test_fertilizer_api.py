"""POST /api/v1/farm/fertilizer over HTTP: table boundaries, the plan's nutrients, 422s naming the field."""

import pytest

URL = "/api/v1/farm/fertilizer"
GRADES = {
    "46-0-0": (0.46, 0, 0),
    "18-46-0": (0.18, 0.46, 0),
    "0-0-60": (0, 0, 0.60),
    "15-15-15": (0.15, 0.15, 0.15),
    "16-20-0": (0.16, 0.20, 0),
    "0-46-0": (0, 0.46, 0),
    "21-0-0": (0.21, 0, 0),
    "16-16-8": (0.16, 0.16, 0.08),
    "13-13-21": (0.13, 0.13, 0.21),
    "8-24-24": (0.08, 0.24, 0.24),
}


def ask(api, **over):
    body = {"crop": "rice", "variety_type": "non_ps", "om_pct": 1.5, "p_ppm": 7, "k_ppm": 70, "area_rai": 5}
    body.update(over)
    return api().post(URL, body)


@pytest.mark.parametrize(("om", "n"), [(0.99, 18), (1.0, 12), (2.0, 12), (2.01, 6)])
def test_om_boundary_exactly_one_percent(api, db, om, n):
    assert ask(api, om_pct=om).json()["n"] == n


@pytest.mark.parametrize(("p", "p2o5"), [(4.99, 6), (5, 3), (10, 3), (10.01, 0)])
def test_p_boundary_exactly_five_ppm(api, db, p, p2o5):
    assert ask(api, p_ppm=p).json()["p2o5"] == p2o5


@pytest.mark.parametrize(("k", "k2o"), [(59.9, 6), (60, 3), (80, 3), (80.1, 0)])
def test_k_boundary_exactly_sixty_ppm(api, db, k, k2o):
    assert ask(api, k_ppm=k).json()["k2o"] == k2o


def test_photoperiod_sensitive_rice_gets_half_the_nitrogen(api, db):
    assert ask(api, variety_type="ps", om_pct=0.5).json()["n"] == 9


@pytest.mark.parametrize("crop", ["rice", "rubber", "oil_palm", "durian", "vegetables", "sugarcane"])
def test_products_supply_the_need_within_half_a_kg_per_rai(api, db, crop):
    tables = {t["crop"]: t for t in api().get("/api/v1/farm/fertilizer/tables").json()}
    key = next(k for k, t in tables.items() if crop == k or crop in t["aliases"])
    variety = next(iter(tables[key]["variety_types"]))
    response = ask(api, crop=crop, variety_type=variety, om_pct=0.6, p_ppm=3, k_ppm=40, area_rai=3.5)
    assert response.status_code == 200, response.content
    body = response.json()
    supplied = [0.0, 0.0, 0.0]
    for line in body["products"]:
        assert line["kg_total"] == pytest.approx(line["kg_per_rai"] * 3.5, abs=0.1)
        for i, share in enumerate(GRADES[line["grade"]]):
            supplied[i] += line["kg_per_rai"] * share
    for got, need in zip(supplied, (body["n"], body["p2o5"], body["k2o"]), strict=True):
        assert got == pytest.approx(need, abs=0.5)
    assert body["n"] > 0 and body["k2o"] > 0


def test_kit_class_levels_instead_of_numbers(api, db):
    body = (
        api()
        .post(
            URL,
            {
                "crop": "rice",
                "variety_type": "non_ps",
                "om_class": "low",
                "p_class": "ต่ำ",
                "k_class": "high",
                "area_rai": 2,
            },
        )
        .json()
    )
    assert (body["n"], body["p2o5"], body["k2o"]) == (18, 6, 0)


def test_saving_against_the_usual_formula(api, db):
    body = ask(api, p_ppm=12, k_ppm=90, usual_grade="15-15-15", usual_kg_per_rai=50).json()
    assert body["usual"]["cost_used_baht"] > body["cost_used_baht"]
    assert body["saving_baht"] == pytest.approx(
        body["usual"]["cost_used_baht"] - body["cost_used_baht"], abs=0.01
    )


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"om_pct": -1}, "om_pct"),
        ({"p_ppm": -0.5}, "p_ppm"),
        ({"k_ppm": 1e9}, "k_ppm"),
        ({"om_pct": 150}, "om_pct"),
        ({"area_rai": 0}, "area_rai"),
        ({"area_rai": -3}, "area_rai"),
        ({"crop": "banana_xyz"}, "crop"),
        ({"variety_type": "sticky"}, "variety_type"),
        ({"p_ppm": "lots"}, "p_ppm"),
        ({"ph": 15}, "ph"),
    ],
)
def test_bad_values_are_422_naming_the_field(api, db, over, field):
    response = ask(api, **over)
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]


def test_missing_crop_is_422(api, db):
    response = api().post(URL, {"om_pct": 1, "p_ppm": 1, "k_ppm": 1, "area_rai": 1})
    assert response.status_code == 422 and "crop" in response.json()["fields"]


def test_edited_price_changes_the_cost(api, db):
    from phangnga.farm.advice import ensure_prices
    from phangnga.farm.models import FertilizerPrice

    before = ask(api).json()
    ensure_prices()
    FertilizerPrice.objects.filter(grade="46-0-0").update(baht_per_bag=1800)
    after = ask(api).json()
    urea = next(x for x in after["products"] if x["grade"] == "46-0-0")
    assert after["cost_used_baht"] > before["cost_used_baht"]
    assert urea["cost_used_baht"] == pytest.approx(
        urea["kg_total"] * 1800 / 50, abs=2
    )  # kg_total is rounded to 0.1 kg
