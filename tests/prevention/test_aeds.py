"""Nearest AED lookup and expiry alerts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phangnga.prevention.models import Aed


@pytest.fixture
def aeds(db):
    today = timezone.localdate()
    good = {
        "pads_expiry": today + timedelta(days=300),
        "battery_expiry": today + timedelta(days=900),
        "last_check": today - timedelta(days=10),
    }
    Aed.objects.create(
        code="hotel", owner="Hotel", owner_kind="hotel", location="Reception", lat=8.642, lon=98.249, **good
    )
    Aed.objects.create(
        code="tower",
        owner="Lifeguards",
        owner_kind="beach",
        location="Tower",
        lat=8.665,
        lon=98.245,
        **{**good, "pads_expiry": today - timedelta(days=1)},
    )
    Aed.objects.create(
        code="boat",
        owner="Boat",
        owner_kind="boat",
        location="Wheelhouse",
        lat=8.578,
        lon=98.228,
        **{**good, "battery_expiry": today + timedelta(days=20), "last_check": None},
    )
    Aed.objects.create(
        code="gone",
        owner="Old",
        owner_kind="other",
        location="x",
        lat=8.642,
        lon=98.247,
        active=False,
        **good,
    )


def test_nearest_aeds(aeds, client):
    body = client.get("/api/v1/emergency/aeds/nearest?lat=8.643&lon=98.248&limit=2").json()
    assert [a["code"] for a in body] == ["hotel", "tower"]
    assert body[0]["usable"] is True and body[0]["distance_km"] < 0.3
    assert body[1]["usable"] is False and body[1]["expired"] == ["pads"]


def test_nearest_aed_bad_input(aeds, client):
    assert "lat" in client.get("/api/v1/emergency/aeds/nearest?lat=20&lon=98.2").json()["fields"]
    assert client.get("/api/v1/emergency/aeds/nearest?lat=x&lon=98.2").status_code == 422


def test_expiry_alerts(aeds, api, make_user):
    alerts = {
        a["code"]: a["problems"]
        for a in api(make_user("dispatcher")).get("/api/v1/emergency/aeds/alerts?days=30").json()
    }
    assert set(alerts) == {"tower", "boat"}
    assert {"part": "pads", "problem": "expired"}.items() <= alerts["tower"][0].items()
    assert {p["part"] for p in alerts["boat"]} == {"battery", "check"}
