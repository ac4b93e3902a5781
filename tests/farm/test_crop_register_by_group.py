"""The register rule of each crop group (data/crops.json, DOAE): perennials by planting year,
area and trees with no 15-60-day window; field crops and vegetables from day 15 until harvest;
rice 15-60 days, refused on the form in Thai naming the planting date."""

from datetime import date, timedelta

import pytest
from django.test import Client

from phangnga.farm import crops

TODAY = date(2026, 6, 1)


def test_every_group_names_its_rule_and_source():
    assert set(crops.RULES) == {"rice", "field", "vegetable", "perennial"}
    for rule in crops.RULES.values():
        assert rule.source and rule.rule_th and rule.rule_en
    assert (crops.RULES["rice"].from_day, crops.RULES["rice"].to_day) == (15, 60)
    assert crops.RULES["vegetable"].to_day is None and crops.RULES["field"].to_day is None
    assert crops.RULES["perennial"].tree_count and crops.RULES["perennial"].annual_update
    assert {c.register_group for c in map(crops.crop, ("rubber", "oil_palm", "durian", "coconut"))} == {
        "perennial"
    }


def test_rubber_planted_in_2015_is_registered_without_a_window_or_harvest_date():
    c = crops.check_cycle("rubber", date(2015, 6, 1), None, 10, 12, TODAY, tree_count=760)
    assert c.perennial
    assert crops.standing_until("rubber", date(2015, 6, 1), None) == date(2040, 6, 1)


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"tree_count": None}, "tree_count", "tree_count_required"),
        ({"tree_count": 0}, "tree_count", "tree_count_impossible"),
        ({"planted": TODAY - timedelta(days=20)}, "planting_date", "too_early"),  # from day 30
        ({"planted": TODAY + timedelta(days=3)}, "planting_date", "future_date"),
    ],
)
def test_perennial_rules(kwargs, field, code):
    planted = kwargs.pop("planted", date(2015, 6, 1))
    with pytest.raises(crops.RuleError) as err:
        crops.check_cycle("durian", planted, None, 5, 6, TODAY, **({"tree_count": 100} | kwargs))
    assert (err.value.field, err.value.code) == (field, code)


@pytest.mark.parametrize("crop", ["vegetables", "corn", "flowers"])
def test_field_crops_and_vegetables_report_from_day_15_until_harvest(crop):
    planted = TODAY - timedelta(days=75)
    assert crops.check_cycle(crop, planted, TODAY + timedelta(days=10), 1, 2, TODAY).code == crop
    with pytest.raises(crops.RuleError) as err:
        crops.check_cycle(crop, TODAY - timedelta(days=14), TODAY + timedelta(days=60), 1, 2, TODAY)
    assert err.value.code == "too_early"
    with pytest.raises(crops.RuleError) as err:  # harvested already: too late for this cycle
        crops.check_cycle(crop, planted, TODAY - timedelta(days=1), 1, 2, TODAY)
    assert (err.value.field, err.value.code) == ("expected_harvest", "after_harvest")


def test_rice_at_day_75_is_refused_on_the_planting_date():
    with pytest.raises(crops.RuleError) as err:
        crops.check_cycle("rice", TODAY - timedelta(days=75), TODAY + timedelta(days=45), 2, 3, TODAY)
    assert (err.value.field, err.value.code, err.value.params["days"]) == ("planting_date", "too_late", 15)


def test_seasonal_crops_need_a_harvest_date_and_no_tree_count():
    with pytest.raises(crops.RuleError) as err:
        crops.check_cycle("rice", TODAY - timedelta(days=20), None, 2, 3, TODAY)
    assert err.value.field == "expected_harvest"
    with pytest.raises(crops.RuleError) as err:
        crops.check_cycle("rice", TODAY - timedelta(days=20), TODAY + timedelta(days=90), 2, 3, TODAY, 50)
    assert err.value.field == "tree_count"


