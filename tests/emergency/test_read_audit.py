"""Every read of incident lists is in the audit log: the queue API, the board page and its feed
(each version of the board a user is shown, once, though it is polled every 1.5 s), pre-arrival
notices (API and the hospital page), and Idempotency-Key replays."""

from __future__ import annotations

import pytest
from django.test import Client

from phangnga.core.models import AuditEntry
from phangnga.emergency.models import PreArrivalNotice

URL = "/api/v1/emergency/incidents"


@pytest.fixture
def incident(api, make_user, units):
    dispatcher = make_user("dispatcher")
    body = {"kind": "trauma", "lat": 8.64, "lon": 98.25, "patients": [{"symptoms": ["laceration"]}]}
    created = api(dispatcher).post(URL, body, headers={"Idempotency-Key": "read-audit-1"})
    assert created.status_code == 201, created.content
    return dispatcher, created.json()


def reads(summary):
    return AuditEntry.objects.filter(action="read", summary__startswith=summary)


def test_the_incident_list_and_the_board_are_audited(api, incident):
    dispatcher, body = incident
    client = api(dispatcher)
    assert client.get(URL).status_code == 200
    entry = reads("incident list").get()
    assert entry.user == dispatcher and entry.changes["ids"] == [body["id"]]

    for _ in range(3):  # the board polls: one entry for the version it was shown
        assert client.get("/api/v1/emergency/board.json").status_code == 200
    assert reads("board feed").get().changes["ids"] == [body["id"]]
    assert client.post(f"{URL}/{body['id']}/events", {"kind": "dispatched"}).status_code == 201
    assert client.get("/api/v1/emergency/board.json").status_code == 200
    assert reads("board feed").count() == 2  # a new version is a new read

    page = Client()
    page.force_login(dispatcher)
    assert page.get("/emergency/board").status_code == 200
    assert reads("board page").get().user == dispatcher


def test_pre_arrival_notices_are_audited(api, make_user, incident):
    dispatcher, body = incident
    accepted = api(dispatcher).post(f"{URL}/{body['id']}/plan/accept", {})
    assert accepted.status_code == 200, accepted.content
    notice = PreArrivalNotice.objects.get(incident_id=body["id"])
    staff = make_user("hospital_staff", facility=notice.hospital.code)
    assert api(staff).get("/api/v1/emergency/notices").status_code == 200
    assert reads("pre-arrival notices").get().changes["ids"] == [notice.pk]
    page = Client()
    page.force_login(staff)
    assert page.get("/emergency/hospital/").status_code == 200
    entry = reads("hospital pre-arrival page").get()
    assert entry.user == staff and entry.changes["ids"] == [notice.pk]
