"""Dispatch planning: where the patient must go, which unit goes, and the legs to get there.

Routing goes through the fleet app's adapter (`fleet.routes`: one network and one lock per
process, shared with referral): `router()` is its dispatch router. Without a network it is a
documented straight-line estimate (great-circle distance x a detour factor at the class's
cruising speed) and the plan says `routing: "estimate"`; so it does, with a warning, for one
trip the network finds no route for.
"""

from __future__ import annotations

import functools
import json
from datetime import date, datetime
from pathlib import Path

from django.utils import timezone

from phangnga.fleet import registry, routes
from phangnga.fleet.models import BOAT_KINDS, Resource, ResourceKind, ResourceStatus
from phangnga.fleet.unit_routes import EstimateRouter, NetworkRouter
from phangnga.fleet.unit_routes import leg as _leg
from phangnga.geo.models import Place
from phangnga.geo.place_cache import active_places
from phangnga.geo.places import haversine_km

from . import conf
from .models import Incident, IncidentKind

LAND_KINDS = {"beach", "town", "attraction", "hospital", "pier", "health_centre", "command_centre"}
Point = tuple[float, float]


# ---- the routing adapter (the fleet app's) -------------------------------------------


def router() -> NetworkRouter | EstimateRouter:
    """The process's dispatch router (fleet.routes: built once, the estimate without a network)."""
    return routes.unit_router(conf.ON_SCENE_MIN, conf.TRANSFER_MIN)


# ---- destination by needed capability ------------------------------------------------


def needed_capability(kind: str, levels: list[int], symptoms: set[str]) -> tuple[str, str]:
    """(capability, why). Decompression goes to the chamber; level-1 trauma to surgery/ICU."""
    if kind == IncidentKind.DECOMPRESSION_ILLNESS or "decompression_symptoms" in symptoms:
        return "hyperbaric", "decompression illness needs recompression (hyperbaric chamber)"
    trauma = kind in (IncidentKind.TRAUMA, IncidentKind.BOAT_ACCIDENT, IncidentKind.DIVING_INJURY) or bool(
        symptoms & {"major_trauma_mechanism", "severe_bleeding"}
    )
    if trauma and levels and min(levels) == 1:
        return "surgery+icu", "triage 1 trauma needs surgery and intensive care"
    return "emergency", "nearest emergency department"


def hospitals_for(capability: str) -> list[Place]:
    needs = capability.split("+")
    return [p for p in active_places().of_kind("hospital") if all(p.has_capability(c) for c in needs)]


def current_resources() -> list[Resource]:
    """Every unit, fresh (fleet.registry.current_units: shared instances, read them only)."""
    return registry.current_units()


# ---- resources -----------------------------------------------------------------------


offered = registry.offered  # available and (seasonal units) in season


def boat_class(resource: Resource) -> str:
    return resource.sailing_class


def transports(resource: Resource, means: str) -> bool:
    """Can this unit carry the patient onward when it reaches them by `means` ("road"/"sea")?"""
    if means == "road":
        return resource.kind == ResourceKind.AMBULANCE
    return resource.kind in BOAT_KINDS or (
        resource.kind == ResourceKind.MEDICAL_UNIT and bool(resource.boat_class)
    )


def rank_resources(
    scene: Point,
    *,
    day: date,
    sea_state: str = "calm",
    land: bool = False,
    resources: list[Resource] | None = None,
) -> list[dict]:
    """Offered units that can reach the scene, by ETA (fastest first).

    A scene at sea is reached by boats. A scene on land by ambulances on the road and, when it is
    near the water (a beach, an island without roads), by boats landing at the nearest shore with
    the crew's walk in counted: `means` says which.
    """
    pool = resources if resources is not None else current_resources()
    pool = [r for r in pool if offered(r, day) and (land or r.kind != ResourceKind.AMBULANCE)]
    with routes.serialised():
        etas = router().to_scene(pool, scene, sea_state, ashore=land)
    ranked = []
    for r in pool:
        if r.id not in etas:
            continue
        means = "road" if r.kind == ResourceKind.AMBULANCE else "sea"
        ranked.append(
            {
                "resource": r,
                "code": r.code,
                "name": r.name,
                "kind": r.kind,
                "eta_min": round(etas[r.id], 1),
                "distance_km": round(haversine_km(*r.position, *scene), 2),
                "means": means,
                "transports": transports(r, means),
            }
        )
    ranked.sort(key=lambda x: (x["eta_min"], x["code"]))
    return ranked


