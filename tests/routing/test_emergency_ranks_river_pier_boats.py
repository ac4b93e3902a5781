"""Emergency's unit ranking keeps a boat moored at an up-river pier (Tha Dan's speedboat).

The ranking asks the routing network for a sea matrix from each unit's position to the
scene; a unit whose ETA comes back as None is silently left out. A boat at Tha Dan pier
(~5 km up the Phang Nga river) must get a finite ETA that includes the river minutes.
"""

from __future__ import annotations

from datetime import date

import pytest

from phangnga.emergency import planning

KOH_YAO_SEA = (8.15, 98.55)  # open water off Koh Yao Noi
SIMILAN_SEA = (8.62, 97.64)  # off the Similans
DAY = date(2026, 12, 20)  # in season: every demo unit is offered


@pytest.fixture
def units(places, monkeypatch):
    from phangnga.emergency.demo import load_resources
    from phangnga.emergency.models import Resource

    load_resources()
    # A fresh router over this registry: the process-wide one memoises ETAs by position.
    monkeypatch.setattr(planning, "_cache", {})
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
