"""Issue 18.4: no CSV or Excel export hands a spreadsheet a formula (core/exports.py, OWASP CSV
injection). Records whose text is a formula are stored in each app that exports, each export is
downloaded as a user allowed to, read back with the csv module / openpyxl, and every text cell
that a spreadsheet would evaluate must start with a single quote; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from phangnga.core.exports import FORMULA_START, append, csv_rows, csv_writer, safe_cell

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]


# ---- the rule alone ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*PAYLOADS, "\t=1+1", "\r=1+1", "-", "=", "@"])
def test_text_a_spreadsheet_would_evaluate_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Somsak", "", "'=already quoted", " =1", "ก=1", "2-3", 0, -2, -2.5, 3])
def test_other_text_and_every_number_pass_unchanged(value):
    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


def test_dates_none_and_booleans_pass_unchanged():
    for value in (None, True, False, date(2024, 1, 5)):
        assert safe_cell(value) is value


def test_the_csv_writer_quotes_formulas_and_keeps_separators_inside_the_cell():
    buf = io.StringIO()
    csv_writer(buf).writerow(['a,"=1+1', "=2+2", -3])
    csv_writer(buf).writerows([["+1"], ["x"]])
    assert list(csv.reader(io.StringIO(buf.getvalue()))) == [['a,"=1+1', "'=2+2", "-3"], ["'+1"], ["x"]]
    assert list(csv_rows([["@x", 1]])) == [["'@x", 1]]


def test_openpyxl_stores_the_escaped_cell_as_text_not_a_formula():
    wb = Workbook()
    append(wb.active, ["=1+1", -4])
    cells = list(load_workbook(_saved(wb)).active.iter_rows())[0]
    assert (cells[0].value, cells[0].data_type) == ("'=1+1", "s")
    assert (cells[1].value, cells[1].data_type) == (-4, "n")


# ---- every export, through the pages --------------------------------------------------------


def _saved(wb) -> io.BytesIO:
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cells(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return [c for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in row]


def xlsx_cells(response) -> list:
    assert response.status_code == 200, response.content[:300]
    wb = load_workbook(io.BytesIO(response.content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert not formulas, f"formula cells in the export: {formulas}"
    return [c.value for c in cells]


def assert_inert(cells: list, payloads: list[str] = PAYLOADS) -> None:
    """No text cell starts a formula (a CSV cell like -3 is the number -3), and each payload
    is there, quoted."""
    for cell in cells:
        if isinstance(cell, str) and cell.startswith(FORMULA_START):
            assert _is_number(cell), f"cell a spreadsheet would evaluate: {cell!r}"
    for p in payloads:
        assert "'" + p in cells, f"{p!r} missing or not quoted"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_travel_scan_csv(make_user, places, settings, tmp_path):
    from phangnga.travel.catalogue import load_catalogue
    from phangnga.travel.models import Attraction, Scan
    from phangnga.travel.services import create_sign

    settings.MEDIA_ROOT = tmp_path
    for attraction, payload in zip(load_catalogue(), PAYLOADS, strict=False):
        Attraction.objects.filter(pk=attraction.pk).update(code=payload)
        attraction.refresh_from_db()
        Scan.objects.create(
            sign=create_sign(attraction), day=date(2026, 1, 5), language="en", device="mobile"
        )
    cells = csv_cells(logged_in(make_user("tourism_officer")).get("/travel/analytics.csv"))
    assert_inert(cells)


def test_ckd_drilldown_csv(make_user, places):
    from phangnga.health.models import CkdPatient, Diagnosis, LabResult

    s = date(2020, 10, 5)  # FY2564
    for cid in PAYLOADS:
        # Stored through the model (imports check the ID): the export must not trust the column.
        p = CkdPatient.objects.create(cid=cid[:13], birth_date=date(1960, 1, 1), sex="M", nationality="099")
        Diagnosis.objects.create(patient=p, code="N183")
        for d, v in ((s, 45), (s + timedelta(days=120), 44.5)):
            LabResult.objects.create(patient=p, date=d, kind="egfr", value=v, unit="ml/min/1.73m2")
    client = logged_in(make_user("health_officer"))
    cells = csv_cells(client.get("/health/ckd/kpi/?fy=2564&list=denominator&format=csv"))
    assert_inert(cells, [p[:13] for p in PAYLOADS])


def test_farm_compensation_xlsx(make_user, places):
    from phangnga.core.thai import random_valid_national_id
    from phangnga.farm import geometry
    from phangnga.farm.models import CropCycle, DamageAssessment, Disaster, Household, Plot

    event_day = date.today() - timedelta(days=10)
    event = Disaster.objects.create(
        kind="flood", name=PAYLOADS[0], started_on=event_day, subdistricts=["takua_thung/krasom"]
    )
    rng = random.Random(18)
    lat, lon, d = 8.384, 98.440, 0.0004
    ring = [
        [lon - d, lat - d],
        [lon + d, lat - d],
        [lon + d, lat + d],
        [lon - d, lat + d],
        [lon - d, lat - d],
    ]
    geom = geometry.parse_polygon(
        {"type": "Polygon", "coordinates": [ring]}, geometry.Box(97.4, 7.5, 99.2, 9.8)
    )
    for n, payload in enumerate(PAYLOADS, start=1):
        household = Household.objects.create(
            code=f"T-{n:05d}", head_name=payload, head_national_id=random_valid_national_id(rng),
            district_id="takua_thung", subdistrict="krasom", moo=3, village=payload,
            registered_on=event_day - timedelta(days=300), last_update_on=date.today(), status="approved",
        )  # fmt: skip
        plot = Plot.objects.create(
            household=household, name=payload, geometry=geometry.to_geojson(geom),
            area_m2=geometry.area_m2(geom), centroid_lat=lat, centroid_lon=lon, land_document="chanote",
            land_document_no=payload[:20], tenure="owned", district_id="takua_thung", subdistrict="krasom",
            registered_on=household.registered_on,
        )  # fmt: skip
        cycle = CropCycle.objects.create(
            plot=plot, crop="rice", planting_date=event_day - timedelta(days=30),
            expected_harvest=event_day + timedelta(days=90), area_rai=plot.area_m2 / 1600,
            reported_on=event_day - timedelta(days=10),
        )  # fmt: skip
        DamageAssessment.objects.create(
            disaster=event, plot=plot, cycle=cycle, damaged_m2=plot.area_m2, total_loss=True,
            assessed_on=date.today(),
        )  # fmt: skip
    officer = make_user("agriculture_officer", district="takua_thung")
    cells = xlsx_cells(logged_in(officer).get(f"/farm/disasters/{event.pk}/export.xlsx"))
    assert_inert(cells)
    assert cells.count("'" + PAYLOADS[1]) >= 3  # head of household, village, plot name


def test_emergency_kpi_csv_and_xlsx(make_user, places):
    from phangnga.emergency.models import Incident

    place = next(iter(places.values()))
    when = datetime(2021, 3, 1, 10, tzinfo=ZoneInfo("Asia/Bangkok"))  # FY2564
    Incident.objects.create(kind="drowning", lat=place.lat, lon=place.lon, place=place, reported_at=when,
                            priority=2, status="closed")  # fmt: skip
    client = logged_in(make_user("dispatcher"))
    # The KPI rows carry no free text at the start of a cell: only the no-formula check applies.
    assert_inert(csv_cells(client.get("/emergency/kpis/export.csv?fy=2564")), [])
    assert_inert(xlsx_cells(client.get("/emergency/kpis/export.xlsx?fy=2564")), [])


def test_dashboard_xlsx(make_user, places):
    cells = xlsx_cells(logged_in(make_user("viewer")).get("/dashboard/export.xlsx?fy=2564"))
    assert_inert(cells, [])
