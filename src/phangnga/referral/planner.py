"""Referral planner kernel (pure): every destination x every boat, fastest safe one, beside
the old administrative chain. The routing itself is passed in as `route`, so this module
knows nothing of Django or of how itineraries are computed (see planning.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

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


@dataclass
class Option:
    destination: Facility
    boat: str
    itinerary: dict  # {"eta_min", "distance_km", "legs": [...], ...}

    @property
    def eta_min(self) -> float:
        return float(self.itinerary["eta_min"])

    def to_dict(self, geometry: bool = True) -> dict:
        legs = self.itinerary.get("legs", [])
        if not geometry:  # alternatives keep their legs for the record, without the map lines
            legs = [{k: v for k, v in leg.items() if k != "geometry"} for leg in legs]
        return {
            "destination": {"code": self.destination.code, "name": self.destination.name},
            "boat": self.boat,
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

    @property
    def meets_guarantee(self) -> bool:
        return self.chosen.eta_min <= self.guarantee_min

    def to_dict(self) -> dict:
        body = self.chosen.to_dict()
        body.update(
            meets_guarantee=self.meets_guarantee,
            guarantee_min=self.guarantee_min,
            chain_eta_min=round(self.chain["eta_min"], 1) if self.chain else None,
            why=self.why,
            why_facts=why_facts(
                self.chosen, [self.chosen, *self.alternatives], self.chain, self.guarantee_min
            ),
            alternatives=[o.to_dict(geometry=False) for o in self.alternatives[:8]],
            rejected=self.rejected,
        )
        return body


Route = Callable[[Facility, Facility, str], dict]


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
) -> Plan:
    """Choose the fastest safe itinerary to any facility with `capability`.

    `chain` is the administrative path after the origin (e.g. community hospital, then
    provincial hospital); its ETA adds `chain_stop_min` at each intermediate stop for
    assessment and re-referral paperwork. Raises NoRouteError when nothing qualifies.
    """
    usable = safe_boats(boats, sea_state, triage)
    rejected = [
        {"boat": b, "reason": f"not safe for sea state {sea_state} / triage {triage}"}
        for b in boats
        if b not in usable
    ]
    if not usable:
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
    options: list[Option] = []
    for dest in dests:
        for boat in usable:
            try:
                options.append(Option(dest, boat, route(origin, dest, boat)))
            except NoRouteError as exc:
                rejected.append({"destination": dest.code, "boat": boat, "reason": str(exc)})
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
    chain_info = _chain(origin, chain, usable, route, chain_stop_min, capability)
    return Plan(
        chosen,
        options[1:],
        chain_info,
        guarantee_min,
        _why(chosen, options, chain_info, guarantee_min),
        rejected,
    )


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


def why_facts(chosen: Option, options: list[Option], chain: dict | None, guarantee: float) -> dict:
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
    }


def _why(chosen: Option, options: list[Option], chain: dict | None, guarantee: float) -> str:
    parts = [
        f"{chosen.destination.name} by {chosen.boat.replace('_', ' ')}: {chosen.eta_min:.0f} min door to door"
    ]
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
