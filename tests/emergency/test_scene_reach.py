"""Every scene a tourist can report from is reached: each QR sign of the demo, and every beach,
island, dive site and attraction of the registry, gets a plan with a unit in season, never
"no available unit" while one is ready (issue: the Donald Duck Bay sign got no unit)."""

from __future__ import annotations

import json
import random
from datetime import datetime
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from phangnga.emergency import planning

IN_SEASON = datetime(2026, 12, 20, 10, 30, tzinfo=ZoneInfo("Asia/Bangkok"))
SITE_KINDS = ("beach", "dive_site", "island", "attraction")


def registry_sites() -> list[tuple[str, float, float]]:
    registry = json.loads(resources.files("phangnga.geo").joinpath("data/places.json").read_text())
    return [(p["code"], p["lat"], p["lon"]) for p in registry["places"] if p["kind"] in SITE_KINDS]


def plan_at(lat: float, lon: float) -> dict:
    return planning.plan_for(
        (lat, lon),
        place_kind=None,
        kind="near_drowning",
        levels=[1],
        symptoms={"not_breathing"},
        sea_state="calm",
        reported_at=IN_SEASON,
        now=IN_SEASON,
    )


@pytest.mark.parametrize("code, lat, lon", registry_sites())
def test_every_site_gets_a_unit_that_carries_the_patient(units, code, lat, lon):
    plan = plan_at(lat, lon)
    assert plan["resource"] is not None, (code, plan["warnings"])
    patient_modes = {leg["mode"] for leg in plan["legs"] if leg["role"] == "patient"}
    if plan["resource"]["kind"] != "ambulance":
        assert "sea" in patient_modes, code  # the boat that came takes the patient off
        approaches = any(leg["role"] == "boat_approach" for leg in plan["legs"])
        # or it waits at its own pier, which the patient reaches by the island's roads
        waits = any("local transport" in w for w in plan["warnings"])
        assert approaches or waits, code


def test_every_qr_sign_gets_a_unit(units):
    from phangnga.travel.catalogue import load_catalogue
    from phangnga.travel.demo import ensure_signs
    from phangnga.travel.models import Sign

    ensure_signs(load_catalogue(), random.Random(1))
    signs = list(Sign.objects.exclude(installed_lat=None))
    assert len(signs) >= 25
    missing = [s.code for s in signs if plan_at(s.installed_lat, s.installed_lon)["resource"] is None]
    assert missing == []


def test_donald_duck_bay_sign_is_reached_by_the_similan_unit_on_the_island(units):
    """The headline case: on the beach of Ko Similan, the seasonal unit a few km away comes by
    boat, lands, and its crew walk in; the patient is carried to the boat."""
    plan = plan_at(8.654, 97.642)
    assert plan["scene_on_land"] is True
    assert plan["resource"]["code"] == "mu-similan"
    notes = [leg.get("note", "") for leg in plan["legs"]]
    assert "crew walk to the patient" in notes and "carried to the shore" in notes
    ranking = {r["code"]: r for r in plan["alternatives"]}
    assert ranking["mu-similan"]["means"] == "sea" and ranking["mu-similan"]["eta_min"] < 30


def test_ranking_api_answers_for_a_scene_on_the_island(units, api, make_user):
    body = api(make_user("dispatcher")).get("/api/v1/emergency/resources/ranking?lat=8.6535&lon=97.6421")
    assert body.status_code == 200
    rows = body.json()
    assert rows and rows[0]["code"] == "mu-similan" and rows[0]["means"] == "sea"


def test_a_mainland_beach_is_served_by_road(units):
    plan = plan_at(8.642, 98.247)  # Nang Thong beach, Khao Lak: on Route 4
    assert plan["resource"]["kind"] == "ambulance"
    assert {leg["mode"] for leg in plan["legs"] if leg["role"] == "patient"} <= {"road", "access", "transfer"}
