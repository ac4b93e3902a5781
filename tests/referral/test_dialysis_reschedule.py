"""Changing an enrolled patient's schedule redoes only future trips nobody has marked; past
trips and attendance stay; the change is audited; bad input is refused naming the field."""

import random
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from phangnga.core.models import AuditEntry
from phangnga.core.thai import random_valid_national_id
from phangnga.referral.models import DialysisPatient, DialysisTrip


@pytest.fixture
def enrolled(api, make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    client = api(nurse)
    today = timezone.localdate()
    start = today - timedelta(days=14)
    body = client.post(
        "/api/v1/referrals/dialysis/patients",
        {
            "patient": {
                "cid": random_valid_national_id(random.Random(11)),
                "name": "นายไต ดี",
                "birth_date": "1958-01-01",
                "sex": "M",
                "scheme": "UC",
            },
            "home_facility_id": "rpst-phru-nai",
            "centre_id": "hosp-vachira",
            "weekdays": ["Mon", "Wed", "Fri"],
            "enrolled_on": start.isoformat(),
        },
    ).json()
    e = DialysisPatient.objects.get(pk=body["id"])
    client.post(
        f"/api/v1/referrals/dialysis/patients/{e.id}/trips",
        {"start": start.isoformat(), "end": (today + timedelta(days=20)).isoformat()},
    )
    past = list(e.trips.filter(date__lte=today))
    for i, trip in enumerate(past):
        trip.attended = i % 3 != 0  # some came, some did not
        trip.save()
    # a future trip already marked (the patient said he will be away): it stays as it is
    away = e.trips.filter(date__gt=today).order_by("date").last()
    away.attended = False
    away.save()
    return nurse, client, e, today


def _snapshot(e, until):
    return [(t.date, t.attended) for t in e.trips.filter(date__lte=until).order_by("date")]


def test_api_reschedule_keeps_the_past_and_redoes_future_trips(enrolled):
    nurse, client, e, today = enrolled
    before = _snapshot(e, today)
    away = e.trips.get(attended=False, date__gt=today)
    end = today + timedelta(days=28)
    response = client.patch(
        f"/api/v1/referrals/dialysis/patients/{e.id}",
        {"weekdays": ["Tue", "Thu"], "session_time": "08:30", "end": end.isoformat()},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["enrolment"]["weekdays"] == [1, 3] and body["enrolment"]["session_time"] == "08:30"
    assert body["enrolment"]["ends_on"] == end.isoformat()
    assert _snapshot(e, today) == before  # past trips and attendance untouched
    future = list(e.trips.filter(date__gt=today).order_by("date"))
    unmarked = [t for t in future if t.attended is None]
    assert unmarked and all(t.date.weekday() in (1, 3) for t in unmarked)
    assert all(t.date <= end for t in future)
    assert DialysisTrip.objects.filter(pk=away.pk, attended=False).exists()  # the marked one stays
    assert body["removed"] and body["added"]
    entry = AuditEntry.objects.get(
        object_type="referral.dialysispatient", object_id=str(e.id), summary__startswith="dialysis schedule"
    )
    assert entry.action == "update" and entry.changes["changes"]["weekdays"] == [[0, 2, 4], [1, 3]]


def test_api_names_the_bad_field(enrolled, places):
    _nurse, client, e, today = enrolled
    bad = client.patch(f"/api/v1/referrals/dialysis/patients/{e.id}", {"end": "2000-01-01"})
    assert bad.status_code == 422 and "end" in bad.json()["fields"]
    bad = client.patch(f"/api/v1/referrals/dialysis/patients/{e.id}", {"weekdays": ["Funday"]})
    assert bad.status_code == 422 and "weekdays" in bad.json()["fields"]
    bad = client.patch(f"/api/v1/referrals/dialysis/patients/{e.id}", {"centre_id": "hosp-kohyao"})
    assert bad.status_code == 422 and "centre_id" in bad.json()["fields"]
    assert DialysisPatient.objects.get(pk=e.id).weekdays == [0, 2, 4]  # nothing half-written


def test_the_page_changes_the_schedule_and_speaks_thai(enrolled, make_user):
    nurse, _client, e, today = enrolled
    c = Client()
    c.force_login(nurse)
    c.cookies["django_language"] = "th"
    url = f"/referral/dialysis/{e.id}/schedule/"
    assert c.get("/referral/dialysis/").content.decode().count(url) == 1
    page = c.get(url)
    assert page.status_code == 200 and 'id="schedule-form"' in page.content.decode()
    base = {"weekdays": ["1", "3"], "centre": e.centre_id, "session_time": "09:00"}
    wrong = c.post(url, {**base, "enrolled_on": e.enrolled_on.isoformat(), "ends_on": "2000-01-01"})
    assert wrong.status_code == 200 and "ต้องไม่อยู่ก่อนครั้งแรก" in wrong.content.decode()
    c.cookies["django_language"] = "en"
    wrong = c.post(url, {**base, "enrolled_on": e.enrolled_on.isoformat(), "ends_on": "2000-01-01"})
    assert "cannot be before the first" in wrong.content.decode()
    before = _snapshot(e, today)
    done = c.post(url, {**base, "enrolled_on": e.enrolled_on.isoformat(), "ends_on": ""})
    assert done.status_code == 302
    e.refresh_from_db()
    assert e.weekdays == [1, 3] and e.session_time.strftime("%H:%M") == "09:00"
    assert _snapshot(e, today) == before
    assert all(t.date.weekday() in (1, 3) for t in e.trips.filter(date__gt=today, attended=None))
    # another facility's nurse cannot open it
    other = Client()
    other.force_login(make_user("referral_nurse", facility="rpst-kyy-north"))
    assert other.get(url).status_code == 404


def test_the_kernel_date_rule_stays_for_a_later_start():
    from phangnga.referral import schedule

    assert schedule.session_dates([1], date(2026, 12, 1), date(2026, 12, 8)) == [
        date(2026, 12, 1),
        date(2026, 12, 8),
    ]
