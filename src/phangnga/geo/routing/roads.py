"""The skeleton road graph (data/roads.json) and fastest road paths over it.

No offline road data exists for the province, so the graph follows the real
highways between towns, junctions, hospitals and piers; an edge's length is the
great-circle distance (through optional via points) times its class circuity.
A point off the graph reaches the nearest road node by a straight access link at
the vehicle's slow 'access' speed; the caller can veto links that cross open water.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from .errors import NoRoute
from .geometry import LatLon, haversine_m, polyline_length_m
from .vehicles import Override, VehicleClass, load_with_override


@dataclass(frozen=True)
class RoadNode:
    id: str
    name: str
    lat: float
    lon: float
    kind: str
    source: str
    accuracy_m: float

    @property
    def point(self) -> LatLon:
        return LatLon(self.lat, self.lon)


@dataclass(frozen=True)
class RoadEdge:
    a: int
    b: int
    road_class: str
    road: str
    length_m: float
    coords: tuple[tuple[float, float], ...]  # (lon, lat) from node a to node b


@dataclass(frozen=True)
class RoadAttach:
    """How an arbitrary point joins the graph: a straight access link to `node`."""

    point: LatLon
    node: int
    access_m: float
    access_min: float


@dataclass
class RoadTree:
    source: RoadAttach
    vehicle: VehicleClass
    minutes: np.ndarray  # from the source point (access included) to every node
    pred: np.ndarray


@dataclass
class RoadPath:
    nodes: list[int]
    coords: list[tuple[float, float]]
    distance_m: float
    minutes: float
    roads: list[str]


class RoadNetwork:
    def __init__(self, data: dict[str, Any]):
        self.classes = {k: float(v["circuity"]) for k, v in data["road_classes"].items()}
        access = data.get("access", {})
        self.access_circuity = float(access.get("circuity", 1.3))
        self.access_max_m = float(access.get("max_km", 15.0)) * 1000.0
        self.nodes = [
            RoadNode(
                n["id"], n.get("name", n["id"]), float(n["lat"]), float(n["lon"]),
                n.get("kind", "node"), n.get("source", "unknown"), float(n.get("accuracy_m", 0)),
            )
            for n in data["nodes"]
        ]  # fmt: skip
        self.index = {node.id: i for i, node in enumerate(self.nodes)}
        if len(self.index) != len(self.nodes):
            raise ValueError("roads.json: duplicate node ids")
        self.lat = np.array([n.lat for n in self.nodes])
        self.lon = np.array([n.lon for n in self.nodes])
        self.edges: list[RoadEdge] = []
        for spec in data["edges"]:
            a, b = self._node(spec["from"]), self._node(spec["to"])
            cls = spec["class"]
            if cls not in self.classes:
                raise ValueError(f"roads.json: edge {spec['from']}-{spec['to']} has unknown class {cls!r}")
            via = [(float(lon), float(lat)) for lat, lon in spec.get("via", [])]
            coords = ((self.nodes[a].lon, self.nodes[a].lat), *via, (self.nodes[b].lon, self.nodes[b].lat))
            length = polyline_length_m(coords) * self.classes[cls]
            self.edges.append(RoadEdge(a, b, cls, spec.get("road", ""), length, coords))
        # Parallel edges would collide in the sparse matrix: keep (a, b) -> edge index.
        self._edge_of: dict[tuple[int, int], int] = {}
        for k, e in enumerate(self.edges):
            for key in ((e.a, e.b), (e.b, e.a)):
                if key not in self._edge_of or self.edges[self._edge_of[key]].length_m > e.length_m:
                    self._edge_of[key] = k
        self._graphs: dict[str, csr_matrix] = {}

    @classmethod
    def load(cls, override: Override = None) -> RoadNetwork:
        """roads.json, optionally deep-merged with an override (file path or dict)."""
        return cls(load_with_override("roads.json", override))

    def _node(self, node_id: str) -> int:
        if node_id not in self.index:
            raise ValueError(f"roads.json: edge refers to unknown node {node_id!r}")
        return self.index[node_id]

    def _graph(self, vehicle: VehicleClass) -> csr_matrix:
        if vehicle.key not in self._graphs:
            n = len(self.nodes)
            best: dict[tuple[int, int], float] = {}
            for e in self.edges:
                minutes = vehicle.minutes(e.length_m, e.road_class)
                for key in ((e.a, e.b), (e.b, e.a)):
                    best[key] = min(best.get(key, np.inf), minutes)
            rows, cols = zip(*best, strict=True) if best else ((), ())
            self._graphs[vehicle.key] = csr_matrix((list(best.values()), (rows, cols)), shape=(n, n))
        return self._graphs[vehicle.key]

    # ---- attaching points ---------------------------------------------------------
    def attach(
        self,
        p: LatLon,
        vehicle: VehicleClass,
        accept: Callable[[LatLon, LatLon], bool] | None = None,
        candidates: int = 8,
    ) -> RoadAttach | None:
        """Nearest road node reachable by a straight access link, or None if none is.

        `accept(point, node_point)` lets the caller reject links that cross the sea
        (an island point must not 'drive' to the mainland).
        """
        gc = haversine_m(p.lat, p.lon, self.lat, self.lon)
        for i in np.argsort(gc)[:candidates]:
            access_m = float(gc[i]) * self.access_circuity
            if access_m > self.access_max_m:
                break
            node = self.nodes[i]
            if access_m < 1.0:
                return RoadAttach(p, int(i), 0.0, 0.0)
            if accept is None or accept(p, node.point):
                return RoadAttach(p, int(i), access_m, vehicle.minutes(access_m, "access"))
        return None

    # ---- shortest paths -------------------------------------------------------------
    def tree(self, source: RoadAttach, vehicle: VehicleClass) -> RoadTree:
        minutes, pred = dijkstra(self._graph(vehicle), indices=source.node, return_predecessors=True)
        return RoadTree(source, vehicle, minutes + source.access_min, pred)

    def minutes_to(self, tree: RoadTree, target: RoadAttach) -> float:
        return float(tree.minutes[target.node] + target.access_min)

    def path(self, tree: RoadTree, target_node: int) -> RoadPath:
        """The fastest node path from the tree's source node to target_node (no access)."""
        if not np.isfinite(tree.minutes[target_node]):
            raise NoRoute("no road connects these points")
        chain = [target_node]
        while chain[-1] != tree.source.node:
            chain.append(int(tree.pred[chain[-1]]))
        chain.reverse()
        coords: list[tuple[float, float]] = [(self.nodes[chain[0]].lon, self.nodes[chain[0]].lat)]
        distance = minutes = 0.0
        roads: list[str] = []
        for a, b in zip(chain, chain[1:], strict=False):
            edge = self.edges[self._edge_of[(a, b)]]
            hop = edge.coords if edge.a == a else tuple(reversed(edge.coords))
            coords.extend(hop[1:])
            distance += edge.length_m
            minutes += tree.vehicle.minutes(edge.length_m, edge.road_class)
            if edge.road and (not roads or roads[-1] != edge.road):
                roads.append(edge.road)
        return RoadPath(chain, coords, distance, minutes, roads)
