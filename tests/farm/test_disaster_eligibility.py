"""Who is paid after a disaster: assessed total losses on plots lying in the declared area,
damaged rai x the crop group's rate, the 30-rai cap; through GET /disasters/{id}/eligible."""

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


def rice_plot(fb, household=None, area_rai=4, **plot):
    household = household or fb.household(registered_on=EVENT - timedelta(days=200))
    p = fb.plot(household, area_rai=area_rai, **plot)
    fb.cycle(p, "rice", planted=EVENT - timedelta(days=40), area_rai=area_rai)
    return household, p


def test_assessed_total_loss_is_paid_on_the_damaged_area_at_the_rice_rate(api, officer, fb):
    household, plot = rice_plot(fb, area_rai=4)
    event_id = declare(api, officer)
    fb.assess(event_id, plot, damaged_rai=3, total_loss=True)
    body = eligible(api, officer, event_id)
    [row] = body["households"]
    assert row["household_id"] == household.pk
    assert row["paid_rai"] == pytest.approx(3)
    assert row["amount"] == pytest.approx(3 * 1340)
    [p] = row["plots"]
    assert p["assessment"]["damaged_rai_ngan_wah"].startswith("3-0-0")
    assert p["damaged_rai"] == pytest.approx(3) and p["total_loss"] is True


@pytest.mark.parametrize(
    ("assessment", "reason"),
    [
        (None, "not_assessed"),
        ({"damaged_rai": 2, "total_loss": False}, "loss_not_total"),
        ({"damaged_rai": 0, "total_loss": False}, "no_damage"),
    ],
)
def test_standing_crop_without_an_assessed_total_loss_is_not_paid(api, officer, fb, assessment, reason):
    """The old rule paid every standing crop in the district as a total loss on its full area."""
    _household, plot = rice_plot(fb, area_rai=4)
    event_id = declare(api, officer)
    if assessment:
        fb.assess(event_id, plot, **assessment)
    body = eligible(api, officer, event_id, include_ineligible="true")
    assert body["households"] == [] and body["totals"]["amount"] == 0
    [row] = body["not_eligible"]
    assert row["reasons"] == [reason]


def test_damage_beyond_the_registered_crop_area_pays_the_crop_area(api, officer, fb):
    household = fb.household(registered_on=EVENT - timedelta(days=200))
    plot = fb.plot(household, area_rai=5)
    fb.cycle(plot, "rice", planted=EVENT - timedelta(days=40), area_rai=3)
    event_id = declare(api, officer)
    fb.assess(event_id, plot, damaged_rai=5)
    [row] = eligible(api, officer, event_id)["households"]
    assert row["paid_rai"] == pytest.approx(3)


def test_household_registered_after_the_event_is_not_eligible(api, officer, fb):
    late = fb.household(registered_on=EVENT + timedelta(days=1))
    plot = fb.plot(late, registered_on=EVENT - timedelta(days=30))
    fb.cycle(plot, "rice", planted=EVENT - timedelta(days=40))
    event_id = declare(api, officer)
    fb.assess(event_id, plot)
    body = eligible(api, officer, event_id, include_ineligible="true")
    assert body["households"] == []
    [row] = body["not_eligible"]
    assert row["reasons"] == ["household_registered_after_event"]


def test_registered_on_the_event_day_is_not_before_it(api, officer, fb):
    household = fb.household(registered_on=EVENT)
    _h, plot = rice_plot(fb, household)
    event_id = declare(api, officer)
    fb.assess(event_id, plot)
    assert eligible(api, officer, event_id)["households"] == []


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
    event_id = declare(api, officer)
    fb.assess(event_id, plot)
    body = eligible(api, officer, event_id, include_ineligible="true")
    assert body["households"] == []
    reasons = body["not_eligible"][0]["reasons"]
    expected = {
        "plot_after": "plot_registered_after_event",
        "no_document": "no_land_document",
        "harvested": "no_crop_standing_at_event",
        "planted_after": "no_crop_standing_at_event",
    }[case]
    assert reasons == [expected]


def _durian_and_rice(fb, household):
    durian = fb.plot(household, area_rai=12, lat=8.384, lon=98.440)
    rice = fb.plot(household, area_rai=25, lat=8.380, lon=98.445)
    fb.cycle(
        durian, "durian", planted=EVENT - timedelta(days=900), harvest_days=3650, area_rai=12, tree_count=240
    )
    fb.cycle(rice, "rice", planted=EVENT - timedelta(days=30), area_rai=25)
    return durian, rice


def test_thirty_rai_cap_fills_the_highest_rate_first_without_an_officer_order(api, officer, fb):
    household = fb.household(registered_on=EVENT - timedelta(days=500))
    durian, rice = _durian_and_rice(fb, household)
    event_id = declare(api, officer)
    fb.assess(event_id, durian)
    fb.assess(event_id, rice)
    [row] = eligible(api, officer, event_id)["households"]
    assert row["affected_rai"] == pytest.approx(37)
    assert row["paid_rai"] == pytest.approx(30)
    assert row["capped"] is True
    assert row["amount"] == pytest.approx(12 * 4048 + 18 * 1340)


