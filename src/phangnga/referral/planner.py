"""Referral planner kernel (pure): every destination x every available boat unit, fastest
safe one, beside the old administrative chain. The routing itself is passed in as `route`
and the units as plain `Unit` values, so this module knows nothing of Django, of the
resource registry or of how itineraries are computed (see planning.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from phangnga.geo.routing.geometry import haversine_m

GUARANTEE_MIN = 80.0

# Boats allowed by sea state and by triage: a fast open speedboat is fine in calm water, only
# hospital and rescue boats go out in rough seas; triage 1-2 need a boat that carries a
# stretcher and a medic (not a longtail, not a scheduled ferry).
SEA_STATE_BOATS = {
    "calm": {"hospital_boat", "rescue_boat", "speedboat", "ferry", "longtail"},
    "moderate": {"hospital_boat", "rescue_boat", "speedboat", "ferry"},
    "rough": {"hospital_boat", "rescue_boat"},
}
CRITICAL_BOATS = {"hospital_boat", "rescue_boat", "speedboat"}
# Planned times are static (no tide, traffic or waiting): options within this many minutes
# are treated as equally fast, and the better-equipped hospital wins (fewer onward referrals).
TIE_MIN = 2.0
# Units of one class tried per referral, nearest to the origin first: a farther unit of the
# same class is practically never faster, and each try is one routing query.
UNITS_PER_CLASS = 2
# How a plan knows its boat: a real unit, a unit still busy elsewhere (estimate for when it
# is free), the class alone (no unit at all), or no boat needed (road only).
BASIS_UNIT, BASIS_BUSY, BASIS_CLASS, BASIS_ROAD = "unit", "busy_unit", "class_estimate", "no_boat_needed"


class NoRouteError(Exception):
    pass


@dataclass(frozen=True)
class Facility:
    code: str
    name: str
    lat: float
    lon: float
    capabilities: tuple[str, ...] = ()
    rank: int = 0  # higher = larger hospital; only breaks ties
    name_th: str = ""


@dataclass(frozen=True)
class Unit:
    """A boat or an ambulance of the resource registry, as plain data. `kind` is the boat
    class ("speedboat", "hospital_boat", ...) or "ambulance"; `status` is the registry's."""

    code: str
    name: str
    kind: str
    lat: float
    lon: float
    status: str = "available"

    def ref(self) -> dict:
        return {"code": self.code, "name": self.name, "kind": self.kind, "status": self.status}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(haversine_m(a[0], a[1], b[0], b[1])) / 1000.0


@dataclass
class Option:
    destination: Facility
    boat: str
    itinerary: dict  # {"eta_min", "distance_km", "legs": [...], ...}
    unit: Unit | None = None
    ambulance: Unit | None = None

    @property
    def eta_min(self) -> float:
        return float(self.itinerary["eta_min"])

    @property
    def uses_boat(self) -> bool:
        """Does the patient go on the water? (A road-only itinerary needs no boat unit.)"""
        return any(
            leg.get("mode") in ("sea", "river") and leg.get("role", "patient") == "patient"
            for leg in self.itinerary.get("legs", [])
        )

    def approach_min(self, role: str) -> float | None:
        """Minutes the unit travels to its pick-up (boat_approach / ambulance_approach legs)."""
        legs = [leg for leg in self.itinerary.get("legs", []) if leg.get("role") == role]
        return round(sum(float(leg.get("duration_min") or 0) for leg in legs), 1) if legs else None

    def unit_dict(self) -> dict | None:
        if self.unit is None or not self.uses_boat:
            return None
        return {**self.unit.ref(), "approach_min": self.approach_min("boat_approach")}

    def ambulance_dict(self) -> dict | None:
        if self.ambulance is None:
            return None
        return {**self.ambulance.ref(), "approach_min": self.approach_min("ambulance_approach")}

    def to_dict(self, geometry: bool = True) -> dict:
        legs = self.itinerary.get("legs", [])
        if not geometry:  # alternatives keep their legs for the record, without the map lines
            legs = [{k: v for k, v in leg.items() if k != "geometry"} for leg in legs]
        return {
            "destination": {"code": self.destination.code, "name": self.destination.name},
            "boat": self.boat,
            "unit": self.unit_dict(),
            "ambulance": self.ambulance_dict(),
            "eta_min": round(self.eta_min, 1),
            "distance_km": round(float(self.itinerary.get("distance_km", 0.0)), 2),
            "legs": legs,
        }


