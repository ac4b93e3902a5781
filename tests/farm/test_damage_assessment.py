"""The officer records each plot's damage (rai-ngan-wah, <= the plot, total loss or not) through
the API and the phone page; the compensation list, Excel and print follow the assessments."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.test import Client

EVENT = date.today() - timedelta(days=10)


@pytest.fixture
def setting(make_user, places, fb):
    officer = make_user("agriculture_officer", district="takua_thung")
    household = fb.household(registered_on=EVENT - timedelta(days=300))
    plot = fb.plot(household, area_rai=4)
    cycle = fb.cycle(plot, "rice", planted=EVENT - timedelta(days=30), area_rai=4)
    from phangnga.farm.models import Disaster

    event = Disaster.objects.create(
        kind="flood", name="Flood", started_on=EVENT, subdistricts=["takua_thung/krasom"]
    )
    return officer, household, plot, cycle, event


def url(event, tail="assessments"):
    return f"/api/v1/farm/disasters/{event.pk}/{tail}"


def test_officer_records_damage_in_rai_ngan_wah_and_the_amount_follows(api, setting):
    officer, household, plot, cycle, event = setting
    client = api(officer)
    [todo] = client.get(url(event)).json()["items"]
    assert todo["plot_id"] == plot.pk and todo["assessment"] is None
    assert [c["id"] for c in todo["standing"]] == [cycle.pk]
    created = client.post(url(event), {"plot_id": plot.pk, "rai": 2, "ngan": 2, "wah": 0, "total_loss": True})
    assert created.status_code == 201, created.content
    assert created.json()["damaged_rai"] == pytest.approx(2.5)
    assert created.json()["damaged_rai_ngan_wah"].startswith("2-2-0")
    money = client.get(url(event, "compensation")).json()
    assert money["totals"]["amount"] == pytest.approx(2.5 * 1340)
    assert money["by_group"]["rice"]["paid_rai"] == pytest.approx(2.5)
    # A second visit corrects the finding: the same assessment, replaced.
    again = client.post(url(event), {"plot_id": plot.pk, "damaged_rai": 1, "total_loss": False})
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    assert client.get(url(event, "compensation")).json()["totals"]["amount"] == 0
    assert client.get(url(event) + "?assessed=false").json()["count"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rai": 5, "total_loss": True}, "damaged_rai"),  # the plot has 4 rai
        ({"rai": 1, "ngan": 4, "total_loss": True}, "ngan"),
        ({"rai": 1, "wah": 120, "total_loss": True}, "wah"),
        ({"damaged_rai": -1, "total_loss": True}, "damaged_rai"),
        ({"total_loss": True}, "damaged_rai"),
        ({"rai": 1, "total_loss": True, "cap_priority": 0}, "cap_priority"),
        ({"rai": 1, "total_loss": True, "assessed_on": str(EVENT - timedelta(days=1))}, "assessed_on"),
    ],
)
def test_bad_assessments_are_refused_naming_the_field(api, setting, body, field):
    officer, household, plot, cycle, event = setting
    response = api(officer).post(url(event), {"plot_id": plot.pk, **body})
    assert response.status_code == 422, response.content
    assert list(response.json()["fields"]) == [field]


def test_a_plot_outside_the_declared_area_cannot_be_assessed(api, setting, fb):
    officer, household, plot, cycle, event = setting
    elsewhere = fb.plot(household, area_rai=2, lat=8.27, lon=98.30, subdistrict="khok_kloi")
    response = api(officer).post(url(event), {"plot_id": elsewhere.pk, "rai": 1, "total_loss": True})
    assert response.status_code == 422 and list(response.json()["fields"]) == ["plot_id"]
    assert [i["plot_id"] for i in api(officer).get(url(event)).json()["items"]] == [plot.pk]


def test_other_districts_plots_and_farmers_are_kept_out(api, setting, make_user, fb):
    officer, household, plot, cycle, event = setting
    kapong_officer = make_user("agriculture_officer", district="kapong")
    response = api(kapong_officer).post(url(event), {"plot_id": plot.pk, "rai": 1, "total_loss": True})
    assert response.status_code == 404
    assert api(kapong_officer).get(url(event)).json()["count"] == 0
    farmer = make_user("farmer")
    assert api(farmer).post(url(event), {"plot_id": plot.pk, "rai": 1, "total_loss": True}).status_code == 403
    assert api(farmer).get(url(event, "compensation")).status_code == 403


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_phone_page_records_an_assessment_and_shows_thai_errors(setting):
    officer, household, plot, cycle, event = setting
    client = logged_in(officer)
    page = client.get(f"/farm/disasters/{event.pk}/assess")
    assert page.status_code == 200 and household.code in page.content.decode()
    assert 'name="viewport"' in page.content.decode()
    form = {"plot_id": plot.pk, "cycle_id": cycle.pk, "rai": 9, "ngan": 0, "wah": 0, "total_loss": "on"}
    bad = client.post(f"/farm/disasters/{event.pk}/assess?show=all", form, HTTP_ACCEPT_LANGUAGE="th")
    assert bad.status_code == 200 and "พื้นที่เสียหายมากกว่าพื้นที่แปลง" in bad.content.decode()
    assert not plot.assessments.exists()
    ok = client.post(f"/farm/disasters/{event.pk}/assess?show=all", {**form, "rai": 3, "ngan": 1, "wah": 50})
    assert ok.status_code == 302 and f"#plot-{plot.pk}" in ok.url
    a = plot.assessments.get()
    assert (
        a.damaged_m2 == pytest.approx((3 * 400 + 100 + 50) * 4) and a.total_loss and a.assessed_by == officer
    )
    done = client.get(f"/farm/disasters/{event.pk}/assess?show=done").content.decode()
    assert "3-1-50.0" in done


def test_list_excel_and_print_show_the_assessment(setting, fb):
    from openpyxl import load_workbook

    officer, household, plot, cycle, event = setting
    fb.assess(event.pk, plot, damaged_rai=3, total_loss=True)
    client = logged_in(officer)
    page = client.get(f"/farm/disasters/{event.pk}/").content.decode()
    assert household.code in page and "3-0-0.0" in page and "4,020.00" in page
    printed = client.get(f"/farm/disasters/{event.pk}/print").content.decode()
    assert "3-0-0.0" in printed and "4,020.00" in printed
    wb = load_workbook(BytesIO(client.get(f"/farm/disasters/{event.pk}/export.xlsx").content))
    rows = [[c for c in r] for r in wb.active.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] in ("No.", "ลำดับ"))
    row = next(r for r in rows if r and r[1] == household.code)
    values = dict(zip(header, row, strict=False))
    damaged = next(
        v
        for k, v in values.items()
        if k and ("rai-ngan-wah" in k or "ไร่-งาน-วา" in k) and v != plot.area_text
    )
    assert str(damaged).startswith("3-0-0")
    assert row[-1] == pytest.approx(3 * 1340)
