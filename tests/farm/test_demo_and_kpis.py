"""Demo Farmbook: idempotent, plots on land, the flood has eligible households; KPIs and centres."""

from datetime import date, timedelta

import pytest
from shapely.geometry import shape
from shapely.prepared import prep


@pytest.fixture
def demo(places):
    from phangnga.core.demo import load_users
    from phangnga.farm import demo

    load_users()
    first = demo.load()
    return first, demo


def test_demo_loads_once_with_plots_on_land(demo):
    from phangnga.farm.models import Household, Plot, SoilTest
    from phangnga.geo.land import polygons

    first, module = demo
    counts = (Household.objects.count(), Plot.objects.count(), SoilTest.objects.count())
    assert 180 <= counts[0] <= 220 and counts[1] >= counts[0] and counts[2] > 50
    assert "already loaded" in module.load()
    assert (Household.objects.count(), Plot.objects.count(), SoilTest.objects.count()) == counts
    assert set(Household.objects.values_list("district_id", flat=True)) == {
        "mueang",
        "ko_yao",
        "kapong",
        "takua_thung",
        "takua_pa",
        "khura_buri",
        "thap_put",
        "thai_mueang",
    }
    land = prep(polygons())
    assert all(land.contains(shape(p.geometry)) for p in Plot.objects.all())
    assert not Household.objects.filter(is_demo=False).exists()


def test_demo_farmer_owns_one_household_and_agri_works_takua_thung(demo, api):
    from phangnga.core.models import User
    from phangnga.farm.models import Household

    farmer = User.objects.get(username="farmer")
    mine = Household.objects.get(user=farmer)
    listed = api(farmer).get("/api/v1/farm/households").json()["items"]
    assert [h["id"] for h in listed] == [mine.pk]
    agri = User.objects.get(username="agri")
    districts = {h["district"] for h in api(agri).get("/api/v1/farm/households").json()["items"]}
    assert districts == {"takua_thung"}


def test_demo_flood_pays_assessed_plots_in_the_flooded_area_only(demo, api):
    from shapely.geometry import shape

    from phangnga.core.models import User
    from phangnga.farm.models import DamageAssessment, Disaster, Household, Plot

    flood = Disaster.objects.get(is_demo=True)
    admin = User.objects.get(username="admin")
    body = api(admin).get(f"/api/v1/farm/disasters/{flood.pk}/eligible?include_ineligible=true").json()
    assert body["totals"]["households"] > 10 and body["not_eligible"]
    area = shape(flood.area)
    paid = [p for h in body["households"] for p in h["plots"] if p["eligible"]]
    for p in paid:  # every paid plot lies in Krasom or in the drawn Thap Put area, and was assessed
        plot = Plot.objects.get(pk=p["plot_id"])
        assert (plot.district_id, plot.subdistrict) == ("takua_thung", "krasom") or shape(
            plot.geometry
        ).intersects(area)
        assert p["assessment"]["total_loss"] and p["paid_rai"] <= p["area_rai"] + 1e-6
    # Some paid plots belong to households living outside the flooded places (land away from home).
    homes = {(h["district"], h["subdistrict"]) for h in body["households"]}
    assert homes - {("takua_thung", "krasom"), ("thap_put", "thap_put"), ("thap_put", "marui")}
    # Khok Kloi (Takua Thung, not flooded) plots get nothing although the household lives in the district.
    assert not [p for p in paid if Plot.objects.get(pk=p["plot_id"]).subdistrict == "khok_kloi"]
    assert all(h["paid_rai"] <= 30 for h in body["households"])
    reasons = {r for h in body["not_eligible"] for r in h["reasons"]}
    assert {"household_registered_after_event", "not_assessed", "loss_not_total"} <= reasons
    # A plausible amount: damaged rai of total losses at 1,340-4,048 baht, far below every standing crop.
    t = body["totals"]
    assert (
        0
        < t["paid_rai"]
        < 0.6 * sum(p["area_rai"] for h in body["households"] + body["not_eligible"] for p in h["plots"])
    )
    assert 1340 * t["paid_rai"] <= t["amount"] <= 4048 * t["paid_rai"]
    assert 100_000 < t["amount"] < 2_000_000
    assert DamageAssessment.objects.filter(disaster=flood, assessed_by__username="agri").exists()
    farmer = Household.objects.get(user__username="farmer")
    assert farmer.pk in {h["household_id"] for h in body["households"]}


def test_incubation_centres_one_per_district_flagged(demo, api):
    features = api().get("/api/v1/farm/centres").json()["features"]
    assert len(features) == 8
    assert len({f["properties"]["district"] for f in features}) == 8
    assert all(f["properties"]["needs_check"] and f["properties"]["accuracy_m"] == 2000 for f in features)
    assert len(api().get("/api/v1/places?kind=incubation_centre").json()["features"]) == 8


def test_kpis_count_the_fiscal_year(places, fb):
    from phangnga.farm import kpis
    from phangnga.farm.models import SoilTest

    # FY2026 = 1 Oct 2025 - 30 Sep 2026
    inside = fb.household(registered_on=date(2025, 10, 1))
    fb.household(registered_on=date(2025, 9, 30))
    fb.household(registered_on=date(2026, 10, 1))
    plot = fb.plot(inside)
    fb.cycle(plot, "rice", planted=date(2026, 3, 1))  # reported 21 Mar 2026
    for day, saving in ((date(2025, 10, 1), 120.5), (date(2026, 9, 30), -20.0), (date(2026, 10, 1), 999.0)):
        SoilTest.objects.create(plot=plot, sampled_on=day, crop="rice_south", area_rai=1, saving_baht=saving)
    got = kpis.indicators(2026)
    assert got["households_registered"] == 2
    assert got["households_registered_in_year"] == 1
    assert got["households_updated"] == 1
    assert got["soil_tests"] == 2
    assert got["fertilizer_saved_baht"] == pytest.approx(100.5)
    assert kpis.indicators(2027)["soil_tests"] == 1
    assert date(2026, 3, 1) + timedelta(days=20) == plot.cycles.get().reported_on