def choose_unit(ranking: list[dict], scene_on_land: bool) -> Resource | None:
    """The unit to send: the fastest that can carry the patient on. On land an ambulance that
    reaches by road comes first (a boat landing on a road-served beach only adds a pier
    transfer); a boat is sent when no ambulance can get there (islands, roadless beaches)."""
    carriers = [x for x in ranking if x["transports"]]
    if scene_on_land:
        by_road = [x for x in carriers if x["means"] == "road"]
        carriers = by_road or carriers
    return carriers[0]["resource"] if carriers else None


def _why_not_offered(resource: Resource, day: date) -> str:
    if resource.status != ResourceStatus.AVAILABLE:
        return resource.status
    if not resource.in_season(day):
        return f"off_season:{resource.season_start}..{resource.season_end}"
    return "unknown"


@functools.cache
def _responders_file() -> tuple[dict, ...]:
    path = Path(__file__).with_name("data") / "other_responders.json"
    return tuple(json.loads(path.read_text(encoding="utf-8"))["responders"])


def other_responders() -> list[dict]:
    """Agencies outside the registry (data/other_responders.json), with their numbers (copies)."""
    return [dict(x) for x in _responders_file()]


def no_unit_options(
    scene: Point, land: bool, resources: list[Resource], *, day: date, sea_state: str
) -> dict:
    """What a dispatcher can still do when no offered unit reaches the scene: units that could
    reach it but are busy, off season or out of service (with why), and other responders."""
    held = [r for r in resources if not offered(r, day) and (land or r.kind != ResourceKind.AMBULANCE)]
    with routes.serialised():
        etas = router().to_scene(held, scene, sea_state, ashore=land)
    units = sorted(
        (
            {
                "code": r.code,
                "name": r.name,
                "kind": r.kind,
                "why": _why_not_offered(r, day),
                "eta_min": round(etas[r.id], 1),
            }
            for r in held
            if r.id in etas
        ),
        key=lambda x: (x["eta_min"], x["code"]),
    )
    return {"units": units[:6], "others": other_responders()}


# ---- the plan ------------------------------------------------------------------------


def _place_dict(p: Place | None) -> dict | None:
    if p is None:
        return None
    return {
        "id": p.id,
        "code": p.code,
        "name_en": p.name_en,
        "name_th": p.name_th,
        "lat": p.lat,
        "lon": p.lon,
        "kind": p.kind,
        "capabilities": p.capabilities or [],
    }


def _unit_dict(unit: Resource | None) -> dict | None:
    if unit is None:
        return None
    base = active_places().by_id(unit.base_id)
    return {
        "code": unit.code,
        "name": unit.name,
        "name_th": unit.name_th,
        "kind": unit.kind,
        "base_en": base.name_en if base else "",
        "base_th": base.name_th if base else "",
    }


def scene_on_land(incident: Incident) -> bool:
    return _on_land((incident.lat, incident.lon), incident.place.kind if incident.place_id else None)


