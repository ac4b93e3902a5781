"""`Network`: the routing kernel's one public object (sea graph + roads + piers + fleet)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon

from . import legs as L
from .errors import NoRoute, OutOfRegion
from .geometry import KNOT_KMH, LatLon, PointLike, as_latlon, great_circle_m
from .itinerary import Itinerary, Leg, chain
from .piers import Pier
from .planner import INF, Context, Costs, Endpoint, PierLink, Resources, best_choice, no_route_reason
from .roads import RoadNetwork
from .sea import DEFAULT_MARGIN_M, DEFAULT_MAX_SNAP_M, DEFAULT_SIMPLIFY_M, Anchor, Box, SeaGraph, SeaTree
from .vehicles import Fleet, Override, load_fleet

DEFAULT_BOX = Box(97.4, 7.5, 99.2, 9.8)  # the region of phangnga.geo.coastline.DEFAULT_REGION
# A land point no road reaches (a roadless island) is picked up from the shore
# if navigable water is this close; the patient is carried there (vehicles.json's
# shore_carry_kmh). 4 km covers the interior of the province's roadless islands
# (Ko Phra Thong's villages lie ~2 km from open water) at an honest, slow carry.
SHORE_PICKUP_M = 4000.0
# A point off navigable water this close to a pier is a boat moored there (GPS and
# registry positions differ by tens of metres): it leaves by the pier's river leg.
# Kept under the 280-310 m between the island piers (and Tap Lamu) and their
# sea-access points, so a boat at a channel mouth, inside the margin, is still a
# sea point that is snapped to the water as before.
AT_PIER_M = 250.0
MODES = ("sea", "road", "multi")


def _snap_info(anchors) -> dict[str, dict[str, float]]:
    return {
        field: {
            "lat": round(a.point.lat, 6),
            "lon": round(a.point.lon, 6),
            "distance_m": round(a.snapped_m, 1),
        }
        for field, a in anchors
        if a is not None and a.snapped
    }


def _box(region) -> Box:
    if region is None:
        return DEFAULT_BOX
    if isinstance(region, Box):
        return region
    return Box(region.min_lon, region.min_lat, region.max_lon, region.max_lat)


class Network:
    """Sea, road and multimodal routing over one region.

    Points are `(lat, lon)` tuples, `LatLon(lat, lon)` or `{"lat": .., "lon": ..}`.
    Errors: `OutOfRegion(field)` for malformed or out-of-region points,
    `UnknownClass(field, ...)` for unknown boat/vehicle/sea state, `NoRoute(reason)`
    when nothing connects the points.
    """

    def __init__(
        self,
        sea: SeaGraph,
        roads: RoadNetwork,
        fleet: Fleet,
        piers: Sequence[Pier],
        land: MultiPolygon,
        *,
        at_pier_m: float = AT_PIER_M,
    ):
        self.sea = sea
        self.at_pier_m = at_pier_m
        self.roads = roads
        self.fleet = fleet
        self.box = sea.box
        self.land = land
        shapely.prepare(land)
        self.warnings: list[str] = []
        self.links: list[PierLink] = []
        for pier in piers:
            try:
                anchor = sea.anchor(pier.sea_point, f"pier {pier.id}")
            except (NoRoute, OutOfRegion) as exc:
                self.warnings.append(f"pier {pier.id} has no usable sea access: {exc.detail}")
                anchor = None
            tree = sea.tree(anchor) if anchor is not None else None
            self.links.append(PierLink(pier, anchor, tree))
        n = len(self.links)
        # Sea-joined piers for pier_at(), with a degree box around each that holds the
        # at_pier_m circle (lon degrees shrink by cos(lat)): most points fail the box
        # test in plain Python, far cheaper than numpy on a handful of piers.
        self._pier_pos = [(k, lk.pier.point) for k, lk in enumerate(self.links) if lk.anchor is not None]
        self._at_pier_dlat = at_pier_m / 110_000.0
        self._at_pier_dlon = self._at_pier_dlat / math.cos(math.radians(max(abs(self.box.min_lat),
                                                                            abs(self.box.max_lat))))  # fmt: skip
        self.pier_m = np.full((n, n), INF)
        for i, a in enumerate(self.links):
            for j, b in enumerate(self.links):
                if a.tree is not None and b.anchor is not None:
                    self.pier_m[i, j] = self.sea.distance_m(a.tree, b.anchor) or INF

    @classmethod
    def build(
        cls,
        land: MultiPolygon,
        piers: Sequence[Pier],
        *,
        margin_m: float = DEFAULT_MARGIN_M,
        cache_dir: Path | None = None,
        boats: Override = None,
        roads: Override = None,
        vehicles: Override = None,
        region=None,
        simplify_m: float = DEFAULT_SIMPLIFY_M,
        max_snap_m: float = DEFAULT_MAX_SNAP_M,
        at_pier_m: float = AT_PIER_M,
    ) -> Network:
        """Build (or load from `cache_dir`) the sea graph and join piers and roads.

        `boats`, `roads`, `vehicles`: optional override file paths or dicts merged
        over the shipped data/*.json; `region` defaults to the coastline region;
        `at_pier_m`: how close to a pier a point off the water counts as moored there.
        """
        sea = SeaGraph.build(land, _box(region), margin_m, simplify_m, cache_dir, max_snap_m)
        fleet = load_fleet(boats, vehicles)
        return cls(sea, RoadNetwork.load(roads), fleet, piers, land, at_pier_m=at_pier_m)

    @property
    def piers(self) -> list[Pier]:
        return [link.pier for link in self.links]

    # ---- endpoints --------------------------------------------------------------------
    def _over_land(self, a: LatLon, b: LatLon) -> bool:
        """True if the straight link a-b never enters navigable water."""
        line = shapely.linestrings([self.sea.proj.point_xy(a), self.sea.proj.point_xy(b)])
        return not shapely.intersects(self.sea.sea, line)

    def on_land(self, p: LatLon) -> bool:
        return bool(shapely.contains_xy(self.land, p.lon, p.lat))

    def pier_at(self, p: LatLon) -> int:
        """Index of the sea-joined pier that a point off navigable water stands at, or -1.

        A point in navigable water is at sea even beside a pier: it sails from there.
        """
        dlat, dlon = self._at_pier_dlat, self._at_pier_dlon
        near = [
            (great_circle_m(p, q), k)
            for k, q in self._pier_pos
            if abs(p.lat - q.lat) <= dlat and abs(p.lon - q.lon) <= dlon
        ]
        metres, k = min(near, default=(INF, -1))
        if metres > self.at_pier_m or self.sea.is_navigable(p):
            return -1
        return k

    def _join_sea(self, e: Endpoint, limit: float | None) -> None:
        """Join e to the sea: by its pier's river leg if it is at one, else by snapping."""
        e.pier_k = self.pier_at(e.point)
        if e.at_pier:
            link = self.links[e.pier_k]
            e.sea, e.sea_tree = link.anchor, link.tree  # the pier's tree: no search of its own
            return
        try:
            e.sea = self.sea.anchor(e.point, e.field, max_snap_m=limit)
        except NoRoute as exc:
            e.why_not = exc.detail
            return
        # A shore pickup: whoever is on land is carried to the water's edge.
        e.sea.ashore = limit is not None and e.on_land and e.sea.snapped

    def shore(self, point: PointLike, field: str = "scene") -> Anchor | None:
        """Where a boat picks up someone on land at `point` (the nearest navigable water within
        SHORE_PICKUP_M, `ashore` set when the point is on land); None if the shore is further."""
        p = as_latlon(point, field)
        try:
            anchor = self.sea.anchor(p, field, max_snap_m=SHORE_PICKUP_M)
        except NoRoute:
            return None
        anchor.ashore = self.on_land(p) and anchor.snapped
        return anchor

    def locate(
        self, point: PointLike, field: str, mode: str = "multi", vehicle: str = "ambulance"
    ) -> Endpoint:
        """Join a point to the road graph and/or the sea graph, as `mode` allows."""
        if mode not in MODES:
            raise OutOfRegion("mode", f"mode must be one of {', '.join(MODES)}")
        name = (point.get("name") if isinstance(point, dict) else None) or field
        p = as_latlon(point, field)
        if not self.box.contains(p):
            raise OutOfRegion(field)
        vclass = self.fleet.vehicle(vehicle)
        e = Endpoint(field, name, p, self.on_land(p))
        if mode != "sea" and (e.on_land or mode == "road"):
            e.road = self.roads.attach(p, vclass, accept=self._over_land)
            if e.road is None:
                e.why_not = f"{field} is not within reach of the road network"
            else:
                e.road_tree = self.roads.tree(e.road, vclass)
        if mode == "sea" or (mode == "multi" and e.road is None):
            self._join_sea(e, SHORE_PICKUP_M if (e.on_land and mode == "multi") else None)
        for link in self.links:
            if vehicle not in link.roads:
                link.roads[vehicle] = self.roads.attach(link.pier.point, vclass, accept=self._over_land)
        return e

    def _context(self, boat: str, sea_state: str, vehicle: str, transfer_min: float | None) -> Context:
        bclass = self.fleet.boat(boat)
        self.fleet.check_sea_state(sea_state)
        bclass.factor(sea_state)  # raises NoRoute now if this boat may not sail in it
        transfer = self.fleet.default_transfer_min if transfer_min is None else float(transfer_min)
        if not np.isfinite(transfer) or transfer < 0:
            raise OutOfRegion("transfer_min", "transfer_min must be >= 0")
        per_m = 60.0 / (self.fleet.access_kn * KNOT_KMH * 1000.0)
        carry_per_m = 60.0 / (self.fleet.carry_kmh * 1000.0)
        walk_per_m = 60.0 / (self.fleet.walk_kmh * 1000.0)
        return Context(
            bclass, sea_state, self.fleet.vehicle(vehicle), transfer, per_m, carry_per_m, walk_per_m
        )

    @staticmethod
    def _snapped(*endpoints: Endpoint | None) -> dict[str, dict[str, float]]:
        # A point at a pier was not moved into the water: its river leg shows the way out.
        return _snap_info([(e.field, e.sea) for e in endpoints if e is not None and not e.at_pier])

    def pier_link(self, pier: Pier | str) -> PierLink | None:
        key = pier.id if isinstance(pier, Pier) else pier
        return next((link for link in self.links if link.pier.id == key), None)

    def _sea_end(self, point: PointLike | Pier, field: str):
        """(name, anchor, tree, pier, snap) for a point or a pier (which brings its river leg).

        `snap` is the anchor to report in `snapped`: None for a point found at a pier, which
        was not moved into the water but leaves by the pier's river leg.
        """
        if isinstance(point, Pier):
            link = self.pier_link(point)
            if link is None or link.anchor is None:
                raise NoRoute(f"pier {point.id} is not joined to the sea graph", field)
            return link.pier.name, link.anchor, link.tree, link.pier, link.anchor
        e = self.locate(point, field, "sea")
        if e.sea is None:
            raise NoRoute(e.why_not or f"{field} is not near navigable water", field)
        if e.at_pier:
            return e.name, e.sea, e.sea_tree, self.links[e.pier_k].pier, None
        return e.name, e.sea, None, None, e.sea

    # ---- single-mode routes ----------------------------------------------------------
    def sea_route(
        self, a: PointLike | Pier, b: PointLike | Pier, boat: str = "speedboat", sea_state: str = "calm"
    ) -> Itinerary:
        """Shortest navigable route; land/margin points are snapped to the nearest water.

        `a`/`b` may also be `Pier`s of this network: the route then starts/ends with the
        pier's river leg to/from its sea-access point.
        """
        ctx = self._context(boat, sea_state, "ambulance", 0.0)
        a_name, a_anchor, a_tree, a_pier, a_snap = self._sea_end(a, "origin")
        b_name, b_anchor, b_tree, b_pier, b_snap = self._sea_end(b, "destination")
        path = L.sea_path(self.sea, a_anchor, b_anchor, a_tree, b_tree)
        legs = L.river_leg(a_pier, True, ctx) if a_pier else []
        legs += L.sea_legs(path, ctx, a_name, b_name)
        legs += L.river_leg(b_pier, False, ctx) if b_pier else []
        snapped = _snap_info([("origin", a_snap), ("destination", b_snap)])
        return Itinerary(chain(legs), snapped, "sea")

    def road_route(self, a: PointLike, b: PointLike, vehicle: str = "ambulance") -> Itinerary:
        o = self.locate(a, "origin", "road", vehicle)
        d = self.locate(b, "destination", "road", vehicle)
        if o.road is None or d.road is None or not np.isfinite(o.road_tree.minutes[d.road.node]):
            raise no_route_reason(o, d, "road")
        legs = chain(L.road_legs(self.roads, o.road, d.road, o.road_tree, o.name, d.name))
        return Itinerary(legs, {}, "road")

    # ---- multimodal ------------------------------------------------------------------
    def plan(
        self,
        origin: PointLike,
        destination: PointLike,
        boat: str = "speedboat",
        sea_state: str = "calm",
        boat_at: PointLike | None = None,
        ambulance_at: PointLike | None = None,
        transfer_min: float | None = None,
        vehicle: str = "ambulance",
        mode: str = "multi",
    ) -> Itinerary:
        """Fastest itinerary over road -> pier -> boat -> pier -> road (or pure sea/road).

        `boat_at`: where the boat is now; it sails to the pickup first.
        `ambulance_at`: where the ambulance is now; it drives to the pickup first.
        `transfer_min`: minutes to load/unload the patient at each pier (default from
        vehicles.json), also spent when a boat picks the patient up at sea.
        """
        ctx = self._context(boat, sea_state, vehicle, transfer_min)
        o = self.locate(origin, "origin", mode, vehicle)
        d = self.locate(destination, "destination", mode, vehicle)
        costs = Costs(self.sea, self.links, self.pier_m, ctx)
        boat_e = self.locate(boat_at, "boat_at", "sea", vehicle) if boat_at is not None else None
        amb_e = (
            self.locate(ambulance_at, "ambulance_at", "road", vehicle) if ambulance_at is not None else None
        )
        res = Resources()
        if boat_e is not None:
            if boat_e.sea is None:
                raise NoRoute(boat_e.why_not or "the boat is not in navigable water", "boat_at")
            res.boat_pier = costs.sea_pier(boat_e)
            if o.sea is not None:
                res.ready_sea = costs.sea_direct(boat_e, o, approach=True) + ctx.transfer_min
        if amb_e is not None:
            if amb_e.road is None:
                raise NoRoute(amb_e.why_not or "the ambulance is off the road network", "ambulance_at")
            fetch = costs.road(amb_e, o) if o.road is not None else INF
            if np.isfinite(fetch):
                res.ready_road = fetch
            else:
                res.ambulance_pier = costs.road_pier(amb_e)
        o_road, o_sea = costs.road_pier(o), costs.sea_pier(o)
        d_road, d_sea = costs.road_pier(d), costs.sea_pier(d)
        choice = best_choice(costs, o, d, o_road, o_sea, d_road, d_sea, mode, res)
        if not np.isfinite(choice.eta):
            raise no_route_reason(o, d, mode)
        legs = self._legs(choice, o, d, boat_e, amb_e, ctx, res)
        return Itinerary(legs, self._snapped(o, d, boat_e), choice.shape.replace("_", "+"))

    def _sea_side(self, end: Endpoint | int) -> tuple[Anchor, SeaTree | None, int]:
        """(anchor, tree, pier index or -1) of an endpoint or of the pier with that index."""
        if isinstance(end, Endpoint):
            return end.sea, end.sea_tree, end.pier_k
        link = self.links[end]
        return link.anchor, link.tree, end

    def _boat_legs(
        self, src: Endpoint | int, dst: Endpoint | int, from_name: str, to_name: str, ctx: Context,
        role: str = "patient",
    ) -> list[Leg]:  # fmt: skip
        """A boat from src to dst (endpoints or pier indices): down the river of a pier it
        leaves, by sea, up the river of a pier it reaches; nothing if both are one pier."""
        a, a_tree, a_k = self._sea_side(src)
        b, b_tree, b_k = self._sea_side(dst)
        if a_k >= 0 and a_k == b_k:
            return []
        legs = L.river_leg(self.links[a_k].pier, True, ctx, role) if a_k >= 0 else []
        legs += L.sea_legs(L.sea_path(self.sea, a, b, a_tree, b_tree), ctx, from_name, to_name, role)
        legs += L.river_leg(self.links[b_k].pier, False, ctx, role) if b_k >= 0 else []
        return legs

    def _legs(
        self, choice, o: Endpoint, d: Endpoint, boat_e, amb_e, ctx: Context, res: Resources
    ) -> list[Leg]:
        """The chosen itinerary leg by leg, ordered by start time (stable sort)."""
        return sorted(self._timeline(choice, o, d, boat_e, amb_e, ctx, res), key=lambda leg: leg.start_min)

    def _timeline(
        self, choice, o: Endpoint, d: Endpoint, boat_e, amb_e, ctx: Context, res: Resources
    ) -> list[Leg]:
        """Rebuild the chosen itinerary leg by leg, with start times."""
        out: list[Leg] = []
        clock = 0.0

        def run(legs: list[Leg], start: float) -> float:
            chain(legs, start)
            out.extend(legs)
            return legs[-1].end_min if legs else start

        shape = choice.shape
        a = self.links[choice.a] if choice.a >= 0 else None
        b = self.links[choice.b] if choice.b >= 0 else None
        # 1. The patient's first stretch, after any vehicle has come to fetch them.
        amb_fetches = amb_e is not None and res.ambulance_pier is None
        if shape.startswith("road"):
            if amb_fetches:
                clock = run(L.road_legs(self.roads, amb_e.road, o.road, amb_e.road_tree, "ambulance", o.name,
                                        role="ambulance_approach"), 0.0)  # fmt: skip
            if shape == "road":
                run(L.road_legs(self.roads, o.road, d.road, o.road_tree, o.name, d.name), clock)
                return out
            arrive = run(
                L.road_legs(self.roads, o.road, a.roads[ctx.vehicle.key], o.road_tree, o.name, a.pier.name),
                clock,
            )
            boat_ready = 0.0
            if boat_e is not None:
                approach = self._boat_legs(boat_e, choice.a, "boat", a.pier.name, ctx, role="boat_approach")
                boat_ready = run(approach, 0.0)
            depart = max(arrive, boat_ready) + ctx.transfer_min
            run([L.transfer_leg(a.pier.name, a.pier.point, depart - arrive, max(0.0, boat_ready - arrive),
                                "patient boards the boat")], arrive)  # fmt: skip
            if shape == "road_sea":
                run(self._boat_legs(choice.a, d, a.pier.name, d.name, ctx), depart)
                return out
            clock = run(self._boat_legs(choice.a, choice.b, a.pier.name, b.pier.name, ctx), depart)
        else:  # the patient starts at sea (or ashore, carried to the water's edge)
            onward = self._boat_legs(o, d if shape == "sea" else choice.b, o.name,
                                     d.name if shape == "sea" else b.pier.name, ctx)  # fmt: skip
            if boat_e is not None:
                clock = run(self._boat_legs(boat_e, o, "boat", o.name, ctx, role="boat_approach"), 0.0)
                if onward and onward[0].vehicle == "stretcher":  # carried to the boat, then aboard
                    clock = run(onward[:1], clock)
                    onward = onward[1:]
                clock = run(
                    [L.transfer_leg(o.name, o.point, ctx.transfer_min, 0.0, "patient taken aboard")], clock
                )
            clock = run(onward, clock)
            if shape == "sea":
                return out
        # 2. Landing at pier b (its river leg is in the boat's legs), then by road.
        arrive = clock
        amb_ready = 0.0
        if amb_e is not None and not amb_fetches:
            legs = L.road_legs(self.roads, amb_e.road, b.roads[ctx.vehicle.key], amb_e.road_tree, "ambulance",
                               b.pier.name, role="ambulance_approach")  # fmt: skip
            amb_ready = run(legs, 0.0)
        depart = max(arrive, amb_ready) + ctx.transfer_min
        run([L.transfer_leg(b.pier.name, b.pier.point, depart - arrive, max(0.0, amb_ready - arrive),
                            "patient lands")], arrive)  # fmt: skip
        run(
            L.road_legs(self.roads, b.roads[ctx.vehicle.key], d.road, d.road_tree, b.pier.name, d.name),
            depart,
        )
        return out

    def matrix(
        self,
        origins: Sequence[PointLike],
        destinations: Sequence[PointLike],
        mode: str = "multi",
        boat: str = "speedboat",
        sea_state: str = "calm",
        vehicle: str = "ambulance",
        transfer_min: float | None = None,
    ) -> list[list[float | None]]:
        """ETA minutes for every origin x destination (None when unreachable).

        One road tree / sea tree per point, one sea tree per pier (built once), then
        each pair is a handful of numpy operations over the piers.
        """
        ctx = self._context(boat, sea_state, vehicle, transfer_min)
        costs = Costs(self.sea, self.links, self.pier_m, ctx)

        def prepared(points, label):
            out = []
            for k, p in enumerate(points):
                e = self.locate(p, f"{label}[{k}]", mode, vehicle)
                out.append((e, costs.road_pier(e), costs.sea_pier(e)))
            return out

        rows = prepared(origins, "origins")
        cols = prepared(destinations, "destinations")
        if len(cols) < len(rows):  # grow sea trees on the smaller side
            for e, _, _ in cols:
                if e.sea is not None and e.sea_tree is None:  # a pier's point has its pier's tree
                    e.sea_tree = self.sea.tree(e.sea)
        result: list[list[float | None]] = []
        for o, o_road, o_sea in rows:
            line: list[float | None] = []
            for d, d_road, d_sea in cols:
                eta = best_choice(costs, o, d, o_road, o_sea, d_road, d_sea, mode).eta
                line.append(round(eta, 2) if np.isfinite(eta) else None)
            result.append(line)
        return result
