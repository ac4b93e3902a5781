"""Multimodal planning: road -> pier -> boat -> pier -> road, pure sea or pure road.

Every way of getting from origin to destination is one of five shapes:
road; sea; sea->pier->road; road->pier->sea; road->pier->sea->pier->road. With few
piers (tens), trying every pier (pair) is exact and cheap once each endpoint has
one road tree and each pier one sea tree; the same per-endpoint arrays serve
`matrix()` for many origins x destinations. Times are static: no traffic, tide or
current; a resource given as `boat_at` / `ambulance_at` must first travel to the
pickup, and loading waits until both patient and vehicle are there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .errors import NoRoute
from .geometry import LatLon
from .piers import Pier
from .roads import RoadAttach, RoadTree
from .sea import Anchor, SeaGraph, SeaTree
from .vehicles import BoatClass, VehicleClass

INF = float("inf")


@dataclass
class Endpoint:
    """A point joined to whatever networks can reach it."""

    field: str
    name: str
    point: LatLon
    on_land: bool
    road: RoadAttach | None = None
    road_tree: RoadTree | None = None
    sea: Anchor | None = None
    sea_tree: SeaTree | None = None
    why_not: str = ""  # why neither network reaches it (NoRoute message)
    # Index of the pier the point stands at (-1: none). Such a point joins the sea at the
    # pier's sea-access point after the pier's river leg, as a boarding patient does.
    pier_k: int = -1

    @property
    def at_pier(self) -> bool:
        return self.pier_k >= 0


@dataclass
class PierLink:
    pier: Pier
    anchor: Anchor | None  # sea-access point in the sea graph
    tree: SeaTree | None
    roads: dict[str, RoadAttach | None] = field(default_factory=dict)  # per vehicle


@dataclass(frozen=True)
class Context:
    boat: BoatClass
    sea_state: str
    vehicle: VehicleClass
    transfer_min: float
    access_kn_min_per_m: float  # minutes per metre of manoeuvring stub
    carry_min_per_m: float  # minutes per metre of carrying a patient ashore to the water
    walk_min_per_m: float  # minutes per metre of a crew walking from the boat to a patient ashore

    def stub(self, anchor: Anchor | None, crew: bool = False) -> float:
        """Minutes between `anchor`'s requested point and the water: a boat manoeuvring, or, for a
        point ashore, the patient carried (the crew walking in, when `crew`)."""
        if anchor is None:
            return 0.0
        if not anchor.ashore:
            return anchor.snapped_m * self.access_kn_min_per_m
        return anchor.snapped_m * (self.walk_min_per_m if crew else self.carry_min_per_m)

    def sail(self, metres: float | None) -> float:
        if metres is None or not np.isfinite(metres):
            return INF
        return self.boat.minutes(metres, self.sea_state)


@dataclass
class Choice:
    eta: float
    shape: str  # "road", "sea", "sea_road", "road_sea", "road_sea_road"
    a: int = -1  # boarding pier
    b: int = -1  # landing pier


class Costs:
    """Minute arrays between endpoints and piers, for one boat/vehicle/sea state."""

    def __init__(self, sea: SeaGraph, links: list[PierLink], pier_m: np.ndarray, ctx: Context):
        self.sea, self.links, self.ctx = sea, links, ctx
        self.river = np.array([link.pier.river_min for link in links])
        self.pier_stub = np.array([ctx.stub(link.anchor) for link in links])
        sail = np.vectorize(ctx.sail, otypes=[float])(pier_m) if len(links) else np.zeros((0, 0))
        side = self.river + self.pier_stub
        self.pier_pier = side[:, None] + sail + side[None, :]
        np.fill_diagonal(self.pier_pier, INF)

    def road_pier(self, e: Endpoint) -> np.ndarray:
        """Road minutes between e and each pier (symmetric: roads are two-way)."""
        out = np.full(len(self.links), INF)
        if e.road_tree is None:
            return out
        for k, link in enumerate(self.links):
            attach = link.roads.get(self.ctx.vehicle.key)
            if attach is not None:
                out[k] = e.road_tree.minutes[attach.node] + attach.access_min
        return out

    def reach(self, e: Endpoint, crew: bool = False) -> float:
        """Minutes between e and the sea graph: manoeuvring stub, plus the river at a pier."""
        river = self.river[e.pier_k] if e.at_pier else 0.0
        return self.ctx.stub(e.sea, crew) + river

    def sea_pier(self, e: Endpoint) -> np.ndarray:
        """Boat minutes between e and each pier, river legs and stubs included."""
        if e.at_pier:  # the pier-to-pier table already holds it; nothing to do at its own pier
            out = self.pier_pier[e.pier_k].copy()
            out[e.pier_k] = 0.0
            return out
        out = np.full(len(self.links), INF)
        if e.sea is None:
            return out
        for k, link in enumerate(self.links):
            if link.tree is not None:
                out[k] = self.ctx.sail(self.sea.distance_m(link.tree, e.sea))
        return out + self.river + self.pier_stub + self.reach(e)

    def road(self, o: Endpoint, d: Endpoint) -> float:
        if o.road_tree is None or d.road is None:
            return INF
        return float(o.road_tree.minutes[d.road.node] + d.road.access_min)

    def sea_direct(self, o: Endpoint, d: Endpoint, approach: bool = False) -> float:
        """Boat minutes o -> d; `approach`: a crew coming to the patient at d (walks in if ashore)."""
        if o.sea is None or d.sea is None:
            return INF
        if o.at_pier and o.pier_k == d.pier_k:
            return 0.0
        tree = o.sea_tree if o.sea_tree is not None else d.sea_tree
        if tree is None:
            tree = o.sea_tree = self.sea.tree(o.sea)
        other = d.sea if tree is o.sea_tree else o.sea
        return self.ctx.sail(self.sea.distance_m(tree, other)) + self.reach(o) + self.reach(d, crew=approach)


@dataclass
class Resources:
    """When the patient can leave, given vehicles that must come to them first."""

    ready_road: float = 0.0  # ambulance reaches a land origin
    ready_sea: float = 0.0  # boat reaches (and has loaded) a sea origin
    boat_pier: np.ndarray | None = None  # boat reaches each (boarding) pier
    # The ambulance fetches the patient at the origin when it can drive there;
    # otherwise (origin at sea or on another island) it meets the boat at the
    # landing pier, and these are its arrival times there.
    ambulance_pier: np.ndarray | None = None


def best_choice(
    costs: Costs,
    o: Endpoint,
    d: Endpoint,
    o_road: np.ndarray,
    o_sea: np.ndarray,
    d_road: np.ndarray,
    d_sea: np.ndarray,
    mode: str = "multi",
    res: Resources | None = None,
) -> Choice:
    """The fastest of the five shapes (or of the one `mode` allows)."""
    res = res or Resources()
    transfer = costs.ctx.transfer_min
    best = Choice(INF, "none")

    def consider(eta: float, shape: str, a: int = -1, b: int = -1) -> None:
        nonlocal best
        if eta < best.eta:
            best = Choice(float(eta), shape, a, b)

    if mode in ("road", "multi"):
        consider(res.ready_road + costs.road(o, d), "road")
    if mode in ("sea", "multi"):
        consider(res.ready_sea + costs.sea_direct(o, d), "sea")
    if mode != "multi" or not len(costs.links):
        return best
    amb = res.ambulance_pier if res.ambulance_pier is not None else np.zeros(len(costs.links))
    boat = res.boat_pier if res.boat_pier is not None else np.zeros(len(costs.links))
    # sea -> landing pier b -> road
    landing = np.maximum(res.ready_sea + o_sea, amb) + transfer + d_road
    if np.isfinite(landing).any():
        b = int(np.argmin(landing))
        consider(landing[b], "sea_road", b=b)
    # road -> boarding pier a (wait for the boat there) -> ...
    depart = np.maximum(res.ready_road + o_road, boat) + transfer
    to_sea = depart + d_sea
    if np.isfinite(to_sea).any():
        a = int(np.argmin(to_sea))
        consider(to_sea[a], "road_sea", a=a)
    both = np.maximum(depart[:, None] + costs.pier_pier, amb[None, :]) + transfer + d_road[None, :]
    if np.isfinite(both).any():
        a, b = np.unravel_index(int(np.argmin(both)), both.shape)
        consider(both[a, b], "road_sea_road", int(a), int(b))
    return best


def no_route_reason(o: Endpoint, d: Endpoint, mode: str) -> NoRoute:
    for e in (o, d):
        if e.road is None and e.sea is None:
            return NoRoute(e.why_not or f"{e.field} cannot be reached by road or boat", e.field)
    return NoRoute(f"no {mode} route between {o.name} and {d.name}")
