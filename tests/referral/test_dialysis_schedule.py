from datetime import date
from decimal import Decimal

import pytest

from phangnga.core.thai import random_valid_national_id
from phangnga.referral import schedule
from phangnga.referral.models import DialysisTrip


def test_schedule_kernel():
    # 2 Nov 2020 is a Monday
    days = schedule.session_dates([0, 2, 4], date(2020, 11, 2), date(2020, 11, 15))
    assert days == [date(2020, 11, d) for d in (2, 4, 6, 9, 11, 13)]
    assert schedule.parse_weekdays(["Mon", "wed", "FRIDAY"]) == [0, 2, 4]
    with pytest.raises(ValueError):
        schedule.parse_weekdays(["Funday"])


def test_enrol_generate_attend_and_money_saved(api, make_user, places):
    import random

    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    client = api(nurse)
    body = client.post(
        "/api/v1/referrals/dialysis/patients",
        {
            "patient": {
                "cid": random_valid_national_id(random.Random(1)),
                "name": "นายไต ดี",
                "birth_date": "1958-01-01",
                "sex": "M",
                "scheme": "UC",
            },
            "home_facility_id": "rpst-phru-nai",
            "centre_id": "hosp-vachira",
            "weekdays": ["Mon", "Wed", "Fri"],
            "enrolled_on": "2020-11-01",
            "boat_fare": "300",
            "car_fare": "150",
        },
    )
    assert body.status_code == 201, body.content
    body = body.json()
    assert body["weekdays"] == [0, 2, 4]
    eid = body["id"]
    generated = client.post(
        f"/api/v1/referrals/dialysis/patients/{eid}/trips", {"start": "2020-11-01", "end": "2020-11-30"}
    ).json()["trips"]
    # November 2020: Mondays 2,9,16,23,30; Wednesdays 4,11,18,25; Fridays 6,13,20,27
    assert [t["date"] for t in generated] == [
        f"2020-11-{d:02d}" for d in (2, 4, 6, 9, 11, 13, 16, 18, 20, 23, 25, 27, 30)
    ]
    assert {t["weekday"] for t in generated} == {0, 2, 4}
    again = client.post(
        f"/api/v1/referrals/dialysis/patients/{eid}/trips", {"start": "2020-11-01", "end": "2020-11-30"}
    ).json()["trips"]
    assert len(again) == 13 and DialysisTrip.objects.count() == 13
    for t in generated[:10]:
        client.post(f"/api/v1/referrals/dialysis/trips/{t['id']}/attendance?attended=true")
    client.post(f"/api/v1/referrals/dialysis/trips/{generated[10]['id']}/attendance?attended=false")
    officer = make_user("health_officer")
    savings = api(officer).get("/api/v1/referrals/savings?fy=2564").json()
    assert Decimal(str(savings["dialysis_savings"])) == Decimal("4500")  # 10 x (300 + 150)


def test_centre_without_dialysis_is_422(api, make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    response = api(nurse).post(
        "/api/v1/referrals/dialysis/patients",
        {
            "patient": {
                "passport": "X1234567",
                "name": "A",
                "birth_date": "1958-01-01",
                "sex": "M",
                "scheme": "foreign",
            },
            "home_facility_id": "rpst-phru-nai",
            "centre_id": "hosp-kohyao",
            "weekdays": ["Mon"],
            "enrolled_on": "2020-11-01",
        },
    )
    assert response.status_code == 422 and "centre_id" in response.json()["fields"]


def test_enrol_from_the_page_schedules_four_weeks(make_user, places):
    import random

    from django.test import Client

    from phangnga.referral.models import DialysisPatient

    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    c = Client()
    c.force_login(nurse)
    response = c.post(
        "/referral/dialysis/",
        {
            "cid": random_valid_national_id(random.Random(7)),
            "name": "นางไต ทดสอบ",
            "birth_date": "1955-05-05",
            "sex": "F",
            "scheme": "UC",
            "centre": places["hosp-vachira"].id,
            "weekdays": ["0", "2", "4"],
            "enrolled_on": "2030-01-07",
            "boat_fare": "300",
            "car_fare": "200",
        },
    )  # 7 Jan 2030 is a Monday
    assert response.status_code == 302, response.content.decode()[-1500:]
    enrolment = DialysisPatient.objects.get()
    assert enrolment.weekdays == [0, 2, 4] and enrolment.home_facility.code == "rpst-phru-nai"
    assert enrolment.trips.count() == 12  # four weeks x Mon/Wed/Fri
    bad = c.post(
        "/referral/dialysis/",
        {
            "cid": "1234567890123",
            "name": "x",
            "birth_date": "1955-05-05",
            "sex": "F",
            "scheme": "UC",
            "centre": places["hosp-vachira"].id,
            "weekdays": ["0"],
            "enrolled_on": "2030-01-07",
            "boat_fare": "1",
            "car_fare": "1",
        },
    )
    assert bad.status_code == 200 and 'id="err-cid"' in bad.content.decode()
