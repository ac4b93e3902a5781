"""The ONE place where referral talks to routing. Everything else calls `make_plan`.

Uses the geo routing engine (`phangnga.geo.routing_service.get_network()`) when it is
installed; otherwise a coarse pier-to-pier estimate (estimate.py), marked "estimate".
"""

from __future__ import annotations

from phangnga.geo.models import Place

from . import estimate, planner
from .planner import Facility, NoRouteError

# Origins referred "up" the administrative chain: the island health centres first go to
# Koh Yao Chaipattana Hospital, then to the provincial hospital.
CHAIN = ("hosp-kohyao", "hosp-phangnga")
LEVEL_RANK = {"regional": 3, "general": 2, "community": 1, "rpst": 0}
# For the fallback estimate only: facilities reached by boat (the real engine knows the coast).
ISLAND_DISTRICTS = {"ko_yao"}
OFFSHORE_LON = 98.1  # the Similan and Surin islands lie west of this


def _on_island(place: Place) -> bool:
    district = place.district.code if place.district_id else ""
    return district in ISLAND_DISTRICTS or place.lon < OFFSHORE_LON or place.kind == "island"


def facility(place: Place) -> Facility:
    return Facility(
        place.code,
        place.name_en,
        place.lat,
        place.lon,
        tuple(place.capabilities or ()),
        LEVEL_RANK.get(place.level or "", 0),
    )


def _engine():
    try:
        from phangnga.geo.routing_service import get_network  # noqa: PLC0415 - optional until issue 3 lands
    except ImportError:
        return None
    return get_network()


def engine_name() -> str:
    return "geo.routing" if _engine() is not None else "estimate"


def route_function(sea_state: str = "calm"):
    network = _engine()
    if network is not None:
        from phangnga.geo import routing  # noqa: PLC0415

        def route(a: Facility, b: Facility, boat: str) -> dict:
            try:
                itinerary = network.plan((a.lat, a.lon), (b.lat, b.lon), boat=boat, sea_state=sea_state)
            except (routing.NoRoute, routing.OutOfRegion) as exc:
                raise NoRouteError(str(exc)) from exc
            return itinerary.to_dict()

        return route
    piers = [
        estimate.Pier(p.code, p.name_en, p.lat, p.lon, p.river_min or 0.0)
        for p in Place.objects.filter(kind="pier", active=True)
    ]
    if not piers:
        raise NoRouteError("the places registry has no piers")
    islands = {p.code for p in Place.objects.select_related("district") if _on_island(p)}

    def route(a: Facility, b: Facility, boat: str) -> dict:
        try:
            return estimate.estimate(
                (a.name, a.lat, a.lon),
                (b.name, b.lat, b.lon),
                piers,
                boat,
                by_sea=a.code in islands or b.code in islands,
            )
        except estimate.NoEstimate as exc:
            raise NoRouteError(str(exc)) from None

    return route


def make_plan(
    origin: Place,
    capability: str | None,
    *,
    triage: int = 3,
    sea_state: str = "calm",
    boats=("hospital_boat", "speedboat"),
    exclude=(),
    guarantee_min: float = planner.GUARANTEE_MIN,
    chain_stop_min: float = 30.0,
) -> planner.Plan:
    hospitals = Place.objects.filter(active=True, kind__in=["hospital"])
    chain = [facility(p) for code in CHAIN for p in hospitals if p.code == code]
    plan = planner.plan_referral(
        facility(origin),
        [facility(p) for p in hospitals],
        capability,
        route_function(sea_state),
        boats=boats,
        sea_state=sea_state,
        triage=triage,
        exclude=exclude,
        chain=chain,
        chain_stop_min=chain_stop_min,
        guarantee_min=guarantee_min,
    )
    return plan
