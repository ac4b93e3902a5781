"""Emergency's unit ranking keeps a boat moored at an up-river pier (Tha Dan's speedboat).

The ranking asks the routing network for a sea matrix from each unit's position to the
scene; a unit whose ETA comes back as None is silently left out. A boat at Tha Dan pier
(~5 km up the Phang Nga river) must get a finite ETA that includes the river minutes.
"""

from __future__ import annotations

from datetime import date

import pytest

from phangnga.emergency import planning
from phangnga.fleet import routes

KOH_YAO_SEA = (8.15, 98.55)  # open water off Koh Yao Noi
SIMILAN_SEA = (8.62, 97.64)  # off the Similans
DAY = date(2026, 12, 20)  # in season: every demo unit is offered


@pytest.fixture
def units(places, monkeypatch):
    from phangnga.fleet.demo import load_resources
    from phangnga.fleet.models import Resource

    load_resources()
    # A fresh router over this registry: the process-wide one memoises ETAs by position.
    monkeypatch.setattr(routes, "_state", {})
    assert planning.router().kind == "network"
    return {r.code: r for r in Resource.objects.select_related("base")}


def ranked(scene):
    return {row["code"]: row for row in planning.rank_resources(scene, day=DAY)}


@pytest.mark.parametrize("scene", [KOH_YAO_SEA, SIMILAN_SEA])
def test_tha_dan_speedboat_is_ranked_with_a_finite_eta(units, places, scene):
    rows = ranked(scene)
    assert "sb-thadan" in rows
    eta = rows["sb-thadan"]["eta_min"]
    assert eta == eta and 0 < eta < 600  # a real number of minutes
    assert eta > places["pier-thadan"].river_min  # the river leg is counted


def test_tha_dan_speedboat_eta_counts_the_river(units, places):
    """Its ETA is the pier's river minutes plus the sea route from the pier's sea access."""
    from phangnga.geo import routing_service

    net = routing_service.get_network()
    pier = next(p for p in net.piers if p.id == "pier-thadan")
    expected = net.sea_route(pier, KOH_YAO_SEA, boat="speedboat", sea_state="calm").eta_min
    assert ranked(KOH_YAO_SEA)["sb-thadan"]["eta_min"] == pytest.approx(expected, abs=0.1)


def test_plan_with_the_tha_dan_boat_is_routed_not_estimated(units, places):
    """The chosen unit's trip goes down the river too, instead of the straight-line fallback."""
    from django.utils import timezone

    now = timezone.now()
    plan = planning.plan_for(
        KOH_YAO_SEA,
        place_kind=None,
        kind="near_drowning",
        levels=[2],
        symptoms=set(),
        sea_state="calm",
        reported_at=now,
        now=now,
        resource=units["sb-thadan"],
    )
    assert plan["resource"]["code"] == "sb-thadan"
    assert plan["routing"] == "network"
    assert not [w for w in plan["warnings"] if w.startswith("routing engine")]
    river = [leg for leg in plan["legs"] if leg["role"] == "boat_approach" and leg["mode"] == "river"]
    assert [leg["duration_min"] for leg in river] == [pytest.approx(places["pier-thadan"].river_min)]


@pytest.mark.parametrize("boat_class, sea_state", [("rescue_boat", "calm"), ("speedboat", "moderate")])
def test_river_minutes_are_not_rescaled_for_another_class_or_sea(units, places, boat_class, sea_state):
    """The ranking scales one calm-speedboat matrix to each class and sea; the river channel
    takes its fixed minutes whatever the boat, so only the open-water part is scaled."""
    from phangnga.fleet.models import Resource
    from phangnga.geo import routing_service

    Resource.objects.filter(code="sb-thadan").update(boat_class=boat_class)
    net = routing_service.get_network()
    pier = next(p for p in net.piers if p.id == "pier-thadan")
    expected = net.sea_route(pier, KOH_YAO_SEA, boat=boat_class, sea_state=sea_state).eta_min
    got = {r["code"]: r for r in planning.rank_resources(KOH_YAO_SEA, day=DAY, sea_state=sea_state)}
    assert got["sb-thadan"]["eta_min"] == pytest.approx(expected, abs=0.2)