@dataclass
class Plan:
    chosen: Option
    alternatives: list[Option]
    chain: dict | None
    guarantee_min: float
    why: str
    rejected: list[dict] = field(default_factory=list)
    # {"basis", "no_unit_available", "reason", "unavailable": [...], "ambulance": ...}
    availability: dict = field(default_factory=dict)

    @property
    def meets_guarantee(self) -> bool:
        return self.chosen.eta_min <= self.guarantee_min

    @property
    def no_unit_available(self) -> bool:
        return bool(self.availability.get("no_unit_available"))

    def to_dict(self) -> dict:
        body = self.chosen.to_dict()
        body.update(
            meets_guarantee=self.meets_guarantee,
            guarantee_min=self.guarantee_min,
            chain_eta_min=round(self.chain["eta_min"], 1) if self.chain else None,
            no_unit_available=self.no_unit_available,
            availability=self.availability,
            why=self.why,
            why_facts=why_facts(
                self.chosen,
                [self.chosen, *self.alternatives],
                self.chain,
                self.guarantee_min,
                self.availability,
            ),
            alternatives=[o.to_dict(geometry=False) for o in self.alternatives[:8]],
            rejected=self.rejected,
        )
        return body


# route(origin, destination, boat_class) -> itinerary dict; when units are planned it is
# also given unit= (the boat, which must first come to the patient) and ambulance= (which
# must first come to the patient or the landing pier), either possibly None.
Route = Callable[..., dict]


def safe_boats(boats: Sequence[str], sea_state: str, triage: int) -> list[str]:
    allowed = SEA_STATE_BOATS.get(sea_state, SEA_STATE_BOATS["rough"])
    ok = [b for b in boats if b in allowed]
    if triage <= 2:
        ok = [b for b in ok if b in CRITICAL_BOATS]
    return ok


def plan_referral(
    origin: Facility,
    candidates: Sequence[Facility],
    capability: str | None,
    route: Route,
    *,
    boats: Sequence[str] = ("hospital_boat", "speedboat"),
    sea_state: str = "calm",
    triage: int = 3,
    exclude: Sequence[str] = (),
    chain: Sequence[Facility] = (),
    chain_stop_min: float = 30.0,
    guarantee_min: float = GUARANTEE_MIN,
    units: Sequence[Unit] | None = None,
    busy_units: Sequence[Unit] = (),
    ambulances: Sequence[Unit] = (),
    unavailable: Sequence[dict] = (),
) -> Plan:
    """Choose the fastest safe itinerary to any facility with `capability`.

    `units=None` plans over boat classes alone, each assumed waiting at the pier (kept for
    callers that track no units). With `units` (the available boats of the registry) every
    destination x unit is routed with the unit's position, so its approach is in the ETA,
    and with the nearest available ambulance. When no unit can do it, `busy_units` (working
    elsewhere, back when free) and then the classes give an estimate, and the plan says so
    (`availability.no_unit_available` and a reason). `unavailable` lists units the caller
    left out and why, for that reason.

    `chain` is the administrative path after the origin (e.g. community hospital, then
    provincial hospital); its ETA adds `chain_stop_min` at each intermediate stop for
    assessment and re-referral paperwork. It is planned over classes (boats waiting at each
    pier): the chain's best case, so the direct route beating it is a fair claim.
    Raises NoRouteError when nothing qualifies.
    """
    usable = safe_boats(boats, sea_state, triage)
    rejected = [
        {"boat": b, "reason": f"not safe for sea state {sea_state} / triage {triage}"}
        for b in boats
        if b not in usable
    ]
    if not usable and units is None:
        raise NoRouteError(f"no boat is safe in a {sea_state} sea for triage {triage}")
    dests = [
        f
        for f in candidates
        if f.code not in exclude
        and f.code != origin.code
        and (not capability or capability in f.capabilities)
    ]
    if not dests:
        raise NoRouteError(f"no facility with capability {capability!r} is left to refer to")
    availability: dict = {}
    if units is None:
        options = _class_options(origin, dests, usable, route, rejected)
        availability = {"basis": BASIS_CLASS, "no_unit_available": False, "tracked": False}
    else:
        safe = _safe_units(units, sea_state, triage, rejected)
        options = _unit_options(origin, dests, safe, ambulances, route, rejected)
        basis = BASIS_UNIT
        if not any(o.uses_boat for o in options):
            # No available unit can do it. A road-only option (if any) needs no boat; otherwise
            # estimate with a unit that is busy now, else with the class, and say so.
            road_only = options
            busy = _safe_units(busy_units, sea_state, triage, [])
            options = road_only + _unit_options(origin, dests, busy, ambulances, route, rejected)
            basis = BASIS_BUSY
            if not any(o.uses_boat for o in options):
                options = road_only + _class_options(origin, dests, usable, route, rejected)
                basis = BASIS_CLASS
        availability = {"basis": basis, "tracked": True}
    if not options:
        raise NoRouteError("no itinerary reaches any facility with the capability")
    options.sort(key=lambda o: (o.eta_min, -o.destination.rank, o.destination.code, o.boat))
    fastest = options[0].eta_min
    chosen = min(
        (o for o in options if o.eta_min <= fastest + TIE_MIN),
        key=lambda o: (-o.destination.rank, o.eta_min, o.destination.code, o.boat),
    )
    options.remove(chosen)
    options.insert(0, chosen)
    if units is not None:
        availability = _availability(chosen, availability["basis"], unavailable, ambulances)
    chain_info = _chain(origin, chain, usable, route, chain_stop_min, capability)
    return Plan(
        chosen,
        options[1:],
        chain_info,
        guarantee_min,
        _why(chosen, options, chain_info, guarantee_min, availability),
        rejected,
        availability,
    )


