"""Farmbook rules: the rice window (15-60 days after planting), minimum areas, the 3-year lapse."""

from datetime import date, timedelta

import pytest

from phangnga.farm import crops

TODAY = date(2026, 6, 1)


def check(crop="rice", planted_days_ago=30, area=2.0, plot=5.0, harvest_days=120):
    planted = TODAY - timedelta(days=planted_days_ago)
    return crops.check_cycle(crop, planted, planted + timedelta(days=harvest_days), area, plot, TODAY)


@pytest.mark.parametrize(("days", "ok"), [(14, False), (15, True), (60, True), (61, False)])
def test_update_window_15_to_60_days(days, ok):
    if ok:
        assert check(planted_days_ago=days).code == "rice"
    else:
        with pytest.raises(crops.RuleError) as err:
            check(planted_days_ago=days)
        assert err.value.field == "planting_date"


@pytest.mark.parametrize(
    ("crop", "area", "ok"),
    [
        ("rice", 1.0, True),
        ("rice", 0.99, False),
        ("corn", 0.9, False),
        ("vegetables", 0.25, True),
        ("vegetables", 0.24, False),
        ("flowers", 0.25, True),
    ],
)
def test_minimum_areas(crop, area, ok):
    if ok:
        check(crop, area=area)
    else:
        with pytest.raises(crops.RuleError) as err:
            check(crop, area=area)
        assert err.value.field == "area_rai"


def test_cycle_larger_than_the_plot_is_refused():
    with pytest.raises(crops.RuleError) as err:
        check(area=6, plot=5)
    assert err.value.field == "area_rai"


def test_harvest_before_planting_is_refused():
    with pytest.raises(crops.RuleError) as err:
        check(harvest_days=0)
    assert err.value.field == "expected_harvest"


@pytest.mark.parametrize(
    ("last", "today", "status"),
    [
        (date(2023, 6, 2), date(2026, 6, 1), "active"),
        (date(2023, 6, 1), date(2026, 6, 1), "lapsed"),
        (date(2024, 2, 29), date(2027, 2, 27), "active"),
        (date(2024, 2, 29), date(2027, 2, 28), "lapsed"),
    ],
)
def test_registration_lapses_after_three_years(last, today, status):
    assert crops.registration_status(last, today) == status


def test_compensation_groups():
    assert crops.crop("rice").compensation_group == "rice"
    assert crops.crop("vegetables").compensation_group == crops.crop("corn").compensation_group == "field_veg"
    assert (
        crops.crop("durian").compensation_group
        == crops.crop("rubber").compensation_group
        == "fruit_perennial"
    )


def test_cycle_api_applies_the_rules_and_updates_the_household(api, make_user, places, fb):
    farmer = make_user("farmer")
    household = fb.household(farmer)
    plot = fb.plot(household, area_rai=3)
    client = api(farmer)
    today = date.today()
    too_early = client.post(
        f"/api/v1/farm/plots/{plot.pk}/cycles",
        {
            "crop": "rice",
            "planting_date": str(today - timedelta(days=5)),
            "expected_harvest": str(today + timedelta(days=100)),
            "area_rai": 2,
        },
    )
    assert too_early.status_code == 422 and list(too_early.json()["fields"]) == ["planting_date"]
    small = client.post(
        f"/api/v1/farm/plots/{plot.pk}/cycles",
        {
            "crop": "rice",
            "planting_date": str(today - timedelta(days=20)),
            "expected_harvest": str(today + timedelta(days=100)),
            "area_rai": 0.5,
        },
    )
    assert small.status_code == 422 and list(small.json()["fields"]) == ["area_rai"]
    unknown = client.post(
        f"/api/v1/farm/plots/{plot.pk}/cycles",
        {
            "crop": "tulips",
            "planting_date": str(today - timedelta(days=20)),
            "expected_harvest": str(today + timedelta(days=100)),
            "area_rai": 2,
        },
    )
    assert unknown.status_code == 422 and list(unknown.json()["fields"]) == ["crop"]
    household.last_update_on = today - timedelta(days=500)
    household.save()
    ok = client.post(
        f"/api/v1/farm/plots/{plot.pk}/cycles",
        {
            "crop": "rice",
            "variety": "Sang Yod",
            "planting_date": str(today - timedelta(days=20)),
            "expected_harvest": str(today + timedelta(days=100)),
            "area_rai": 2.5,
        },
    )
    assert ok.status_code == 201, ok.content
    household.refresh_from_db()
    assert household.last_update_on == today
    assert plot.cycles.count() == 1