@pytest.fixture
def farmer_plot(make_user, places, fb):
    farmer = make_user("farmer")
    return farmer, fb.plot(fb.household(farmer), area_rai=12)


def test_api_registers_a_rubber_plot_planted_in_2015_today(api, farmer_plot):
    farmer, plot = farmer_plot
    client = api(farmer)
    url = f"/api/v1/farm/plots/{plot.pk}/cycles"
    body = {"crop": "rubber", "variety": "RRIM 600", "planting_year": 2015, "area_rai": 10, "tree_count": 760}
    response = client.post(url, body)
    assert response.status_code == 201, response.content
    cycle = response.json()
    assert cycle["planting_date"] == "2015-01-01" and cycle["tree_count"] == 760
    assert cycle["register_group"] == "perennial" and cycle["expected_harvest"] == "2040-01-01"
    # The yearly update of the same planting updates it instead of adding a second rubber stand.
    again = client.post(url, {**body, "tree_count": 740})
    assert again.status_code == 200 and again.json()["id"] == cycle["id"]
    assert plot.cycles.count() == 1 and plot.cycles.get().tree_count == 740
    no_trees = client.post(url, {k: v for k, v in body.items() if k != "tree_count"})
    assert no_trees.status_code == 422 and list(no_trees.json()["fields"]) == ["tree_count"]


def test_api_registers_a_vegetable_plot_at_day_75(api, farmer_plot):
    farmer, plot = farmer_plot
    today = date.today()
    response = api(farmer).post(
        f"/api/v1/farm/plots/{plot.pk}/cycles",
        {
            "crop": "vegetables",
            "planting_date": str(today - timedelta(days=75)),
            "expected_harvest": str(today + timedelta(days=15)),
            "area_rai": 1,
        },
    )
    assert response.status_code == 201, response.content


def test_api_refuses_rice_at_day_75_naming_the_planting_date(api, farmer_plot):
    farmer, plot = farmer_plot
    today = date.today()
    response = api(farmer).post(
        f"/api/v1/farm/plots/{plot.pk}/cycles",
        {
            "crop": "rice",
            "planting_date": str(today - timedelta(days=75)),
            "expected_harvest": str(today + timedelta(days=45)),
            "area_rai": 2,
        },
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["planting_date"]
    assert "15-60 days" in response.json()["fields"]["planting_date"]


def test_form_refuses_rice_at_day_75_in_thai_under_the_planting_date(farmer_plot):
    farmer, plot = farmer_plot
    client = Client()
    client.force_login(farmer)
    today = date.today()
    form = {
        "form": "cycle",
        "crop": "rice",
        "planting_date": today - timedelta(days=75),
        "expected_harvest": today + timedelta(days=45),
        "area_rai": 2,
    }
    response = client.post(f"/farm/plots/{plot.pk}/", form, HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 200 and plot.cycles.count() == 0
    errors = response.context["cycle_form"].errors
    assert list(errors) == ["planting_date"]
    assert errors["planting_date"] == ["ข้าว แจ้งได้หลังปลูก 15-60 วัน: เลยกำหนดมาแล้ว 15 วัน"]
    html = response.content.decode()
    label = html.index('name="planting_date"')
    assert html.index("เลยกำหนดมาแล้ว 15 วัน") > label  # shown with the field, not at the top


def test_form_registers_a_durian_orchard_by_year_and_trees(farmer_plot):
    farmer, plot = farmer_plot
    client = Client()
    client.force_login(farmer)
    response = client.post(
        f"/farm/plots/{plot.pk}/",
        {"form": "cycle", "crop": "durian", "planting_year": 2012, "area_rai": 8, "tree_count": 160},
    )
    assert response.status_code == 302, response.context["cycle_form"].errors
    cycle = plot.cycles.get()
    assert (cycle.planting_date, cycle.tree_count) == (date(2012, 1, 1), 160)