def test_the_officers_order_decides_which_crops_fill_the_cap(api, officer, fb):
    household = fb.household(registered_on=EVENT - timedelta(days=500))
    durian, rice = _durian_and_rice(fb, household)
    event_id = declare(api, officer)
    fb.assess(event_id, durian, cap_priority=2)
    fb.assess(event_id, rice, cap_priority=1)
    [row] = eligible(api, officer, event_id)["households"]
    paid = {p["plot_id"]: p["paid_rai"] for p in row["plots"]}
    assert paid[rice.pk] == pytest.approx(25) and paid[durian.pk] == pytest.approx(5)
    assert row["amount"] == pytest.approx(25 * 1340 + 5 * 4048)


def test_under_the_cap_everything_damaged_is_paid(api, officer, fb):
    household = fb.household(registered_on=EVENT - timedelta(days=500))
    plot = fb.plot(household, area_rai=29.5)
    fb.cycle(plot, "corn", planted=EVENT - timedelta(days=30), area_rai=29.5)
    event_id = declare(api, officer)
    fb.assess(event_id, plot)
    [row] = eligible(api, officer, event_id)["households"]
    assert row["capped"] is False and row["amount"] == pytest.approx(29.5 * 1980, rel=1e-4)


def test_edited_rate_is_used(api, officer, fb):
    from phangnga.farm.disasters import ensure_rates
    from phangnga.farm.models import CompensationRate

    ensure_rates()
    CompensationRate.objects.filter(group="rice").update(baht_per_rai=1500)
    _h, plot = rice_plot(fb, area_rai=2)
    event_id = declare(api, officer)
    fb.assess(event_id, plot)
    [row] = eligible(api, officer, event_id)["households"]
    assert row["amount"] == pytest.approx(2 * 1500)


def test_the_plots_own_location_decides_not_the_household_address(api, officer, fb, make_user):
    # Lives in Thai Mueang, farms rice in Krasom (Takua Thung): flooded.
    away_home = fb.household(
        registered_on=EVENT - timedelta(days=200), district="thai_mueang", subdistrict="na_toei"
    )
    _h, flooded = rice_plot(fb, away_home, district="takua_thung", subdistrict="krasom")
    # Lives in Krasom, farms rice in Kapong: not flooded.
    krasom_home = fb.household(registered_on=EVENT - timedelta(days=200))
    _h, dry = rice_plot(fb, krasom_home, district="kapong", subdistrict="kapong", lat=8.70, lon=98.41)
    chief = make_user("agriculture_officer")
    event_id = declare(api, chief, districts=[], subdistricts=["takua_thung/krasom"])
    fb.assess(event_id, flooded)
    fb.assess(event_id, dry)
    body = eligible(api, chief, event_id, include_ineligible="true")
    assert [h["household_id"] for h in body["households"]] == [away_home.pk]
    assert body["households"][0]["plots"][0]["plot_subdistrict"] == "krasom"
    # The Krasom household's only plot lies in Kapong: not a candidate at all.
    assert krasom_home.pk not in {h["household_id"] for h in body["households"] + body["not_eligible"]}


def test_a_subdistrict_event_leaves_the_rest_of_the_district_out(api, officer, fb):
    _h, krasom = rice_plot(fb)
    other = fb.household(registered_on=EVENT - timedelta(days=200), subdistrict="khok_kloi")
    _h, khok_kloi = rice_plot(fb, other, lat=8.27, lon=98.30)
    event_id = declare(api, officer, districts=[], subdistricts=["takua_thung/krasom"])
    fb.assess(event_id, krasom)
    fb.assess(event_id, khok_kloi)
    assert [h["household_id"] for h in eligible(api, officer, event_id)["households"]] == [
        krasom.household_id
    ]


def test_drawn_area_takes_plots_partly_inside_and_pays_the_assessed_damage(api, officer, fb, make_user):
    household = fb.household(
        registered_on=EVENT - timedelta(days=200), district="thap_put", subdistrict="thap_put"
    )
    _h, plot = rice_plot(fb, household, area_rai=8, lat=8.52, lon=98.63)
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
    fb.assess(event_id, plot, damaged_rai=4.5)
    [row] = eligible(api, chief, event_id)["households"]
    assert row["paid_rai"] == pytest.approx(4.5)
    assert row["plots"][0]["share_inside"] == pytest.approx(0.5, rel=0.02)


def test_district_officer_sees_only_their_district_in_the_list(api, officer, fb, make_user):
    chief = make_user("agriculture_officer")
    event_id = declare(api, chief, districts=["takua_thung", "kapong"])
    for district, sub in (("takua_thung", "krasom"), ("kapong", "kapong")):
        h = fb.household(registered_on=EVENT - timedelta(days=200), district=district, subdistrict=sub)
        _h, plot = rice_plot(fb, h)
        fb.assess(event_id, plot)
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
        "subdistricts"
        in client.post("/api/v1/farm/disasters", {**base, "subdistricts": ["takua_thung/atlantis"]}).json()[
            "fields"
        ]
    )
    assert (
        "subdistricts"
        in client.post("/api/v1/farm/disasters", {**base, "subdistricts": ["kapong/kapong"]}).json()["fields"]
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
