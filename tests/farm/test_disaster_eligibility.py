"""Who is eligible after a disaster, and the 30-rai cap, through GET /disasters/{id}/eligible."""

from datetime import date, timedelta

import pytest

EVENT = date(2025, 11, 20)


@pytest.fixture
def officer(make_user, places):
    return make_user("agriculture_officer", district="takua_thung")


def declare(api, officer, **over):
    body = {"kind": "flood", "name": "Flood Nov 2025", "started_on": str(EVENT), "districts": ["takua_thung"]}
    body.update(over)
    response = api(officer).post("/api/v1/farm/disasters", body)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def eligible(api, officer, event_id, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = api(officer).get(f"/api/v1/farm/disasters/{event_id}/eligible?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_registered_before_with_a_standing_crop_is_paid_at_the_rice_rate(api, officer, fb):
    household = fb.household(registered_on=EVENT - timedelta(days=200))
    plot = fb.plot(household, area_rai=4)
    fb.cycle(plot, "rice", planted=EVENT - timedelta(days=40), area_rai=4)
    body = eligible(api, officer, declare(api, officer))
    [row] = body["households"]
    assert row["household_id"] == household.pk
    assert row["paid_rai"] == pytest.approx(4)
    assert row["amount"] == pytest.approx(4 * 1340)


def test_household_registered_after_the_event_is_not_eligible(api, officer, fb):
    late = fb.household(registered_on=EVENT + timedelta(days=1))
    plot = fb.plot(late, registered_on=EVENT - timedelta(days=30))
    fb.cycle(plot, "rice", planted=EVENT - timedelta(days=40))
    body = eligible(api, officer, declare(api, officer), include_ineligible="true")
    assert body["households"] == []
    [row] = body["not_eligible"]
    assert "household_registered_after_event" in row["reasons"]


def test_registered_on_the_event_day_is_not_before_it(api, officer, fb):
    household = fb.household(registered_on=EVENT)
    fb.cycle(fb.plot(household), "rice", planted=EVENT - timedelta(days=40))
    assert eligible(api, officer, declare(api, officer))["households"] == []


@pytest.mark.parametrize("case", ["plot_after", "no_document", "harvested", "planted_after"])
def test_plot_level_reasons(api, officer, fb, case):
    household = fb.household(registered_on=EVENT - timedelta(days=300))
    plot = fb.plot(
        household,
        registered_on=EVENT + timedelta(days=3) if case == "plot_after" else EVENT - timedelta(days=300),
        land_document="none" if case == "no_document" else "chanote",
        land_document_no="" if case == "no_document" else "55",
    )
    planted = {"harvested": EVENT - timedelta(days=200), "planted_after": EVENT + timedelta(days=2)}.get(
        case, EVENT - timedelta(days=30)
    )
    fb.cycle(plot, "vegetables", planted=planted, harvest_days=60)
    body = eligible(api, officer, declare(api, officer), include_ineligible="true")
    assert body["households"] == []
    reasons = body["not_eligible"][0]["reasons"]
    expected = {
        "plot_after": "plot_registered_after_event",
        "no_document": "no_land_document",
        "harvested": "no_crop_standing_at_event",
        "planted_after": "no_crop_standing_at_event",
    }[case]
    assert expected in reasons


def test_thirty_rai_cap_per_household_fills_the_highest_rate_first(api, officer, fb):
    household = fb.household(registered_on=EVENT - timedelta(days=500))
    durian = fb.plot(household, area_rai=12, lat=8.384, lon=98.440)
    rice = fb.plot(household, area_rai=25, lat=8.380, lon=98.445)
    fb.cycle(durian, "durian", planted=EVENT - timedelta(days=900), harvest_days=3650, area_rai=12)
    fb.cycle(rice, "rice", planted=EVENT - timedelta(days=30), area_rai=25)
    body = eligible(api, officer, declare(api, officer))
    [row] = body["households"]
    assert row["affected_rai"] == pytest.approx(37)
    assert row["paid_rai"] == pytest.approx(30)
    assert row["capped"] is True
    assert row["amount"] == pytest.approx(12 * 4048 + 18 * 1340)


def test_under_the_cap_everything_is_paid(api, officer, fb):
    household = fb.household(registered_on=EVENT - timedelta(days=500))
    plot = fb.plot(household, area_rai=29.5)
    fb.cycle(plot, "corn", planted=EVENT - timedelta(days=30), area_rai=29.5)
    [row] = eligible(api, officer, declare(api, officer))["households"]
    assert row["capped"] is False and row["amount"] == pytest.approx(29.5 * 1980)


def test_edited_rate_is_used(api, officer, fb):
    from phangnga.farm.disasters import ensure_rates
    from phangnga.farm.models import CompensationRate

    ensure_rates()
    CompensationRate.objects.filter(group="rice").update(baht_per_rai=1500)
    household = fb.household(registered_on=EVENT - timedelta(days=200))
    fb.cycle(fb.plot(household, area_rai=2), "rice", planted=EVENT - timedelta(days=40), area_rai=2)
    [row] = eligible(api, officer, declare(api, officer))["households"]
    assert row["amount"] == pytest.approx(2 * 1500)


def test_drawn_area_counts_the_share_of_the_plot_inside(api, officer, fb, make_user):
    household = fb.household(
        registered_on=EVENT - timedelta(days=200), district="thap_put", subdistrict="thap_put"
    )
    plot = fb.plot(household, area_rai=8, lat=8.52, lon=98.63)
    fb.cycle(plot, "rice", planted=EVENT - timedelta(days=40), area_rai=8)
    ring = plot.geometry["coordinates"][0]
    min_lon, max_lon = min(p[0] for p in ring), max(p[0] for p in ring)
    min_lat, max_lat = min(p[1] for p in ring), max(p[1] for p in ring)
    mid = (min_lon + max_lon) / 2
    west_half = {
        "type": "Polygon",
        "coordinates": [
            [
                [min_lon - 0.01, min_lat - 0.01],
                [mid, min_lat - 0.01],
                [mid, max_lat + 0.01],
                [min_lon - 0.01, max_lat + 0.01],
                [min_lon - 0.01, min_lat - 0.01],
            ]
        ],
    }
    # Thap Put is outside the fixture officer's district: a provincial officer declares it.
    chief = make_user("agriculture_officer")
    event_id = declare(api, chief, districts=[], area=west_half)
    [row] = eligible(api, chief, event_id)["households"]
    assert row["affected_rai"] == pytest.approx(4, rel=0.01)


def test_district_officer_sees_only_their_district_in_the_list(api, officer, fb, make_user):
    for district, sub in (("takua_thung", "krasom"), ("kapong", "kapong")):
        h = fb.household(registered_on=EVENT - timedelta(days=200), district=district, subdistrict=sub)
        fb.cycle(fb.plot(h), "rice", planted=EVENT - timedelta(days=40))
    chief = make_user("agriculture_officer")
    event_id = declare(api, chief, districts=["takua_thung", "kapong"])
    assert len(eligible(api, chief, event_id)["households"]) == 2
    assert [h["district"] for h in eligible(api, officer, event_id)["households"]] == ["takua_thung"]


def test_declaring_needs_an_area_and_known_districts(api, officer):
    client = api(officer)
    base = {"kind": "flood", "name": "x", "started_on": str(EVENT)}
    assert client.post("/api/v1/farm/disasters", {**base, "districts": []}).json()["fields"].keys() == {
        "districts"
    }
    assert (
        "districts"
        in client.post("/api/v1/farm/disasters", {**base, "districts": ["atlantis"]}).json()["fields"]
    )
    assert (
        "districts"
        in client.post("/api/v1/farm/disasters", {**base, "districts": ["kapong"]}).json()["fields"]
    )
    assert (
        "kind"
        in client.post(
            "/api/v1/farm/disasters", {**base, "kind": "meteor", "districts": ["takua_thung"]}
        ).json()["fields"]
    )


def test_farmer_cannot_list_eligible(api, officer, make_user):
    event_id = declare(api, officer)
    assert api(make_user("farmer")).get(f"/api/v1/farm/disasters/{event_id}/eligible").status_code == 403
