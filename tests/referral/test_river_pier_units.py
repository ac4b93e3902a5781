"""A boat based at an up-river pier (Tha Dan's speedboat, ~5 km up the Phang Nga river) comes
down the river channel first: the pier's `river_min` is in its approach and so in the ETA,
with the routing engine and with the coarse fallback estimate alike."""

import pytest

from phangnga.fleet import routes
from phangnga.fleet.models import Resource, ResourceStatus
from phangnga.referral import estimate, planning

ORIGIN = "rpst-phru-nai"  # Koh Yao Yai: the patient needs a boat


@pytest.fixture
def only_tha_dan_boat(places):
    """The demo registry with every boat but Tha Dan's out of service."""
    from phangnga.fleet.demo import load_resources

    load_resources()
    others = [r.pk for r in Resource.objects.all() if r.is_boat and r.code != "sb-thadan"]
    Resource.objects.filter(pk__in=others).update(status=ResourceStatus.OUT_OF_SERVICE)
    tha_dan = Resource.objects.select_related("base").get(code="sb-thadan")
    assert tha_dan.base.code == "pier-thadan" and tha_dan.status == ResourceStatus.AVAILABLE
    return tha_dan


def _plan(places) -> dict:
    plan = planning.make_plan(places[ORIGIN], "ct", triage=2).to_dict()
    assert plan["unit"]["code"] == "sb-thadan" and plan["no_unit_available"] is False
    return plan


def _approach(plan: dict) -> list[dict]:
    return [leg for leg in plan["legs"] if leg.get("role") == "boat_approach"]


def test_the_approach_goes_down_tha_dans_river_first(only_tha_dan_boat, places):
    assert planning.engine_name() == "geo.routing"
    plan = _plan(places)
    approach = sorted(_approach(plan), key=lambda leg: leg["start_min"])
    first = approach[0]
    assert first["mode"] == "river" and first["from"] == places["pier-thadan"].name_en
    assert first["duration_min"] == pytest.approx(places["pier-thadan"].river_min)
    assert plan["unit"]["approach_min"] == pytest.approx(
        sum(leg["duration_min"] for leg in approach), abs=0.1
    )


def test_the_approach_is_the_sea_route_from_the_tha_dan_pier(only_tha_dan_boat, places):
    """The boat's approach costs what the engine's sea route from the pier itself costs
    (river channel, then sea to the boarding pier), not the route from the river mouth."""
    from phangnga.geo import routing_service

    plan = _plan(places)
    net = routing_service.get_network()
    by_name = {p.name: p for p in net.piers}
    boarding = next(
        leg
        for leg in plan["legs"]
        if leg.get("role", "patient") == "patient" and leg["mode"] in ("river", "sea")
    )
    tha_dan, pier = by_name[places["pier-thadan"].name_en], by_name[boarding["from"]]
    expected = net.sea_route(tha_dan, pier, boat="speedboat", sea_state="calm").eta_min
    assert plan["unit"]["approach_min"] == pytest.approx(expected, abs=0.2)
    from_mouth = net.sea_route(
        (tha_dan.sea_lat, tha_dan.sea_lon), pier, boat="speedboat", sea_state="calm"
    ).eta_min
    assert plan["unit"]["approach_min"] >= from_mouth + places["pier-thadan"].river_min - 0.2


def test_the_fallback_estimate_counts_the_river_minutes_too(only_tha_dan_boat, places, monkeypatch):
    monkeypatch.setitem(routes._state, "net", None)  # as if the routing network could not be built
    assert planning.engine_name() == "estimate"
    plan = _plan(places)
    (approach,) = _approach(plan)
    boarding = places_by_name(places)[approach["to"]]
    tha_dan = places["pier-thadan"]
    sea_min = approach["distance_km"] / estimate.BOAT_KMH["speedboat"] * 60
    expected = sea_min + tha_dan.river_min + (boarding.river_min or 0)
    assert approach["duration_min"] == pytest.approx(expected, abs=0.2)


def places_by_name(places) -> dict:
    return {p.name_en: p for p in places.values()}


UP_RIVER = estimate.Pier("up", "Up-river pier", 8.39, 98.503, river_min=15.0)
ISLAND = estimate.Pier("isl", "Island pier", 8.10, 98.60, river_min=1.0)
FAR = estimate.Pier("far", "Far pier", 7.90, 98.40, river_min=2.0)


def _estimate_approach(boat_at) -> dict:
    itin = estimate.estimate(
        ("o", 8.101, 98.601), ("d", 7.901, 98.401), [UP_RIVER, ISLAND, FAR], "speedboat", boat_at=boat_at
    )
    (approach,) = [leg for leg in itin["legs"] if leg.get("role") == "boat_approach"]
    return approach


def test_estimate_a_boat_moored_up_river_adds_both_channels():
    approach = _estimate_approach(("boat", UP_RIVER.lat, UP_RIVER.lon))
    sea_min = approach["distance_km"] / estimate.BOAT_KMH["speedboat"] * 60
    assert approach["duration_min"] == pytest.approx(sea_min + 15.0 + 1.0, abs=0.1)


def test_estimate_a_boat_already_at_the_boarding_pier_has_no_river_minutes():
    assert _estimate_approach(("boat", ISLAND.lat, ISLAND.lon))["duration_min"] == 0.0
