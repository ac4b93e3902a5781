"""Issue 21.8: implausible values are refused naming the field (each range cites its source where
it is declared): a report from 0001-01-01, a birth in 1800, an eGFR from creatinine 1e-300."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+07:00", "1999-12-31T23:00:00+07:00"])
def test_a_report_time_centuries_ago_is_refused(api, make_user, places, when):
    body = {"kind": "trauma", "lat": 8.6366, "lon": 98.2390, "reported_at": when}
    response = api(make_user("dispatcher")).post("/api/v1/emergency/incidents", body)
    assert response.status_code == 422 and "reported_at" in response.json()["fields"]


@pytest.mark.parametrize("creatinine", [1e-300, 0.01, 5e4])
def test_egfr_from_an_impossible_creatinine_is_refused(api, make_user, creatinine):
    body = {"creatinine": creatinine, "unit": "mg/dL", "age": 60, "sex": "M"}
    response = api(make_user("hospital_staff")).post("/api/v1/health/egfr", body)
    assert response.status_code == 422 and "creatinine" in response.json()["fields"]


def test_the_lowest_plausible_creatinine_still_gives_an_egfr(api, make_user):
    body = {"creatinine": 0.1, "unit": "mg/dL", "age": 18, "sex": "F"}
    response = api(make_user("hospital_staff")).post("/api/v1/health/egfr", body)
    assert response.status_code == 200 and response.json()["egfr"] < 250


def test_a_household_member_born_in_1800_is_refused(api, make_user, places):
    body = {
        "head_name": "Boonmee Rakna", "head_national_id": "3100400123455", "district": "takua_thung",
        "subdistrict": "krasom", "moo": 4, "village": "Ban Krasom",
        "members": [{"name": "Mali Rakna", "birth_year": 1800}],
    }  # fmt: skip
    response = api(make_user("farmer")).post("/api/v1/farm/households", body)
    assert response.status_code == 422 and "members.0.birth_year" in response.json()["fields"]