def _meet_at_pier(legs: list[dict], ready_min: float, ambulance: str, pier: str) -> tuple[list[dict], float]:
    """Add the ambulance's drive to the landing pier; if it arrives after the boat, the patient
    waits at the pier and every later leg moves by that wait. (Cheaper than routing the whole
    itinerary a second time with the ambulance's position.)"""
    lands = next(
        (i for i, leg in enumerate(legs) if leg["mode"] == "transfer" and leg.get("note") == "patient lands"),
        None,
    )
    if lands is None:
        return legs, max(leg["start_min"] + leg["duration_min"] for leg in legs if leg["role"] == "patient")
    wait = max(0.0, ready_min - legs[lands]["start_min"])
    out = [dict(leg) for leg in legs]
    out[lands]["duration_min"] = round(out[lands]["duration_min"] + wait, 1)
    out[lands]["wait_min"] = round(wait, 1)
    for leg in out[lands + 1 :]:
        leg["start_min"] = round(leg["start_min"] + wait, 1)
    out.append(_leg("road", "ambulance", pier, 0, ready_min, 0, "ambulance_approach"))
    out.sort(key=lambda leg: leg["start_min"])
    end = max(leg["start_min"] + leg["duration_min"] for leg in out if leg["role"] == "patient")
    return out, end


def on_land(scene: Point) -> bool:
    """Is the point on land (engine call, under the routing lock)?"""
    return _on_land(scene, None)


def _on_land(scene: Point, place_kind: str | None) -> bool:
    if place_kind in LAND_KINDS:
        return True
    with routes.serialised():
        return router().on_land(scene)


def plan_incident(
    incident: Incident,
    *,
    now: datetime | None = None,
    resource: Resource | None = None,
    destination: Place | None = None,
    ambulance: Resource | None = None,
    patients: list[dict] | None = None,
) -> dict:
    """Plan for a stored (or not yet stored) incident; `patients` overrides its patient rows."""
    if patients is None:
        patients = [{"triage_level": p.triage_level, "symptoms": p.symptoms} for p in incident.patients.all()]
    return plan_for(
        (incident.lat, incident.lon),
        place_kind=incident.place.kind if incident.place_id else None,
        kind=incident.kind,
        levels=[p["triage_level"] for p in patients],
        symptoms={s for p in patients for s in (p.get("symptoms") or [])},
        sea_state=incident.sea_state or "calm",
        reported_at=incident.reported_at,
        now=now,
        resource=resource,
        destination=destination,
        ambulance=ambulance,
    )


def plan_for(scene: Point, **kwargs) -> dict:
    """See `_plan_for`. The routing kernel's shapely/GEOS objects are not safe to share between
    threads (a server worker crashed without this), so planning runs one at a time per process."""
    with routes.serialised():
        return _plan_for(scene, **kwargs)


