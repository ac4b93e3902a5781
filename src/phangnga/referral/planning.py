"""The ONE place where referral talks to routing and to the fleet's unit registry.
Everything else calls `make_plan`, `hold_units`, `advance_units` and `release_units`.

Routes through the fleet app's adapter (`fleet.routes`: one network and one lock per process,
shared with emergency dispatch). If the network cannot be built, a coarse pier-to-pier
estimate (estimate.py) keeps referrals working, and every plan records which one was used
(`routing_engine`).

Boats and ambulances come from the fleet app (`fleet.registry` to read, `fleet.holds` to
hold): a unit is offered when it is available, in season and not held by another referral;
it is handed to the pure planner as a plain `planner.Unit` at its last known position (or
its base).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from phangnga.core.errors import ApiError
from phangnga.fleet import holds, registry, routes
from phangnga.fleet.models import WORKING, Holder, Resource, ResourceKind, ResourceStatus
from phangnga.geo.models import Place

from . import estimate, planner
from .models import ProgrammeConfig, Referral
from .planner import Facility, NoRouteError, Unit

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
        place.name_th,
    )


def engine_name() -> str:
    return routes.engine_name()


def route_function(sea_state: str = "calm"):
    """route(a, b, boat, unit=None, ambulance=None) -> itinerary dict, for the kernel: the
    fleet app's network (fleet.routes), else the coarse estimate."""
    if routes.network() is None:
        return _estimate_route()

    def route(a: Facility, b: Facility, boat: str, unit: Unit | None = None, ambulance: Unit | None = None):
        try:
            return routes.plan_between(
                {"lat": a.lat, "lon": a.lon, "name": a.name},
                {"lat": b.lat, "lon": b.lon, "name": b.name},
                boat=boat,
                sea_state=sea_state,
                boat_at=(unit.lat, unit.lon) if unit is not None else None,
                ambulance_at=(ambulance.lat, ambulance.lon) if ambulance is not None else None,
            )
        except routes.NoRoute as exc:
            raise NoRouteError(exc.detail) from exc

    return route


def _estimate_route():
    """The coarse fallback: straight lines between the registry's piers (estimate.py)."""
    piers = [
        estimate.Pier(p.code, p.name_en, p.lat, p.lon, p.river_min or 0.0)
        for p in Place.objects.filter(kind="pier", active=True)
    ]
    if not piers:
        raise NoRouteError("the places registry has no piers")
    islands = {p.code for p in Place.objects.select_related("district") if _on_island(p)}

    def route(a: Facility, b: Facility, boat: str, unit: Unit | None = None, ambulance: Unit | None = None):
        try:
            return estimate.estimate(
                (a.name, a.lat, a.lon),
                (b.name, b.lat, b.lon),
                piers,
                boat,
                by_sea=a.code in islands or b.code in islands,
                boat_at=(unit.name, unit.lat, unit.lon) if unit is not None else None,
            )
        except estimate.NoEstimate as exc:
            raise NoRouteError(str(exc)) from None

    return route


# ---- the unit registry (the fleet app's) ---------------------------------------------------

# While a referral holds a unit, the unit's status follows the referral like emergency's
# EVENT_EFFECTS follow an incident.
STATE_UNIT_STATUS = {
    "transport_arranged": ResourceStatus.DISPATCHED,
    "departed": ResourceStatus.TRANSPORTING,
    "at_pier": ResourceStatus.TRANSPORTING,
    "arrived": ResourceStatus.AT_HOSPITAL,
}


def _unit(r: Resource, kind: str) -> Unit:
    """The unit at its real position (last reported, else its base). A boat at an up-river
    pier (Tha Dan) is passed as it is: the routing engine starts it down the pier's river
    channel (`river_min`) to the sea-access point, so those minutes are in its approach, and
    the coarse estimate adds them too (estimate.py)."""
    lat, lon = r.position
    return Unit(r.code, r.name, kind, float(lat), float(lon), r.status)