def _class_options(origin, dests, classes, route, rejected) -> list[Option]:
    options = []
    for dest in dests:
        for boat in classes:
            try:
                options.append(Option(dest, boat, route(origin, dest, boat)))
            except NoRouteError as exc:
                rejected.append({"destination": dest.code, "boat": boat, "reason": str(exc)})
    return options


def _safe_units(units: Sequence[Unit], sea_state: str, triage: int, rejected: list) -> list[Unit]:
    """Units whose class is safe for this sea and triage, the nearest few of each class."""
    classes = {u.kind for u in units}
    ok = set(safe_boats(sorted(classes), sea_state, triage))
    for u in units:
        if u.kind not in ok:
            rejected.append(
                {
                    "unit": u.code,
                    "boat": u.kind,
                    "reason": f"not safe for sea state {sea_state} / triage {triage}",
                }
            )
    return [u for u in units if u.kind in ok]


def _nearest_per_class(units: Sequence[Unit], origin: Facility) -> list[Unit]:
    by_class: dict[str, list[Unit]] = {}
    for u in sorted(units, key=lambda u: (_km((u.lat, u.lon), (origin.lat, origin.lon)), u.code)):
        by_class.setdefault(u.kind, []).append(u)
    return [u for group in by_class.values() for u in group[:UNITS_PER_CLASS]]


def ambulance_candidates(origin: Facility, dest: Facility, ambulances: Sequence[Unit]) -> list[Unit]:
    """The nearest ambulance to the origin (it drives to a patient on the mainland) and the
    nearest to the destination (it meets a boat at the landing pier); the router decides
    which can actually reach, so an ambulance on another island is never used."""
    out: list[Unit] = []
    for point in ((origin.lat, origin.lon), (dest.lat, dest.lon)):
        near = min(ambulances, key=lambda a: (_km((a.lat, a.lon), point), a.code), default=None)
        if near is not None and near not in out:
            out.append(near)
    return out


def _unit_options(origin, dests, units, ambulances, route, rejected) -> list[Option]:
    options = []
    for dest in dests:
        ambs = ambulance_candidates(origin, dest, ambulances)
        for unit in _nearest_per_class(units, origin):
            best, why_not = None, ""
            # Each reachable ambulance is tried; without one the plan still stands (the
            # ambulance is then not in the ETA and the plan says no ambulance was found).
            for amb in [*ambs, None]:
                if amb is None and best is not None:
                    break
                try:
                    itin = route(origin, dest, unit.kind, unit=unit, ambulance=amb)
                except NoRouteError as exc:
                    why_not = why_not or str(exc)
                    continue
                if best is None or float(itin["eta_min"]) < best.eta_min:
                    best = Option(dest, unit.kind, itin, unit, amb)
            if best is None:
                rejected.append(
                    {"destination": dest.code, "boat": unit.kind, "unit": unit.code, "reason": why_not}
                )
            else:
                options.append(best)
    return options


def _availability(chosen: Option, basis: str, unavailable: Sequence[dict], ambulances) -> dict:
    if not chosen.uses_boat:
        basis = BASIS_ROAD
    out = {
        "basis": basis,
        "no_unit_available": basis in (BASIS_BUSY, BASIS_CLASS),
        "unit": chosen.unit_dict(),
        "unavailable": list(unavailable),
        "ambulance": "unit" if chosen.ambulance else ("none_reaches" if ambulances else "none_available"),
    }
    if basis == BASIS_BUSY:
        out["reason"] = (
            f"no {chosen.boat.replace('_', ' ')} or other safe boat is available now; the estimate assumes "
            f"{chosen.unit.name} ({chosen.unit.code}, now {chosen.unit.status}) once it is free"
        )
    elif basis == BASIS_CLASS:
        out["reason"] = (
            "no safe boat unit is available in the registry; the estimate assumes a "
            f"{chosen.boat.replace('_', ' ')} waiting at the pier (class-based, no real unit)"
        )
    else:
        out["reason"] = ""
    return out