def _plan_for(
    scene: Point,
    *,
    place_kind: str | None,
    kind: str,
    levels: list[int],
    symptoms: set[str],
    sea_state: str,
    reported_at: datetime,
    now: datetime | None = None,
    resource: Resource | None = None,
    destination: Place | None = None,
    ambulance: Resource | None = None,
) -> dict:
    """The recommended (or dispatcher-chosen) plan as plain JSON-able data.

    Legs: dispatch, the unit's approach, pick-up, boat to pier, transfer, ambulance to hospital
    (or ambulance straight from a land scene). `eta_min` counts from the call. Reads only: the
    intake computes it before opening its write transaction.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    r = router()
    scene_land = _on_land(scene, place_kind)
    capability, why = needed_capability(kind, levels, symptoms)
    all_res = current_resources()
    ranking = rank_resources(scene, day=day, sea_state=sea_state, land=scene_land, resources=all_res)
    warnings: list[str] = []
    if resource is None:
        resource = choose_unit(ranking, scene_land)
    fallback = None
    if resource is None:
        warnings.append("no available unit can reach the scene")
        fallback = no_unit_options(scene, scene_land, all_res, day=day, sea_state=sea_state)
    # `land`: the patient's journey is by road only (an ambulance fetches them); otherwise a boat
    # does, from the water or from the shore nearest a patient ashore.
    land = resource.kind == ResourceKind.AMBULANCE if resource is not None else scene_land
    boat = boat_class(resource) if resource is not None and not land else "speedboat"

    if destination is not None:
        hospital = destination
    else:
        candidates = hospitals_for(capability)
        if not candidates:
            candidates = hospitals_for("emergency")
            warnings.append(f"no hospital with {capability}; nearest emergency department used")
        # Only the closest few by straight line are routed: a far hospital never wins.
        candidates.sort(key=lambda h: haversine_km(*scene, h.lat, h.lon))
        candidates = candidates[:4]
        etas = r.hospital_etas(scene, candidates, boat, sea_state, land)
        reachable = [(e, h) for e, h in zip(etas, candidates, strict=True) if e is not None]
        hospital = min(reachable, key=lambda t: t[0])[1] if reachable else candidates[0]

    boat_at = resource.position if resource is not None and not land else None
    amb_at = (
        ambulance.position
        if ambulance is not None
        else (resource.position if resource is not None and land else None)
    )
    try:
        legs, minutes, pier = r.trip(
            scene, hospital, boat=boat, sea_state=sea_state, boat_at=boat_at, ambulance_at=amb_at, land=land
        )
    except Exception as exc:  # the engine found no route (e.g. this boat may not sail in this sea)
        detail = getattr(exc, "detail", None) or str(exc)
        warnings.append(f"routing engine: {detail}; straight-line estimate shown")
        legs, minutes, pier = EstimateRouter(conf.ON_SCENE_MIN, conf.TRANSFER_MIN).trip(
            scene, hospital, boat=boat, sea_state=sea_state, boat_at=boat_at, ambulance_at=amb_at, land=land
        )
    boards = next((leg for leg in legs if leg.get("note") == "patient boards the boat"), None)
    if not land and boards is not None and amb_at is None:
        # The boat waits at a pier the patient reaches by road (an island with roads but no
        # ambulance of the registry): someone on the island must bring them.
        warnings.append(f"the patient must be brought to {boards['from']} by local transport")
    pier_place = active_places().by_code(pier) if pier else None
    if not land and ambulance is None and pier_place is not None:
        options = [
            (r.road_min(a.position, (pier_place.lat, pier_place.lon)), a)
            for a in all_res
            if a.kind == ResourceKind.AMBULANCE and offered(a, day)
        ]
        reachable = [(m, a) for m, a in options if m is not None]
        if reachable:
            ready, ambulance = min(reachable, key=lambda t: (t[0], t[1].code))
            legs, minutes = _meet_at_pier(legs, ready, ambulance.name, pier_place.name_en)
        else:
            warnings.append("no ambulance available at the landing pier")
    if land and resource is not None and resource.kind == ResourceKind.AMBULANCE:
        ambulance = resource

    elapsed = max(0.0, (now - reported_at).total_seconds() / 60.0)
    legs = [_leg("dispatch", "call", "dispatch", 0, conf.DISPATCH_MIN, 0, "dispatch")] + [
        dict(leg, start_min=round(leg["start_min"] + conf.DISPATCH_MIN, 1)) for leg in legs
    ]
    eta = elapsed + conf.DISPATCH_MIN + minutes
    if elapsed > conf.STALE_CALL_MIN:
        warnings.append(
            f"the call was received {elapsed / 60:.0f} h ago and the ETA counts from it: check the call time"
        )
    return {
        "destination": _place_dict(hospital),
        "capability": capability,
        "why": why,
        "resource": _unit_dict(resource),
        "pier": _place_dict(pier_place),
        "ambulance": _unit_dict(ambulance),
        "legs": legs,
        "elapsed_min": round(elapsed, 1),
        "eta_min": round(eta, 1),
        "target_min": conf.TARGET_MIN,
        "meets_target": eta <= conf.TARGET_MIN,
        "alternatives": [{k: v for k, v in x.items() if k != "resource"} for x in ranking[:8]],
        "scene_on_land": scene_land,
        "routing": r.kind,
        "warnings": warnings,
        # Only when no unit can go: the registry's units that could, were they free or in
        # season, and who else to call (the plan cannot be approved without a unit).
        "no_unit": fallback,
        "computed_at": now.isoformat(),
        # internal ids for the service layer (removed before storing)
        "_ids": {
            "hospital": hospital.id,
            "pier": pier_place.id if pier_place else None,
            "resource": resource.id if resource else None,
            "ambulance": ambulance.id if ambulance else None,
        },
    }
