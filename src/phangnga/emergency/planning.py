"""Dispatch planning: where the patient must go, which unit goes, and the legs to get there.

Every call to the routing engine is in this module (`_router`), so the engine can be swapped
without touching the rest of the app. When `phangnga.geo.routing_service` is available the
sea and road legs come from its network; otherwise a documented straight-line estimate is
used (great-circle distance x a detour factor at the boat class's cruising speed) and the plan
says so in `routing: "estimate"`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from phangnga.geo.models import Place
from phangnga.geo.places import haversine_km

from . import conf
from .models import BOAT_KINDS, Incident, IncidentKind, Resource, ResourceKind, ResourceStatus

# Estimate model (used only when the routing engine is missing): cruising speeds in km/h.
BOAT_KMH = {"speedboat": 55.0, "rescue_boat": 45.0, "hospital_boat": 30.0, "ferry": 25.0, "longtail": 18.0}
SEA_STATE_FACTOR = {"calm": 1.0, "moderate": 0.8, "rough": 0.6}
SEA_DETOUR = 1.15
ROAD_DETOUR = 1.33
AMBULANCE_KMH = 60.0
# A site within this distance of a hospital or road-reachable place is reached by ambulance.
LAND_KINDS = {"beach", "town", "attraction", "hospital", "pier", "health_centre", "command_centre"}


@dataclass(frozen=True)
class Leg:
    mode: str  # sea, river, road, transfer, scene, dispatch
    frm: str
    to: str
    distance_km: float
    duration_min: float
    geometry: list[list[float]]

    def to_dict(self) -> dict:
        return {"mode": self.mode, "from": self.frm, "to": self.to, "distance_km": round(self.distance_km, 2),
                "duration_min": round(self.duration_min, 1), "geometry": self.geometry}


class _Router:
    """The one adapter to the routing engine (network when present, estimate otherwise)."""

    def __init__(self) -> None:
        self.network = None
        self.kind = "estimate"
        try:
            from phangnga.geo import routing_service  # type: ignore[attr-defined]

            self.network = routing_service.get_network()
            self.kind = "network"
        except Exception:  # not built yet, or no piers loaded: fall back to the estimate
            self.network = None

    def sea(self, a: tuple[float, float], b: tuple[float, float], boat: str, sea_state: str) -> tuple[float, float, list]:
        if self.network is not None:
            try:
                it = self.network.sea_route(a, b, boat=boat, sea_state=sea_state)
                return it.distance_km, it.eta_min, it.to_dict().get("geometry") or [list(a), list(b)]
            except Exception:
                pass
        km = haversine_km(*a, *b) * SEA_DETOUR
        kmh = BOAT_KMH.get(boat, 40.0) * SEA_STATE_FACTOR.get(sea_state, 1.0)
        return km, km / kmh * 60.0, [[a[0], a[1]], [b[0], b[1]]]

    def road(self, a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float, list]:
        if self.network is not None:
            try:
                it = self.network.road_route(a, b, vehicle="ambulance")
                return it.distance_km, it.eta_min, it.to_dict().get("geometry") or [list(a), list(b)]
            except Exception:
                pass
        km = haversine_km(*a, *b) * ROAD_DETOUR
        return km, km / AMBULANCE_KMH * 60.0, [[a[0], a[1]], [b[0], b[1]]]


_router_cache: dict[str, _Router] = {}


def router() -> _Router:
    if "r" not in _router_cache:
        _router_cache["r"] = _Router()
    return _router_cache["r"]


# ---- destination by needed capability ------------------------------------------------


def needed_capability(kind: str, levels: list[int], symptoms: set[str]) -> tuple[str, str]:
    """(capability, why). Decompression goes to the chamber; level-1 trauma to surgery/ICU."""
    if kind == IncidentKind.DECOMPRESSION_ILLNESS or "decompression_symptoms" in symptoms:
        return "hyperbaric", "decompression illness needs recompression (hyperbaric chamber)"
    trauma = kind in (IncidentKind.TRAUMA, IncidentKind.BOAT_ACCIDENT, IncidentKind.DIVING_INJURY) or bool(
        symptoms & {"major_trauma_mechanism", "severe_bleeding", "fracture"}
    )
    if trauma and levels and min(levels) == 1:
        return "surgery+icu", "triage 1 trauma needs surgery and intensive care"
    return "emergency", "nearest emergency department"


def hospitals_for(capability: str) -> list[Place]:
    needs = capability.split("+")
    return [p for p in Place.objects.filter(kind="hospital", active=True)
            if all(p.has_capability(c) for c in needs)]


# ---- resources -----------------------------------------------------------------------


def offered(resource: Resource, day: date) -> bool:
    """Available, and (for seasonal units) in season."""
    return resource.status == ResourceStatus.AVAILABLE and resource.in_season(day)


def _boat_class(resource: Resource) -> str:
    return resource.boat_class or (resource.kind if resource.kind in BOAT_KINDS else "speedboat")


def rank_resources(scene: tuple[float, float], *, day: date, sea_state: str = "calm",
                   on_land: bool = False, resources: list[Resource] | None = None) -> list[dict]:
    """Offered resources by ETA to the scene (fastest first)."""
    r = router()
    pool = resources if resources is not None else list(
        Resource.objects.select_related("base").filter(status=ResourceStatus.AVAILABLE))
    ranked = []
    for res in pool:
        if not offered(res, day):
            continue
        pos = res.position
        if res.kind == ResourceKind.AMBULANCE:
            if not on_land:
                continue
            km, minutes, _ = r.road(pos, scene)
        elif res.kind == ResourceKind.MEDICAL_UNIT:
            # An island unit goes by its own boat; it transports only when a boat class is set.
            km, minutes, _ = r.sea(pos, scene, res.boat_class or "speedboat", sea_state)
        else:
            if on_land and haversine_km(*pos, *scene) > 30:
                continue
            km, minutes, _ = r.sea(pos, scene, _boat_class(res), sea_state)
        ranked.append({"resource": res, "code": res.code, "name": res.name, "kind": res.kind,
                       "eta_min": round(minutes, 1), "distance_km": round(km, 2),
                       "transports": res.kind != ResourceKind.MEDICAL_UNIT or bool(res.boat_class)})
    ranked.sort(key=lambda x: (x["eta_min"], x["code"]))
    return ranked


# ---- the plan ------------------------------------------------------------------------


def _piers() -> list[Place]:
    return list(Place.objects.filter(kind="pier", active=True))


def _sea_point(pier: Place) -> tuple[float, float]:
    if pier.sea_access_lat is not None:
        return pier.sea_access_lat, pier.sea_access_lon
    return pier.lat, pier.lon


def _nearest_ambulance(point: tuple[float, float], day: date, ambulances: list[Resource],
                       exclude: set[int]) -> tuple[Resource | None, float, list]:
    r = router()
    best: tuple[Resource | None, float, list] = (None, math.inf, [])
    for amb in ambulances:
        if amb.id in exclude or not offered(amb, day):
            continue
        _, minutes, geom = r.road(amb.position, point)
        if minutes < best[1]:
            best = (amb, minutes, geom)
    return best


def _place_dict(p: Place | None) -> dict | None:
    if p is None:
        return None
    return {"id": p.id, "code": p.code, "name_en": p.name_en, "name_th": p.name_th, "lat": p.lat, "lon": p.lon,
            "kind": p.kind, "capabilities": p.capabilities or []}


def scene_on_land(incident: Incident) -> bool:
    if incident.place_id and incident.place.kind in LAND_KINDS:
        return True
    try:
        from shapely.geometry import Point

        from phangnga.geo.land import polygons

        return bool(polygons().contains(Point(incident.lon, incident.lat)))
    except Exception:
        return False


def plan_incident(incident: Incident, *, now: datetime | None = None, resource: Resource | None = None,
                  destination: Place | None = None, ambulance: Resource | None = None,
                  exclude_resource_ids: set[int] | None = None) -> dict:
    """The recommended (or dispatcher-chosen) plan as plain JSON-able data.

    Legs: dispatch -> unit to scene -> on scene -> scene to pier -> transfer -> ambulance to
    hospital (or ambulance straight from a land scene). `eta_min` counts from the call.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    scene = (incident.lat, incident.lon)
    sea_state = incident.sea_state or "calm"
    on_land = scene_on_land(incident)
    patients = list(incident.patients.all())
    levels = [p.triage_level for p in patients]
    symptoms = {s for p in patients for s in (p.symptoms or [])}
    capability, why = needed_capability(incident.kind, levels, symptoms)
    r = router()

    all_res = list(Resource.objects.select_related("base").all())
    exclude = exclude_resource_ids or set()
    ranking = rank_resources(scene, day=day, sea_state=sea_state, on_land=on_land,
                             resources=[x for x in all_res if x.id not in exclude])
    transporters = [x for x in ranking if x["transports"]]
    if resource is None and transporters:
        resource = transporters[0]["resource"]
    ambulances = [x for x in all_res if x.kind == ResourceKind.AMBULANCE]

    elapsed = max(0.0, (now - incident.reported_at).total_seconds() / 60.0)
    legs: list[Leg] = [Leg("dispatch", "call", "dispatch", 0.0, conf.DISPATCH_MIN, [])]
    warnings: list[str] = []
    if resource is None:
        warnings.append("no available resource can reach the scene")

    # Unit to scene.
    if resource is not None:
        if resource.kind == ResourceKind.AMBULANCE:
            km, minutes, geom = r.road(resource.position, scene)
            legs.append(Leg("road", resource.name, "scene", km, minutes, geom))
        else:
            km, minutes, geom = r.sea(resource.position, scene, _boat_class(resource), sea_state)
            legs.append(Leg("sea", resource.name, "scene", km, minutes, geom))
    legs.append(Leg("scene", "scene", "scene", 0.0, conf.ON_SCENE_MIN, []))
    pre_transport = sum(leg.duration_min for leg in legs)

    candidates = [destination] if destination is not None else hospitals_for(capability)
    if not candidates:
        candidates = hospitals_for("emergency")
        warnings.append(f"no hospital with {capability}; nearest emergency department used")

    best: dict | None = None
    by_ambulance = resource is None or resource.kind == ResourceKind.AMBULANCE or on_land
    for hosp in candidates:
        hp = (hosp.lat, hosp.lon)
        if by_ambulance:
            km, minutes, geom = r.road(scene, hp)
            option = {"hospital": hosp, "pier": None, "ambulance": resource if (
                resource is not None and resource.kind == ResourceKind.AMBULANCE) else None,
                "legs": [Leg("road", "scene", hosp.name_en, km, minutes, geom)], "minutes": minutes}
            if option["ambulance"] is None:
                amb, amb_min, amb_geom = (ambulance, r.road(ambulance.position, scene)[1], []) if ambulance else \
                    _nearest_ambulance(scene, day, ambulances, {resource.id} if resource else set())
                option["ambulance"] = amb
                if amb is None:
                    warnings.append("no ambulance available")
                wait = max(0.0, amb_min - pre_transport) if amb is not None else 0.0
                if wait:
                    option["legs"].insert(0, Leg("transfer", "scene", "scene", 0.0, wait, []))
                    option["minutes"] += wait
        else:
            boat = _boat_class(resource)
            option = None
            for pier in _piers():
                sea_km, sea_min, sea_geom = r.sea(scene, _sea_point(pier), boat, sea_state)
                river = pier.river_min or 0.0
                road_km, road_min, road_geom = r.road((pier.lat, pier.lon), hp)
                arrive_pier = pre_transport + sea_min + river
                if ambulance is not None:
                    amb = ambulance
                    amb_min = r.road(ambulance.position, (pier.lat, pier.lon))[1]
                else:
                    amb, amb_min, _ = _nearest_ambulance((pier.lat, pier.lon), day, ambulances, {resource.id})
                # Hospitals on the pier's own island are reached on foot/stretcher when no ambulance.
                wait = max(0.0, amb_min - arrive_pier) if amb is not None else 0.0
                total = sea_min + river + conf.TRANSFER_MIN + wait + road_min
                if option is None or total < option["minutes"]:
                    pier_legs = [Leg("sea", "scene", pier.name_en, sea_km, sea_min, sea_geom)]
                    if river:
                        pier_legs.append(Leg("river", pier.name_en + " channel", pier.name_en, 0.0, river, []))
                    pier_legs.append(Leg("transfer", pier.name_en, pier.name_en, 0.0, conf.TRANSFER_MIN + wait, []))
                    pier_legs.append(Leg("road", pier.name_en, hosp.name_en, road_km, road_min, road_geom))
                    option = {"hospital": hosp, "pier": pier, "ambulance": amb, "legs": pier_legs, "minutes": total}
        if option and (best is None or option["minutes"] < best["minutes"]):
            best = option

    assert best is not None
    all_legs = legs + best["legs"]
    eta_from_call = elapsed + sum(leg.duration_min for leg in all_legs)
    alternatives = [{k: v for k, v in x.items() if k != "resource"} for x in ranking[:8]]
    amb = best["ambulance"]
    return {
        "destination": _place_dict(best["hospital"]),
        "capability": capability,
        "why": why,
        "resource": ({"code": resource.code, "name": resource.name, "kind": resource.kind} if resource else None),
        "pier": _place_dict(best["pier"]),
        "ambulance": ({"code": amb.code, "name": amb.name} if amb else None),
        "legs": [leg.to_dict() for leg in all_legs],
        "elapsed_min": round(elapsed, 1),
        "eta_min": round(eta_from_call, 1),
        "target_min": conf.TARGET_MIN,
        "meets_target": eta_from_call <= conf.TARGET_MIN,
        "alternatives": alternatives,
        "scene_on_land": on_land,
        "routing": r.kind,
        "warnings": warnings,
        "computed_at": now.isoformat(),
        # internal ids for the service layer (stripped before the API answers)
        "_ids": {"hospital": best["hospital"].id, "pier": best["pier"].id if best["pier"] else None,
                 "resource": resource.id if resource else None, "ambulance": amb.id if amb else None},
    }