def fleet(day: date | None = None, *, exclude_referral: int | None = None) -> dict:
    """The registry as the planner sees it: available boats, busy boats (back when free),
    available ambulances, and the units left out with the reason."""
    day = day or timezone.localdate()
    held = registry.holders(Holder.REFERRAL, exclude=exclude_referral)
    out: dict = {"boats": [], "busy": [], "ambulances": [], "unavailable": []}
    for r in registry.units().order_by("code"):
        is_boat = r.is_boat
        if not is_boat and r.kind != ResourceKind.AMBULANCE:
            continue
        kind = r.sailing_class if is_boat else "ambulance"
        why, code = "", ""
        if not r.in_season(day):
            why, code = f"out of season ({r.season_start} to {r.season_end})", "out_of_season"
        elif r.status == ResourceStatus.OUT_OF_SERVICE:
            why, code = "out of service", "out_of_service"
        elif r.code in held:
            why, code = f"working on referral #{held[r.code]}", "referral"
        elif r.status != ResourceStatus.AVAILABLE:
            why, code = f"busy ({r.status})", "busy"
        if why:
            if is_boat:
                out["unavailable"].append(
                    {
                        "code": r.code,
                        "name": r.name,
                        "kind": kind,
                        "status": r.status,
                        "reason": why,
                        "reason_code": code,
                        "referral": held.get(r.code),
                    }
                )
                # Busy now but back when its job ends: good for an estimate, never for a plan.
                if r.status in WORKING and r.in_season(day):
                    out["busy"].append(_unit(r, kind))
            continue
        (out["boats"] if is_boat else out["ambulances"]).append(_unit(r, kind))
    return out


def make_plan(
    origin: Place,
    capability: str | None,
    *,
    triage: int = 3,
    sea_state: str = "calm",
    boats=("hospital_boat", "speedboat"),
    exclude=(),
    only=None,
    guarantee_min: float = planner.GUARANTEE_MIN,
    chain_stop_min: float = 30.0,
    referral_id: int | None = None,
    day: date | None = None,
) -> planner.Plan:
    """Plan over the units available now. `only` restricts the destinations (codes), e.g. to
    re-plan the boat for a destination that has accepted; `referral_id` lets a referral see
    the units it holds itself."""
    hospitals = Place.objects.filter(active=True, kind__in=["hospital"])
    chain = [facility(p) for code in CHAIN for p in hospitals if p.code == code]
    candidates = [facility(p) for p in hospitals if only is None or p.code in only]
    units = fleet(day, exclude_referral=referral_id)
    return planner.plan_referral(
        facility(origin),
        candidates,
        capability,
        route_function(sea_state),
        boats=boats,
        sea_state=sea_state,
        triage=triage,
        exclude=exclude,
        chain=chain,
        chain_stop_min=chain_stop_min,
        guarantee_min=guarantee_min,
        units=units["boats"],
        busy_units=units["busy"],
        ambulances=units["ambulances"],
        unavailable=units["unavailable"],
    )


def apply_plan(referral: Referral, exclude=(), only=None) -> None:
    """Plan the referral over the units available now and put the plan on it (destination,
    plan, chain, why, predicted minutes, engine); unsaved. 409 `no_route` when nothing reaches
    a destination. (Here, not in services: units.arrange re-plans through it too.)"""
    config = ProgrammeConfig.get()
    try:
        plan = make_plan(
            referral.origin,
            referral.capability or None,
            triage=referral.triage,
            sea_state=referral.sea_state,
            exclude=exclude,
            only=only,
            guarantee_min=config.guarantee_min,
            chain_stop_min=config.chain_stop_min,
            referral_id=referral.pk,
        )
    except NoRouteError as exc:
        raise ApiError(409, "no_route", str(exc), {"capability": str(exc)}) from None
    referral.destination = Place.objects.get(code=plan.chosen.destination.code)
    referral.plan = plan.to_dict()
    referral.chain_plan = plan.chain or {}
    referral.why_chosen = plan.why
    referral.predicted_min = round(plan.chosen.eta_min, 1)
    referral.routing_engine = engine_name()


# ---- holding units for a referral (fleet.holds) ----------------------------------------------


def held_codes(referral_id: int) -> dict[str, str]:
    """role -> resource code of the units this referral holds now."""
    return {h.role: h.resource.code for h in registry.held_by(Holder.REFERRAL, referral_id)}


@transaction.atomic
def hold_units(referral_id: int, wanted: dict[str, str], at: datetime) -> dict[str, str]:
    """Take the wanted units ({"boat": code, "ambulance": code}) for a referral if they are
    still available, in season and unheld (fleet marks them dispatched). Returns role -> code
    actually held."""
    got = held_codes(referral_id)
    for role, code in wanted.items():
        if not code or role in got:
            continue
        unit = registry.unit(code)
        if unit is not None and holds.hold(unit, Holder.REFERRAL, referral_id, role, at) is not None:
            got[role] = code
    return got


def advance_units(referral_id: int, state: str) -> None:
    """The held units' status follows the referral (departed -> transporting, ...). A unit a
    dispatcher has since taken out of service is left as it is."""
    status = STATE_UNIT_STATUS.get(state)
    if status:
        holds.advance(Holder.REFERRAL, referral_id, status)


def release_units(referral_id: int, at: datetime) -> list[str]:
    """Hand the referral's units back (available), unless taken out of service meanwhile."""
    return holds.release(Holder.REFERRAL, referral_id, at)
