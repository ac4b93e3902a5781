"""KPIs by Thai fiscal year: counts, access of triage 1-2, call-to-hospital percentiles, mortality
and its year-on-year change; fy in BE or CE; CSV and Excel exports honour the filters."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from phangnga.emergency import kpis
from phangnga.emergency.models import Incident, IncidentEvent, Patient

BKK = ZoneInfo("Asia/Bangkok")


def make(place, kind, when, level, minutes_to_hospital, died=False):
    inc = Incident.objects.create(
        kind=kind,
        lat=place.lat,
        lon=place.lon,
        place=place,
        reported_at=when,
        priority=level,
        status="closed",
    )
    IncidentEvent.objects.create(incident=inc, kind="call_received", at=when)
    handed = None
    if minutes_to_hospital is not None:
        IncidentEvent.objects.create(
            incident=inc, kind="at_hospital", at=when + timedelta(minutes=minutes_to_hospital)
        )
        handed = when + timedelta(minutes=minutes_to_hospital + 5)
    Patient.objects.create(
        incident=inc,
        seq=1,
        computed_level=level,
        triage_level=level,
        outcome="died" if died else "alive",
        definitive_care_at=handed,
    )
    return inc


@pytest.fixture
def data(places):
    beach, dive = places["beach-khaolak"], places["dive-richelieu"]
    # FY2564 (1 Oct 2020 - 30 Sep 2021)
    make(beach, "drowning", datetime(2020, 10, 1, 0, 30, tzinfo=BKK), 1, 60)  # first hour of the FY
    make(beach, "near_drowning", datetime(2021, 1, 10, 10, tzinfo=BKK), 2, 70)
    make(dive, "decompression_illness", datetime(2021, 2, 5, 11, tzinfo=BKK), 2, 100)
    make(dive, "drowning", datetime(2021, 3, 1, 9, tzinfo=BKK), 1, None, died=True)  # never reached care
    make(beach, "marine_sting", datetime(2021, 9, 30, 23, 50, tzinfo=BKK), 4, 40)  # last minutes of the FY
    # FY2563: 2 deaths in 4 patients
    for i, died in enumerate([True, True, False, False]):
        make(beach, "drowning", datetime(2020, 1, 1 + i, 10, tzinfo=BKK), 1, 90, died=died)
    # outside both
    make(beach, "drowning", datetime(2021, 10, 1, 0, 10, tzinfo=BKK), 1, 30)


def test_indicators_for_a_fiscal_year(data):
    k = kpis.indicators(2021)
    assert k["fy_be"] == 2564 and k["incidents"] == 5
    assert k["by_kind"]["drowning"] == 2 and k["by_kind"]["cardiac_arrest"] == 0
    assert k["by_month"][0] == {"month": "2020-10", "incidents": 1}
    assert k["by_month"][-1] == {"month": "2021-09", "incidents": 1}
    assert {s["code"]: s["incidents"] for s in k["by_site"]} == {"beach-khaolak": 3, "dive-richelieu": 2}
    assert k["triage_1_2"] == {"patients": 4, "reached_definitive_care": 3, "share_pct": 75.0}
    cth = k["call_to_hospital"]
    assert cth["incidents"] == 4 and cth["median_min"] == 65.0
    assert cth["p90_min"] == pytest.approx(91.0)
    assert cth["within_target"] == 3 and cth["within_target_pct"] == 75.0
    assert k["deaths"] == 1 and k["mortality_per_1000"] == 200.0
    assert k["previous"]["mortality_per_1000"] == 500.0
    assert k["mortality_change_pct"] == -60.0


def test_filters(data):
    k = kpis.indicators(2021, kind="drowning")
    assert k["incidents"] == 2 and k["deaths"] == 1
    assert kpis.indicators(2021, place="dive-richelieu")["incidents"] == 2


def test_percentile_helper():
    assert kpis.percentile([], 50) is None
    assert kpis.percentile([10], 90) == 10
    assert kpis.percentile([1, 2, 3, 4], 50) == 2.5


@pytest.mark.parametrize("fy", ["2564", "2021", "FY2564"])
def test_api_accepts_be_or_ce(data, api, make_user, fy):
    body = api(make_user("health_officer")).get(f"/api/v1/emergency/kpis?fy={fy}").json()
    assert body["fy"] == 2021 and body["incidents"] == 5


def test_api_bad_input(data, api, make_user):
    client = api(make_user("viewer"))
    assert "fy" in client.get("/api/v1/emergency/kpis?fy=abc").json()["fields"]
    assert "kind" in client.get("/api/v1/emergency/kpis?fy=2564&kind=zzz").json()["fields"]
    assert "place" in client.get("/api/v1/emergency/kpis?fy=2564&place=zzz").json()["fields"]
    assert api(make_user("farmer")).get("/api/v1/emergency/kpis?fy=2564").status_code == 403


def logged_in(make_user):
    make_user("health_officer", username="ho")
    c = Client()
    c.login(username="ho", password="pw-test-123")
    return c


def test_csv_export_honours_filters(data, make_user):
    response = logged_in(make_user).get("/emergency/kpis/export.csv?fy=2564&kind=drowning")
    assert response.status_code == 200 and "fy2564-drowning" in response["Content-Disposition"]
    rows = dict(csv.reader(io.StringIO(response.content.decode())))
    assert rows["incidents"] == "2" and rows["deaths"] == "1"


def test_excel_export_honours_filters(data, make_user):
    response = logged_in(make_user).get("/emergency/kpis/export.xlsx?fy=2021&place=dive-richelieu")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True)}
    assert ws.title == "FY2564" and values["incidents"] == 2
    assert values["triage_1_2_access_pct"] == 50.0
