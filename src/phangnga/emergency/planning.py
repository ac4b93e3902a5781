"""Dispatch planning: where the patient must go, which unit goes, and the legs to get there.

Every call to the routing engine is in this module (the `router()` adapter). It uses the
shared network (`phangnga.geo.routing_service.get_network()` when that exists, else a
`phangnga.geo.routing.Network` built once per process from the coastline and the kernel's
piers). If the network cannot be built, a documented straight-line estimate is used
(great-circle distance x a detour factor at the class's cruising speed) and the plan says
`routing: "estimate"`.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
from datetime import date, datetime
from pathlib import Path

from django.utils import timezone

from phangnga.core.compiled import CompiledQuery
from phangnga.fleet.models import BOAT_KINDS, Resource, ResourceKind, ResourceStatus
from phangnga.geo import routing_service
from phangnga.geo.models import Place
from phangnga.geo.place_cache import active_places
from phangnga.geo.places import haversine_km

from . import conf
from .models import Incident, IncidentKind
from .routecache import MISSING, Memo
from .routecache import key as _k

log = logging.getLogger(__name__)

LAND_KINDS = {"beach", "town", "attraction", "hospital", "pier", "health_centre", "command_centre"}
Point = tuple[float, float]


# ---- the routing adapter -------------------------------------------------------------


def _leg(mode, frm, to, km, minutes, start, role="patient", coords=None) -> dict:
    return {
        "mode": mode,
        "from": frm,
        "to": to,
        "distance_km": round(km, 2),
        "duration_min": round(minutes, 1),
        "start_min": round(start, 1),
        "role": role,
        "geometry": coords or [],
    }


class NetworkRouter:
    kind = "network"

    def __init__(self, net) -> None:
        from phangnga.geo.routing import LatLon, NoRoute, RoutingError

        self.net, self.LatLon, self.NoRoute, self.Error = net, LatLon, NoRoute, RoutingError
        # kernel pier id -> registry pier code (nearest registry pier to the kernel's)
        piers = list(Place.objects.filter(kind="pier"))
        self.pier_codes = {}
        for p in net.piers:
            near = min(piers, key=lambda q: haversine_km(p.lat, p.lon, q.lat, q.lon), default=None)
            if near is not None and haversine_km(p.lat, p.lon, near.lat, near.lon) < 2:
                self.pier_codes[p.name] = near.code
        self.memo = Memo()

    def on_land(self, p: Point) -> bool:
        return self.memo.get(("land", _k(p)), lambda: self.net.on_land(self.LatLon(*p)))

    def to_scene(
        self, resources: list[Resource], scene: Point, sea_state: str, ashore: bool = False
    ) -> dict[int, float]:
        """Minutes for each unit to reach the patient: ambulances by road, boats by sea (to the
        nearest water and the crew's walk in, for a patient `ashore`). Units that cannot reach
        are left out."""
        out: dict[int, float] = {}
        boats = []
        for r in resources:
            if r.kind == ResourceKind.AMBULANCE:
                m = self.road_min(r.position, scene)
                if m is not None:
                    out[r.id] = m
            else:
                boats.append(r)
        if not boats:
            return out
        walk_in = 0.0
        if ashore:
            landing = self.shore(scene)
            if landing is None:  # further from the water than a shore pickup reaches
                return out
            scene, walk_in = landing
        # One sea matrix for every boat (as a calm-sea speedboat), then each class's time is the
        # same path at its own cruising speed and sea-state factor: a third of the cost of one
        # matrix per class. Only the ranking uses this; the chosen unit's trip is routed exactly.
        # Each (unit position, scene) answer is memoised; only the misses go to the engine.
        sk = _k(scene)
        calm = {b.id: self.memo.peek(("sea1", _k(b.position), sk)) for b in boats}
        missing = [b for b in boats if calm[b.id] is MISSING]
        if missing:
            try:
                rows = self.net.matrix(
                    [b.position for b in missing],
                    [scene],
                    mode="sea",
                    boat="speedboat",
                    sea_state="calm",
                    transfer_min=0,
                )
            except self.Error:
                rows = None
            for b, row in zip(missing, rows or [], strict=False):
                calm[b.id] = row[0]
                self.memo.put(("sea1", _k(b.position), sk), row[0])
        fleet = self.net.fleet
        base = fleet.boat("speedboat")
        for r in boats:
            minutes = calm[r.id]
            if minutes is MISSING or minutes is None:
                continue
            try:
                cls = fleet.boat(boat_class(r))
                factor = cls.factor(sea_state) / base.factor("calm")
            except self.Error:  # unknown class, or this class may not sail in this sea
                continue
            # A unit at an up-river pier first goes down the channel: those minutes are the
            # same for every class and sea, only the open-water part scales.
            river = self._river_min(r.position)
            out[r.id] = river + (minutes - river) * base.cruise_kn / cls.cruise_kn * factor + walk_in
        return out

    def shore(self, scene: Point) -> tuple[Point, float] | None:
        """(where a boat lands for a patient ashore at `scene`, the crew's walk-in minutes)."""
        return self.memo.get(("shore", _k(scene)), lambda: self._shore(scene))

    def _shore(self, scene: Point) -> tuple[Point, float] | None:
        anchor = self.net.shore(scene)
        if anchor is None:
            return None
        walk = anchor.snapped_m / 1000.0 / self.net.fleet.walk_kmh * 60.0 if anchor.ashore else 0.0
        return (anchor.point.lat, anchor.point.lon), walk

    def _river_min(self, position: Point) -> float:
        return self.memo.get(("river", _k(position)), lambda: self._pier_river_min(position))

    def _pier_river_min(self, position: Point) -> float:
        k = self.net.pier_at(self.LatLon(*position))
        return self.net.links[k].pier.river_min if k >= 0 else 0.0

    def road_min(self, a: Point, b: Point) -> float | None:
        return self.memo.get(("road", _k(a), _k(b)), lambda: self._road_min(a, b))

    def _road_min(self, a: Point, b: Point) -> float | None:
        try:
            return self.net.road_route(a, b).eta_min
        except self.Error:
            return None

    def hospital_etas(
        self, scene: Point, hospitals: list[Place], boat: str, sea_state: str, land: bool
    ) -> list[float | None]:
        k = ("hosp", _k(scene), tuple((h.id, h.lat, h.lon) for h in hospitals), boat, sea_state, land)
        return list(self.memo.get(k, lambda: self._hospital_etas(scene, hospitals, boat, sea_state, land)))

    def _hospital_etas(
        self, scene: Point, hospitals: list[Place], boat: str, sea_state: str, land: bool
    ) -> list[float | None]:
        try:
            return self.net.matrix(
                [scene],
                [(h.lat, h.lon) for h in hospitals],
                mode="road" if land else "multi",
                boat=boat,
                sea_state=sea_state,
            )[0]
        except self.Error:
            return [None] * len(hospitals)

    def trip(
        self,
        scene: Point,
        hosp: Place,
        *,
        boat: str,
        sea_state: str,
        boat_at: Point | None,
        ambulance_at: Point | None,
        land: bool,
    ) -> tuple[list[dict], float, str | None]:
        """(legs, minutes from dispatch to arrival, landing pier code). Memoised; callers get
        fresh leg dicts (geometry lists are shared and never mutated). Failures are not cached."""
        k = (
            "trip",
            _k(scene),
            hosp.id,
            hosp.lat,
            hosp.lon,
            boat,
            sea_state,
            _k(boat_at),
            _k(ambulance_at),
            land,
        )
        legs, minutes, pier = self.memo.get(
            k,
            lambda: self._trip(
                scene,
                hosp,
                boat=boat,
                sea_state=sea_state,
                boat_at=boat_at,
                ambulance_at=ambulance_at,
                land=land,
            ),
        )
        return [dict(leg) for leg in legs], minutes, pier

    def _trip(
        self,
        scene: Point,
        hosp: Place,
        *,
        boat: str,
        sea_state: str,
        boat_at: Point | None,
        ambulance_at: Point | None,
        land: bool,
    ) -> tuple[list[dict], float, str | None]:
        it = None
        if land:
            try:
                it = self.net.plan(scene, (hosp.lat, hosp.lon), ambulance_at=ambulance_at, mode="road")
            except self.Error:
                it = None
        if it is None:
            it = self.net.plan(
                scene,
                (hosp.lat, hosp.lon),
                boat=boat,
                sea_state=sea_state,
                boat_at=boat_at,
                ambulance_at=ambulance_at,
            )
        legs, pier = [], None
        for leg in it.legs:
            d = leg.to_dict()
            d["geometry"] = [[round(lat, 5), round(lon, 5)] for lon, lat in leg.coordinates]
            if leg.mode == "transfer" and leg.note == "patient lands":
                pier = self.pier_codes.get(leg.from_name)
            legs.append(d)
        return legs, it.eta_min, pier


class EstimateRouter:
    """Straight-line estimate, used only when the network cannot be built."""

    kind = "estimate"
    BOAT_KMH = {
        "speedboat": 55.0,
        "rescue_boat": 45.0,
        "hospital_boat": 30.0,
        "ferry": 25.0,
        "longtail": 18.0,
    }
    SEA_STATE = {"calm": 1.0, "moderate": 0.8, "rough": 0.6}

    def on_land(self, p: Point) -> bool:
        return False

    def sea_min(self, a: Point, b: Point, boat: str, sea_state: str) -> float:
        return (
            haversine_km(*a, *b)
            * 1.15
            / (self.BOAT_KMH.get(boat, 40.0) * self.SEA_STATE.get(sea_state, 1))
            * 60
        )

    def road_min(self, a: Point, b: Point) -> float | None:
        return haversine_km(*a, *b) * 1.33 / 60.0 * 60

    def to_scene(self, resources, scene, sea_state, ashore=False):
        return {
            r.id: (
                self.road_min(r.position, scene)
                if r.kind == ResourceKind.AMBULANCE
                else self.sea_min(r.position, scene, boat_class(r), sea_state)
            )
            for r in resources
        }

    def _best_pier(self, scene, hosp, boat, sea_state):
        piers = list(Place.objects.filter(kind="pier", active=True))
        return min(
            (
                (
                    p,
                    self.sea_min(scene, (p.lat, p.lon), boat, sea_state)
                    + (p.river_min or 0)
                    + self.road_min((p.lat, p.lon), (hosp.lat, hosp.lon)),
                )
                for p in piers
            ),
            key=lambda t: t[1],
        )

    def hospital_etas(self, scene, hospitals, boat, sea_state, land):
        if land:
            return [self.road_min(scene, (h.lat, h.lon)) for h in hospitals]
        return [self._best_pier(scene, h, boat, sea_state)[1] for h in hospitals]

    def trip(self, scene, hosp, *, boat, sea_state, boat_at, ambulance_at, land):
        hp = (hosp.lat, hosp.lon)
        legs, clock = [], 0.0
        if land:
            if ambulance_at is not None:
                m = self.road_min(ambulance_at, scene)
                legs.append(_leg("road", "ambulance", "scene", 0, m, 0, "ambulance_approach"))
                clock = m
            legs.append(_leg("transfer", "scene", "scene", 0, conf.ON_SCENE_MIN, clock))
            clock += conf.ON_SCENE_MIN
            m = self.road_min(scene, hp)
            legs.append(_leg("road", "scene", hosp.name_en, haversine_km(*scene, *hp) * 1.33, m, clock))
            return legs, clock + m, None
        if boat_at is not None:
            m = self.sea_min(boat_at, scene, boat, sea_state)
            legs.append(
                _leg("sea", "boat", "scene", haversine_km(*boat_at, *scene) * 1.15, m, 0, "boat_approach")
            )
            clock = m
        legs.append(_leg("transfer", "scene", "scene", 0, conf.ON_SCENE_MIN, clock))
        clock += conf.ON_SCENE_MIN
        pier, _ = self._best_pier(scene, hosp, boat, sea_state)
        pp = (pier.lat, pier.lon)
        m = self.sea_min(scene, pp, boat, sea_state) + (pier.river_min or 0)
        legs.append(_leg("sea", "scene", pier.name_en, haversine_km(*scene, *pp) * 1.15, m, clock))
        clock += m
        wait = max(0.0, self.road_min(ambulance_at, pp) - clock) if ambulance_at is not None else 0.0
        legs.append(
            dict(
                _leg("transfer", pier.name_en, pier.name_en, 0, conf.TRANSFER_MIN + wait, clock),
                note="patient lands",
            )
        )
        clock += conf.TRANSFER_MIN + wait
        m = self.road_min(pp, hp)
        legs.append(_leg("road", pier.name_en, hosp.name_en, haversine_km(*pp, *hp) * 1.33, m, clock))
        return legs, clock + m, pier.code


_lock = threading.Lock()
_route_lock = threading.RLock()
_cache: dict[str, object] = {}


def router():
    """One router per process (building the sea graph takes a while the first time)."""
    with _lock:
        if "r" not in _cache:
            _cache["r"] = _build_router()
        return _cache["r"]


def _build_router():
    try:
        return NetworkRouter(routing_service.get_network())
    except Exception:  # keep dispatch working with an estimate rather than failing the intake
        log.exception("routing network unavailable; using the straight-line estimate")
        return EstimateRouter()


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


_all_units = CompiledQuery(lambda: Resource.objects.all())


def current_resources() -> list[Resource]:
    """Every unit with its status and position read fresh (one query, compiled once: this runs
    for every report); bases come from the place snapshot instead of a join. The instances of
    unchanged rows are shared between calls (CompiledQuery `shared`): read them, never change them."""
    places = active_places()
    units = _all_units.all(shared=True)
    for unit in units:
        base = places.by_id(unit.base_id)
        if base is not None and unit._state.fields_cache.get("base") is not base:
            unit.base = base  # (a shared unit keeps it: the descriptor's checks cost per unit)
    return units


# ---- resources -----------------------------------------------------------------------


def offered(resource: Resource, day: date) -> bool:
    """Available, and (for seasonal units) in season."""
    return resource.status == ResourceStatus.AVAILABLE and resource.in_season(day)


def boat_class(resource: Resource) -> str:
    return resource.boat_class or (resource.kind if resource.kind in BOAT_KINDS else "speedboat")


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
    with _route_lock:
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
    with _route_lock:
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
    with _route_lock:
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
    with _route_lock:
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
        legs, minutes, pier = EstimateRouter().trip(
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
        options = [(m, a) for m, a in options if m is not None]
        if options:
            ready, ambulance = min(options, key=lambda t: (t[0], t[1].code))
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
