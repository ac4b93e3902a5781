"""The Farmbook pages render for the right people, and a farmer cannot open another household."""

from datetime import date, timedelta

import pytest
from django.test import Client


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setup(make_user, places, fb):
    farmer, other = make_user("farmer"), make_user("farmer")
    mine, theirs = fb.household(farmer), fb.household(other)
    plot = fb.plot(mine)
    their_plot = fb.plot(theirs)
    return farmer, mine, theirs, plot, their_plot


def test_farmer_home_goes_to_own_household(setup):
    farmer, mine, *_ = setup
    response = logged_in(farmer).get("/farm/")
    assert response.status_code == 302 and response.url == f"/farm/households/{mine.pk}/"


def test_farmer_cannot_open_another_household_page(setup):
    farmer, mine, theirs, plot, their_plot = setup
    client = logged_in(farmer)
    assert client.get(f"/farm/households/{mine.pk}/").status_code == 200
    for url in (
        f"/farm/households/{theirs.pk}/",
        f"/farm/households/{theirs.pk}/edit",
        f"/farm/households/{theirs.pk}/plots/new",
        f"/farm/plots/{their_plot.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert theirs.head_name not in response.content.decode()


def test_household_page_shows_area_in_rai_ngan_wah(setup):
    farmer, mine, theirs, plot, _ = setup
    html = logged_in(farmer).get(f"/farm/households/{mine.pk}/").content.decode()
    assert plot.area_text in html and mine.head_national_id in html


def test_plot_page_reports_a_cycle_and_shows_rule_errors(setup):
    farmer, mine, theirs, plot, _ = setup
    client = logged_in(farmer)
    today = date.today()
    bad = client.post(
        f"/farm/plots/{plot.pk}/",
        {
            "form": "cycle",
            "crop": "rice",
            "planting_date": today,
            "expected_harvest": today + timedelta(days=100),
            "area_rai": 1.5,
        },
    )
    assert bad.status_code == 200 and "15 วันหลังปลูก" in bad.content.decode()  # the rule, said in Thai
    ok = client.post(
        f"/farm/plots/{plot.pk}/",
        {
            "form": "cycle",
            "crop": "rice",
            "variety": "Sang Yod",
            "planting_date": today - timedelta(days=20),
            "expected_harvest": today + timedelta(days=100),
            "area_rai": 1.5,
        },
    )
    assert ok.status_code == 302 and plot.cycles.count() == 1


def test_soil_test_gives_a_printable_thai_card(setup):
    farmer, mine, theirs, plot, _ = setup
    client = logged_in(farmer)
    response = client.post(
        f"/farm/plots/{plot.pk}/",
        {
            "form": "soil",
            "sampled_on": date.today(),
            "crop": "rice_south",
            "variety_type": "non_ps",
            "om_pct": 0.8,
            "p_ppm": 4,
            "k_ppm": 50,
            "area_rai": 2,
            "usual_grade": "16-20-0",
            "usual_kg_per_rai": 50,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    card = client.get(response.url).content.decode()
    assert "บัตรคำแนะนำการใช้ปุ๋ย" in card and "46-0-0" in card and "18-46-0" in card
    other = logged_in(setup[0].__class__.objects.exclude(pk=farmer.pk).get(username__startswith="farmer"))
    assert other.get(response.url).status_code == 404


def test_plot_upload_page_accepts_a_geojson_file(setup, fb):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    farmer, mine, *_ = setup
    upload = SimpleUploadedFile(
        "plot.geojson", json.dumps(fb.square(side_m=80)).encode(), "application/geo+json"
    )
    response = logged_in(farmer).post(
        f"/farm/households/{mine.pk}/plots/new",
        {
            "name": "Upload",
            "geojson_file": upload,
            "land_document": "spk401",
            "land_document_no": "77",
            "tenure": "leased",
            "district": "thai_mueang",
            "subdistrict": "na_toei",
        },
    )
    assert response.status_code == 302
    plot = mine.plots.get(name="Upload")
    assert plot.area_m2 == pytest.approx(6400, rel=0.01)
    assert (plot.district_id, plot.subdistrict) == ("thai_mueang", "na_toei")  # where the land lies


def test_officer_pages(make_user, places, fb):
    officer = make_user("agriculture_officer", district="takua_thung")
    h = fb.household(registered_on=date.today() - timedelta(days=100))
    plot = fb.plot(h)
    fb.cycle(plot, "rice", planted=date.today() - timedelta(days=30))
    client = logged_in(officer)
    assert h.code in client.get("/farm/").content.decode()
    response = client.post(
        "/farm/disasters/",
        {
            "kind": "flood",
            "name": "Test flood",
            "started_on": date.today(),
            "subdistricts": ["takua_thung/krasom"],
        },
    )
    assert response.status_code == 302
    assert h.code not in client.get(response.url).content.decode()  # not assessed: not paid
    from phangnga.farm.models import Disaster

    fb.assess(Disaster.objects.get().pk, plot)
    page = client.get(response.url).content.decode()
    assert h.code in page
    xlsx = client.get(response.url + "export.xlsx")
    assert xlsx.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    plot_rows = [r for r in rows if r and r[1] == h.code]
    assert len(plot_rows) == 1 and plot_rows[0][3] == h.head_national_id
    assert plot_rows[0][-1] == pytest.approx(plot_rows[0][-3] * 1340)
    assert h.head_national_id in client.get(response.url + "print").content.decode()
    assert client.get("/farm/settings/").status_code == 200


def test_farmer_cannot_open_officer_pages(make_user, places):
    client = logged_in(make_user("farmer"))
    assert client.get("/farm/disasters/").status_code == 403
    assert client.get("/farm/settings/").status_code == 403


def test_public_calculator_and_centres(client, db, places):
    html = client.get(
        "/farm/fertilizer/?crop=rice_south&variety_type=non_ps&om_pct=1&p_ppm=5&k_ppm=60&area_rai=3"
    )
    assert html.status_code == 200 and "46-0-0" in html.content.decode()
    assert client.get("/farm/centres/").status_code == 200


def test_officer_home_names_district_and_centre(make_user, places):
    from phangnga.farm.centres import ensure_centres

    ensure_centres()
    html = logged_in(make_user("agriculture_officer", district="takua_thung")).get("/farm/").content.decode()
    assert "ตะกั่วทุ่ง" in html and "ศูนย์บ่มเพาะเกษตรอัจฉริยะ อำเภอตะกั่วทุ่ง" in html


def test_settings_page_imports_tables_and_edits_rates(make_user, places):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    from phangnga.farm import fertilizer
    from phangnga.farm.models import CompensationRate, FertilizerTable

    district_officer = logged_in(make_user("agriculture_officer", district="kapong"))
    broken = SimpleUploadedFile("t.json", b'{"crop": "rice_south"}', "application/json")
    page = district_officer.post("/farm/settings/", {"action": "import", "table": broken})
    assert page.status_code == 200 and "table.source" in page.content.decode()
    good = json.loads((fertilizer.TABLES_DIR / "rice_south.json").read_text())
    upload = SimpleUploadedFile("t.json", json.dumps(good).encode(), "application/json")
    assert district_officer.post("/farm/settings/", {"action": "import", "table": upload}).status_code == 302
    assert FertilizerTable.objects.filter(crop="rice_south").count() == 1
    rice = CompensationRate.objects.get(group="rice")
    assert (
        district_officer.post("/farm/settings/", {"action": "rates", f"v-{rice.pk}": "9999"}).status_code
        == 403
    )
    provincial = logged_in(make_user("agriculture_officer"))
    assert (
        provincial.post("/farm/settings/", {"action": "rates", f"v-{rice.pk}": "1500.50"}).status_code == 302
    )
    rice.refresh_from_db()
    assert float(rice.baht_per_rai) == 1500.50


def test_one_bad_rate_saves_none_of_them(make_user, places):
    """The officer typed two rates and mistyped a third: nothing is saved, the page says why."""
    from phangnga.core.models import AuditEntry
    from phangnga.farm import disasters
    from phangnga.farm.models import CompensationRate

    disasters.ensure_rates()
    first, second = CompensationRate.objects.order_by("pk")[:2]
    before = (first.baht_per_rai, second.baht_per_rai)
    provincial = logged_in(make_user("agriculture_officer"))
    page = provincial.post(
        "/farm/settings/",
        {"action": "rates", f"v-{first.pk}": "1234", f"v-{second.pk}": "NaN"},
        follow=True,
    )
    assert "1,000,000" in page.content.decode() or "1,000,000" in str(list(page.context["messages"]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.baht_per_rai, second.baht_per_rai) == before
    assert not AuditEntry.objects.filter(object_type="farm.compensationrate").exists()
