"""Units and places into calls on the routing network, for dispatch: how long each unit takes
to a scene, which hospital is nearest by the patient's journey, the trip's legs.

`NetworkRouter` asks geo's network (answers memoised: routecache.py); `EstimateRouter` is the
straight-line estimate used without one. Both are built through `routes.unit_router()`, once
per process, and called under `routes.serialised()`.
"""

from __future__ import annotations

from phangnga.geo.models import Place
from phangnga.geo.places import haversine_km

from .models import Resource, ResourceKind
from .routecache import MISSING, Memo
from .routecache import key as _k

Point = tuple[float, float]


def leg(mode, frm, to, km, minutes, start, role="patient", coords=None) -> dict:
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
                cls = fleet.boat(r.sailing_class)
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
    """Straight-line estimate: great-circle distance x a detour factor at the class's cruising
    speed (roads: x 1.33 at 60 km/h). Used when the network cannot be built, and for one trip
    the network finds no route for. `on_scene_min` and `transfer_min` are the caller's planning
    assumptions (emergency/conf.py)."""

    kind = "estimate"

    def __init__(self, on_scene_min: float = 10.0, transfer_min: float = 5.0) -> None:
        self.on_scene_min, self.transfer_min = on_scene_min, transfer_min

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
                else self.sea_min(r.position, scene, r.sailing_class, sea_state)
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
                legs.append(leg("road", "ambulance", "scene", 0, m, 0, "ambulance_approach"))
                clock = m
            legs.append(leg("transfer", "scene", "scene", 0, self.on_scene_min, clock))
            clock += self.on_scene_min
            m = self.road_min(scene, hp)
            legs.append(leg("road", "scene", hosp.name_en, haversine_km(*scene, *hp) * 1.33, m, clock))
            return legs, clock + m, None
        if boat_at is not None:
            m = self.sea_min(boat_at, scene, boat, sea_state)
            legs.append(
                leg("sea", "boat", "scene", haversine_km(*boat_at, *scene) * 1.15, m, 0, "boat_approach")
            )
            clock = m
        legs.append(leg("transfer", "scene", "scene", 0, self.on_scene_min, clock))
        clock += self.on_scene_min
        pier, _ = self._best_pier(scene, hosp, boat, sea_state)
        pp = (pier.lat, pier.lon)
        m = self.sea_min(scene, pp, boat, sea_state) + (pier.river_min or 0)
        legs.append(leg("sea", "scene", pier.name_en, haversine_km(*scene, *pp) * 1.15, m, clock))
        clock += m
        wait = max(0.0, self.road_min(ambulance_at, pp) - clock) if ambulance_at is not None else 0.0
        legs.append(
            dict(
                leg("transfer", pier.name_en, pier.name_en, 0, self.transfer_min + wait, clock),
                note="patient lands",
            )
        )
        clock += self.transfer_min + wait
        m = self.road_min(pp, hp)
        legs.append(leg("road", pier.name_en, hosp.name_en, haversine_km(*pp, *hp) * 1.33, m, clock))
        return legs, clock + m, pier.code
