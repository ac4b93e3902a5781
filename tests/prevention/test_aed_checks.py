"""Recording an AED check where it happens: new pad and battery dates clear the expiry alert, a
faulty AED stops being offered as usable, impossible dates are refused naming the field, and only
crews, dispatchers and health officers may record one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from phangnga.core.models import AuditEntry
from phangnga.prevention.models import Aed, AedCheck


@pytest.fixture
def tower(db):
    today = timezone.localdate()
    return Aed.objects.create(
        code="tower", owner="Lifeguards", owner_kind="beach", location="Tower", lat=8.665, lon=98.245,
        pads_expiry=today - timedelta(days=3), battery_expiry=today + timedelta(days=900),
        last_check=today - timedelta(days=120),
    )  # fmt: skip


def url(code="tower"):
    return f"/api/v1/emergency/aeds/{code}/checks"


def alerts(client):
    return {
        a["code"]: {p["part"] for p in a["problems"]}
        for a in client.get("/api/v1/emergency/aeds/alerts").json()
    }


def test_new_pads_clear_the_alert_and_the_history_keeps_the_check(tower, api, make_user):
    crew = api(make_user("rescue_crew", username="anan"))
    assert alerts(crew)["tower"] == {"pads", "check"}
    pads = timezone.localdate() + timedelta(days=700)
    response = crew.post(url(), {"ready": True, "pads_expiry": pads.isoformat(),
                                 "battery_expiry": tower.battery_expiry.isoformat()})  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["usable"] is True
    tower.refresh_from_db()
    assert tower.pads_expiry == pads and tower.last_check == timezone.localdate() and tower.ready
    assert "tower" not in alerts(crew)
    history = crew.get(url()).json()
    assert history[0]["by"] and history[0]["pads_expiry"] == pads.isoformat()
    assert AuditEntry.objects.filter(action="aed_check", object_id=str(tower.pk)).count() == 1


def test_a_faulty_aed_is_not_offered_as_usable(tower, api, make_user, client):
    crew = api(make_user("rescue_crew"))
    later = (timezone.localdate() + timedelta(days=500)).isoformat()
    response = crew.post(url(), {"ready": False, "pads_expiry": later, "battery_expiry": later,
                                 "note": "no ready light"})  # fmt: skip
    assert response.status_code == 201 and response.json()["usable"] is False
    nearest = client.get("/api/v1/emergency/aeds/nearest?lat=8.665&lon=98.245&limit=1").json()[0]
    assert nearest["code"] == "tower" and nearest["usable"] is False and nearest["ready"] is False
    assert "device" in alerts(crew)["tower"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"checked_on": 1}, "checked_on"),  # tomorrow
        ({"checked_on": -400}, "checked_on"),
        ({"pads_expiry": -3}, "pads_expiry"),  # ready, with pads already expired
        ({"battery_expiry": 4000}, "battery_expiry"),
        ({"ready": False}, "note"),  # not ready, and no word on why
    ],
)
def test_impossible_checks_are_refused_naming_the_field(tower, api, make_user, change, field):
    today = timezone.localdate()
    body = {"ready": True, "pads_expiry": 700, "battery_expiry": 900, **change}
    body = {k: (today + timedelta(days=v)).isoformat() if isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in body.items()}  # fmt: skip
    response = api(make_user("dispatcher")).post(url(), body)
    assert response.status_code == 422 and field in response.json()["fields"], response.content
    assert not AedCheck.objects.exists()
    tower.refresh_from_db()
    assert tower.pads_expiry < today  # nothing half-written


def test_only_those_at_the_aed_may_record(tower, api, make_user):
    later = (timezone.localdate() + timedelta(days=500)).isoformat()
    body = {"ready": True, "pads_expiry": later, "battery_expiry": later}
    assert api(make_user("viewer")).post(url(), body).status_code == 403
    assert api(make_user("rescue_crew")).post(url("nope"), body).status_code == 404


def test_an_older_check_entered_late_does_not_undo_a_newer_one(tower, api, make_user):
    crew = api(make_user("rescue_crew"))
    today = timezone.localdate()
    d = lambda days: (today + timedelta(days=days)).isoformat()  # noqa: E731
    assert (
        crew.post(url(), {"ready": True, "pads_expiry": d(700), "battery_expiry": d(900)}).status_code == 201
    )
    late = {
        "ready": False,
        "note": "was faulty",
        "pads_expiry": d(10),
        "battery_expiry": d(10),
        "checked_on": d(-20),
    }
    assert crew.post(url(), late).status_code == 201
    tower.refresh_from_db()
    assert tower.ready and tower.pads_expiry.isoformat() == d(700) and tower.last_check == today
    assert AedCheck.objects.filter(aed=tower).count() == 2


def test_the_check_form_records_and_shows_errors_in_the_users_language(tower, make_user):
    c = Client()
    c.force_login(make_user("rescue_crew"))
    page = c.get("/emergency/aeds/tower/check")
    assert page.status_code == 200 and "Lifeguards" in page.content.decode()
    # the date pickers start from today and the dates on record (ISO: a browser ignores any other form)
    assert f'value="{tower.battery_expiry.isoformat()}"' in page.content.decode()
    today = timezone.localdate()
    form = {"checked_on": today.isoformat(), "ready": "yes", "pads_expiry": tower.pads_expiry.isoformat(),
            "battery_expiry": tower.battery_expiry.isoformat(), "note": ""}  # fmt: skip
    refused = c.post("/emergency/aeds/tower/check", form).content.decode()
    assert "หมดอายุแล้ว" in refused  # Thai, the staff default: the pads are already expired
    assert not AedCheck.objects.exists()
    form["pads_expiry"] = (today + timedelta(days=700)).isoformat()
    done = c.post("/emergency/aeds/tower/check", form)
    assert done.status_code == 302 and done["Location"] == "/emergency/registry/aeds"
    assert AedCheck.objects.get().ready is True
    registry = c.get("/emergency/registry/aeds").content.decode()
    assert "/emergency/aeds/tower/check" in registry