def _chain(origin, chain, boats, route, stop_min, capability) -> dict | None:
    hops = [f for f in chain if f.code != origin.code]
    # The chain stops at the first facility that can give the care (a community hospital
    # with an emergency room does not send an emergency on to the province).
    for i, hop in enumerate(hops):
        if capability and capability in hop.capabilities:
            hops = hops[: i + 1]
            break
    if not hops:
        return None
    # The chain ends where the capability is; a chain that never reaches it is still shown.
    total, legs, here = 0.0, [], origin
    for i, hop in enumerate(hops):
        best = None
        for boat in boats:
            try:
                itin = route(here, hop, boat)
            except NoRouteError:
                continue
            if best is None or itin["eta_min"] < best["eta_min"]:
                best = itin
        if best is None:
            return None
        total += float(best["eta_min"])
        legs.extend(best.get("legs", []))
        if i < len(hops) - 1:
            total += stop_min
            legs.append(
                {
                    "mode": "stop",
                    "from": hop.name,
                    "to": hop.name,
                    "distance_km": 0.0,
                    "duration_min": stop_min,
                    "geometry": None,
                }
            )
        here = hop
    return {
        "eta_min": total,
        "stops": [h.code for h in hops],
        "names": [h.name for h in hops],
        "names_th": [h.name_th or h.name for h in hops],
        "legs": legs,
        "reaches_capability": not capability or capability in hops[-1].capabilities,
    }


def why_facts(
    chosen: Option,
    options: list[Option],
    chain: dict | None,
    guarantee: float,
    availability: dict | None = None,
) -> dict:
    """The reasons as data, so pages can say them in the reader's language."""
    runner = next((o for o in options[1:] if o.destination.code != chosen.destination.code), None)
    return {
        "destination": {"name": chosen.destination.name, "name_th": chosen.destination.name_th},
        "boat": chosen.boat,
        "eta_min": round(chosen.eta_min),
        "runner": None
        if runner is None
        else {
            "name": runner.destination.name,
            "name_th": runner.destination.name_th,
            "eta_min": round(runner.eta_min),
            "tie": runner.eta_min < chosen.eta_min + TIE_MIN,
            "gain_min": round(runner.eta_min - chosen.eta_min),
        },
        "chain": None
        if not chain
        else {
            "names": chain["names"],
            "names_th": chain.get("names_th", []),
            "eta_min": round(chain["eta_min"]),
            "gain_min": round(chain["eta_min"] - chosen.eta_min),
        },
        "guarantee_min": round(guarantee),
        "meets_guarantee": chosen.eta_min <= guarantee,
        "unit": chosen.unit_dict(),
        "ambulance": chosen.ambulance_dict(),
        "basis": (availability or {}).get("basis", BASIS_CLASS),
        "no_unit_available": bool((availability or {}).get("no_unit_available")),
    }


def _why(
    chosen: Option,
    options: list[Option],
    chain: dict | None,
    guarantee: float,
    availability: dict | None = None,
) -> str:
    availability = availability or {}
    unit = chosen.unit_dict()
    by = chosen.boat.replace("_", " ")
    if unit:
        by += f" {unit['name']} ({unit['code']}"
        by += f", {unit['approach_min']:.0f} min to reach the patient)" if unit["approach_min"] else ")"
    parts = [f"{chosen.destination.name} by {by}: {chosen.eta_min:.0f} min door to door"]
    if availability.get("no_unit_available"):
        parts.insert(0, f"NO UNIT AVAILABLE: {availability['reason']}")
    if chosen.ambulance is not None:
        parts.append(f"ambulance {chosen.ambulance.name} ({chosen.ambulance.code})")
    runner = next((o for o in options[1:] if o.destination.code != chosen.destination.code), None)
    if runner and runner.eta_min < chosen.eta_min + TIE_MIN:
        parts.append(
            f"as fast as {runner.destination.name} ({runner.eta_min:.0f} min, within {TIE_MIN:.0f} min) "
            "and better equipped"
        )
    elif runner:
        parts.append(
            f"{runner.eta_min - chosen.eta_min:.0f} min faster than the next destination "
            f"({runner.destination.name}, {runner.eta_min:.0f} min)"
        )
    if chain:
        gain = chain["eta_min"] - chosen.eta_min
        via = " -> ".join(chain["names"])
        if gain > 0:
            parts.append(
                f"{gain:.0f} min faster than the administrative chain via {via} ({chain['eta_min']:.0f} min)"
            )
        else:
            parts.append(f"the administrative chain via {via} takes {chain['eta_min']:.0f} min")
    parts.append(
        f"within the {guarantee:.0f}-minute guarantee"
        if chosen.eta_min <= guarantee
        else f"over the {guarantee:.0f}-minute guarantee: no faster safe route exists"
    )
    return "; ".join(parts) + "."
