"""Sea routes: shortest navigable paths around land buffered by a safety margin.

How (see docs/routing.md):
1. Land is projected to local metres, buffered by margin + tolerance, simplified by
   the tolerance (so every obstacle edge stays >= margin from real land) and cut from
   the region box. The largest piece of what remains is "the sea"; enclosed pockets
   (mangrove creeks narrower than twice the margin, say) count as land.
2. The graph is the reduced visibility graph of the sea polygon's obstacle corners:
   pairs tangent at both ends (numpy) that see each other (one prepared GEOS test
   per pair). Built once, cached on disk keyed by a hash of the inputs.
3. A query point is snapped into the sea if needed, joined to the corners it sees
   (numpy angular sweep), and scipy's Dijkstra runs from it over the cached graph.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon

from .errors import NoRoute, OutOfRegion
from .geometry import LatLon, LocalProjection, PointLike, as_latlon, haversine_m, polyline_length_m
from .visibility import bitangent_pairs, tangent_mask, visible_from

log = logging.getLogger(__name__)

# Bump when the construction below changes, so stale caches are ignored.
ALGORITHM_VERSION = 5
DEFAULT_MARGIN_M = 75.0
DEFAULT_SIMPLIFY_M = 15.0
DEFAULT_MAX_SNAP_M = 3000.0
# Test geometry = complement of the sea grown by this much: a segment may graze an
# obstacle corner it is tangent to without being called blocked by rounding.
_GRAZE_M = 0.5
_QUAD_SEGS = 4  # segments per quarter circle in the land buffer
# First, bounded search of route(): detours up to this factor x straight line + slack.
_DETOUR_FACTOR = 1.3
_DETOUR_SLACK_M = 10_000.0


@dataclass(frozen=True)
class Box:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, p: LatLon) -> bool:
        return self.min_lat <= p.lat <= self.max_lat and self.min_lon <= p.lon <= self.max_lon


@dataclass
class Anchor:
    """A query point joined to the sea graph."""

    requested: LatLon
    point: LatLon  # where the boat actually is: `requested`, or snapped into the sea
    xy: np.ndarray
    snapped_m: float  # 0 when the requested point already was navigable
    # The requested point is ashore (a patient on a beach or an island path): the stub is the
    # patient carried to the water's edge, priced at the carry speed, not a boat manoeuvring.
    ashore: bool = False
    # Visible graph vertices are found only when needed: most open-sea pairs see
    # each other directly and never touch the graph.
    graph: SeaGraph | None = field(default=None, repr=False, compare=False)
    _vis: np.ndarray | None = field(default=None, repr=False, compare=False)
    _vis_m: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def snapped(self) -> bool:
        return self.snapped_m > 0

    @property
    def vis(self) -> np.ndarray:
        """Ids of the graph vertices visible from `xy`."""
        if self._vis is None:
            self._vis, self._vis_m = self.graph.visible(self.xy, self.point)
        return self._vis

    @property
    def vis_m(self) -> np.ndarray:
        """Great-circle metres to those vertices."""
        if self._vis_m is None:
            self.vis  # noqa: B018 - computes both
        return self._vis_m


@dataclass
class SeaTree:
    """Single-source shortest paths from one anchor, reusable for many targets."""

    source: Anchor
    dist: np.ndarray  # great-circle metres to every graph vertex; inf when unreachable
    pred: np.ndarray  # Dijkstra predecessors; the source is vertex id n


@dataclass
class SeaPath:
    start: Anchor
    end: Anchor
    xy: np.ndarray  # (k, 2) metres, from start.point to end.point
    lonlat: list[tuple[float, float]]
    length_m: float  # great-circle length along the path


def _cache_key(land: MultiPolygon, box: Box, margin_m: float, simplify_m: float) -> str:
    digest = hashlib.sha256()
    digest.update(shapely.to_wkb(land, hex=False))
    digest.update(json.dumps([box.__dict__, margin_m, simplify_m, ALGORITHM_VERSION]).encode())
    return digest.hexdigest()[:20]


def _box_xy(box: Box, proj: LocalProjection) -> Polygon:
    return affinity.affine_transform(
        shapely.box(box.min_lon, box.min_lat, box.max_lon, box.max_lat), proj.affine()
    )


def _largest_polygon(geom) -> Polygon:
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon)]
    if not parts:
        raise NoRoute("the region has no navigable water")
    return max(parts, key=lambda g: g.area)


def build_sea_polygon(land_xy, box_xy: Polygon, margin_m: float, simplify_m: float) -> Polygon:
    """Navigable water in metres: the region box minus land buffered by the margin.

    Buffer by margin + tol, then simplify by tol: Douglas-Peucker moves an edge by at
    most tol, so the simplified obstacles still keep >= margin from real land while
    shedding the many little arcs a round buffer makes (fewer graph vertices). The
    buffer's arcs are chords that cut inside the true circle by r(1 - cos(pi/4q)),
    so the radius is grown to put the chords, not just their ends, at margin + tol.
    """
    radius = (margin_m + simplify_m) / math.cos(math.pi / (4 * _QUAD_SEGS)) + 0.5
    grown = shapely.buffer(land_xy, radius, quad_segs=_QUAD_SEGS)
    if simplify_m > 0:
        grown = shapely.simplify(grown, simplify_m, preserve_topology=True)
    obstacles = shapely.union_all(shapely.get_parts(grown))
    sea = _largest_polygon(shapely.difference(box_xy, obstacles))
    return shapely.orient_polygons(sea, exterior_cw=False)  # sea on the left of every ring


def _rings(sea: Polygon) -> list[np.ndarray]:
    return [np.asarray(r.coords)[:-1] for r in [sea.exterior, *sea.interiors]]


def corner_vertices(sea: Polygon) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Obstacle corners a shortest path can bend at, with their ring neighbours."""
    verts, prevs, nexts = [], [], []
    for ring in _rings(sea):
        prev, nxt = np.roll(ring, 1, axis=0), np.roll(ring, -1, axis=0)
        turn = (ring[:, 0] - prev[:, 0]) * (nxt[:, 1] - ring[:, 1]) - (ring[:, 1] - prev[:, 1]) * (
            nxt[:, 0] - ring[:, 0]
        )
        corner = turn < 0  # a right turn with the sea on the left: the land pokes out
        verts.append(ring[corner])
        prevs.append(prev[corner])
        nexts.append(nxt[corner])
    return np.concatenate(verts), np.concatenate(prevs), np.concatenate(nexts)


def boundary_edges(sea: Polygon) -> tuple[np.ndarray, np.ndarray]:
    starts, ends = [], []
    for ring in _rings(sea):
        starts.append(ring)
        ends.append(np.roll(ring, -1, axis=0))
    return np.concatenate(starts), np.concatenate(ends)


def _blocked_geometry(sea: Polygon, box_xy: Polygon):
    outside = shapely.difference(
        shapely.buffer(box_xy, 5000.0, join_style="mitre"), shapely.buffer(sea, _GRAZE_M)
    )
    shapely.prepare(outside)
    return outside


def _visibility_edges(verts, prev, nxt, blocked, proj: LocalProjection, batch: int = 200_000):
    """All mutually visible bitangent corner pairs with their great-circle lengths."""
    out_i, out_j = [], []
    pend_i, pend_j, pending = [], [], 0

    def flush():
        if not pend_i:
            return
        i = np.concatenate(pend_i)
        j = np.concatenate(pend_j)
        lines = shapely.linestrings(np.stack([verts[i], verts[j]], axis=1))
        # Prepared geometry first: shapely uses the prepared index only for argument 1.
        ok = ~shapely.intersects(blocked, lines)
        out_i.append(i[ok])
        out_j.append(j[ok])
        pend_i.clear()
        pend_j.clear()

    for i, j in bitangent_pairs(verts, prev, nxt):
        pend_i.append(i)
        pend_j.append(j)
        pending += len(i)
        if pending >= batch:
            flush()
            pending = 0
    flush()
    ei = np.concatenate(out_i) if out_i else np.zeros(0, dtype=np.int64)
    ej = np.concatenate(out_j) if out_j else np.zeros(0, dtype=np.int64)
    lonlat = proj.to_lonlat(verts)
    ew = haversine_m(lonlat[ei, 1], lonlat[ei, 0], lonlat[ej, 1], lonlat[ej, 0])
    return ei.astype(np.int32), ej.astype(np.int32), ew


class SeaGraph:
    """The cached visibility graph plus what queries need to join points to it."""

    def __init__(
        self,
        proj: LocalProjection,
        box: Box,
        margin_m: float,
        sea: Polygon,
        verts: np.ndarray,
        prev: np.ndarray,
        nxt: np.ndarray,
        ei: np.ndarray,
        ej: np.ndarray,
        ew: np.ndarray,
        max_snap_m: float = DEFAULT_MAX_SNAP_M,
    ):
        self.proj = proj
        self.box = box
        self.margin_m = margin_m
        self.max_snap_m = max_snap_m
        self.sea = sea
        self.verts, self.prev, self.nxt = verts, prev, nxt
        self.vlonlat = proj.to_lonlat(verts)
        self.n = len(verts)
        self.edge_i, self.edge_j, self.edge_w = ei, ej, ew
        self.e0, self.e1 = boundary_edges(sea)
        self.blocked = _blocked_geometry(sea, _box_xy(box, proj))
        shapely.prepare(sea)
        self.boundary = sea.boundary
        # Row n is an empty slot: each query's source is spliced in there (see tree()).
        n = self.n
        graph = csr_matrix(
            (np.concatenate([ew, ew]), (np.concatenate([ei, ej]), np.concatenate([ej, ei]))),
            shape=(n + 1, n + 1),
        )
        graph.sort_indices()
        self._data, self._indices, self._indptr = graph.data, graph.indices, graph.indptr

    # ---- construction and cache -------------------------------------------------
    @classmethod
    def build(
        cls,
        land: MultiPolygon,
        box: Box,
        margin_m: float = DEFAULT_MARGIN_M,
        simplify_m: float = DEFAULT_SIMPLIFY_M,
        cache_dir: Path | None = None,
        max_snap_m: float = DEFAULT_MAX_SNAP_M,
    ) -> SeaGraph:
        if margin_m < 0:
            raise ValueError("margin_m must be >= 0")
        proj = LocalProjection((box.min_lat + box.max_lat) / 2, (box.min_lon + box.max_lon) / 2)
        cache_file = None
        if cache_dir is not None:
            cache_file = Path(cache_dir) / f"seagraph_{_cache_key(land, box, margin_m, simplify_m)}.npz"
            if cache_file.exists():
                try:
                    return cls._load(cache_file, proj, box, margin_m, max_snap_m)
                except (OSError, ValueError, KeyError) as exc:  # corrupt cache: rebuild
                    log.warning("ignoring unreadable sea graph cache %s: %s", cache_file, exc)
        land_xy = affinity.affine_transform(land, proj.affine())
        box_xy = _box_xy(box, proj)
        sea = build_sea_polygon(land_xy, box_xy, margin_m, simplify_m)
        verts, prev, nxt = corner_vertices(sea)
        blocked = _blocked_geometry(sea, box_xy)
        ei, ej, ew = _visibility_edges(verts, prev, nxt, blocked, proj)
        if cache_file is not None:
            cls._save(cache_file, sea, verts, prev, nxt, ei, ej, ew)
        return cls(proj, box, margin_m, sea, verts, prev, nxt, ei, ej, ew, max_snap_m)

    @staticmethod
    def _save(path: Path, sea, verts, prev, nxt, ei, ej, ew) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
        with os.fdopen(fd, "wb") as handle:  # atomic: a crash never leaves half a cache
            np.savez(
                handle,
                sea_wkb=np.frombuffer(shapely.to_wkb(sea), dtype=np.uint8),
                verts=verts,
                prev=prev,
                nxt=nxt,
                ei=ei,
                ej=ej,
                ew=ew,
            )
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the web server may run as another user
        os.replace(tmp, path)

    @classmethod
    def _load(cls, path: Path, proj, box, margin_m, max_snap_m) -> SeaGraph:
        with np.load(path) as data:
            sea = shapely.from_wkb(data["sea_wkb"].tobytes())
            return cls(
                proj, box, margin_m, sea, data["verts"], data["prev"], data["nxt"],
                data["ei"], data["ej"], data["ew"], max_snap_m,
            )  # fmt: skip

    # ---- joining points -----------------------------------------------------------
    def is_navigable(self, p: LatLon) -> bool:
        xy = self.proj.point_xy(p)
        return bool(shapely.contains_xy(self.sea, xy[0], xy[1]))

    def snap(
        self, p: LatLon, field: str = "point", max_snap_m: float | None = None
    ) -> tuple[np.ndarray, float]:
        """The navigable position for p and how far it moved (0 if already at sea)."""
        if not self.box.contains(p):
            raise OutOfRegion(field)
        xy = self.proj.point_xy(p)
        if shapely.contains_xy(self.sea, xy[0], xy[1]):
            return xy, 0.0
        here = shapely.Point(xy)
        nearest = np.asarray(shapely.shortest_line(here, self.boundary).coords)[1]
        direction = nearest - xy
        norm = float(np.hypot(*direction))
        direction = direction / norm if norm > 0 else np.array([1.0, 0.0])
        # Step just inside the water so later tests see the point as navigable.
        for step in (1.0, 3.0, 10.0, 30.0):
            candidate = nearest + direction * step
            if shapely.contains_xy(self.sea, candidate[0], candidate[1]):
                break
        else:
            inner = shapely.buffer(self.sea, -5.0).boundary
            candidate = np.asarray(shapely.shortest_line(here, inner).coords)[1]
        moved = float(np.hypot(*(candidate - xy)))
        limit = self.max_snap_m if max_snap_m is None else max_snap_m
        if moved > limit:
            raise NoRoute(
                f"{field} is {moved / 1000:.1f} km from navigable water (limit {limit / 1000:.1f} km)", field
            )
        return candidate, moved

    def anchor(self, p: PointLike, field: str = "point", max_snap_m: float | None = None) -> Anchor:
        p = as_latlon(p, field)
        xy, moved = self.snap(p, field, max_snap_m)
        point = p if moved == 0 else self.proj.to_latlon(xy)
        return Anchor(p, point, xy, moved, graph=self)

    def visible(self, xy: np.ndarray, point: LatLon) -> tuple[np.ndarray, np.ndarray]:
        """Graph vertices visible (and tangent) from xy, with great-circle metres to them."""
        cand = np.nonzero(tangent_mask(xy, self.verts, self.prev, self.nxt))[0]
        vis = visible_from(xy, cand, self.verts, self.e0, self.e1)
        return vis, haversine_m(point.lat, point.lon, self.vlonlat[vis, 1], self.vlonlat[vis, 0])

    def sees(self, a: np.ndarray, b: np.ndarray) -> bool:
        return not shapely.intersects(self.blocked, shapely.linestrings([a, b]))

    # ---- shortest paths ------------------------------------------------------------
    def tree(self, source: Anchor, limit: float = np.inf) -> SeaTree:
        """Dijkstra from an anchor: its edges go into the spare row n of the CSR graph.

        With a finite `limit` (metres) vertices further away stay at inf: the search
        stops early, and the tree is only good for targets within the limit.
        """
        n = self.n
        indptr = self._indptr.copy()
        indptr[n + 1] += len(source.vis)
        graph = csr_matrix(
            (
                np.concatenate([self._data, source.vis_m]),
                np.concatenate([self._indices, source.vis.astype(self._indices.dtype)]),
                indptr,
            ),
            shape=(n + 1, n + 1),
        )
        dist, pred = dijkstra(graph, directed=True, indices=n, return_predecessors=True, limit=limit)
        return SeaTree(source, dist, pred)

    def _best_end(self, tree: SeaTree, target: Anchor) -> tuple[float, int]:
        """(metres, last vertex) of the best way to target; vertex -1 means direct.

        The last vertex j minimises dist[j] + |j target| over the vertices that see
        the target (one angular sweep; testing candidates one by one in order of
        that sum was measured slower at the 99th percentile).
        """
        best, last = np.inf, -1
        if len(target.vis):
            total = tree.dist[target.vis] + target.vis_m
            k = int(np.argmin(total))
            best, last = float(total[k]), int(target.vis[k])
        a, b = tree.source.point, target.point
        direct = float(haversine_m(a.lat, a.lon, b.lat, b.lon))
        if direct <= best and self.sees(tree.source.xy, target.xy):
            return direct, -1
        return best, last

    def distance_m(self, tree: SeaTree, target: Anchor) -> float | None:
        """Metres along the shortest path from the tree's source to target, None if unreachable."""
        metres, _ = self._best_end(tree, target)
        return None if not np.isfinite(metres) else metres

    def path(self, tree: SeaTree, target: Anchor) -> SeaPath:
        return self._path(tree, target, *self._best_end(tree, target))

    def _path(self, tree: SeaTree, target: Anchor, metres: float, last: int) -> SeaPath:
        if not np.isfinite(metres):
            raise NoRoute("no navigable sea path between these points")
        chain = []
        node = last
        while node != -1 and node != self.n and node >= 0:
            chain.append(node)
            node = int(tree.pred[node])
        pts = [tree.source.xy, *(self.verts[i] for i in reversed(chain)), target.xy]
        xy = np.asarray(pts)
        lonlat = [tuple(map(float, c)) for c in self.proj.to_lonlat(xy)]
        return SeaPath(tree.source, target, xy, lonlat, polyline_length_m(lonlat))

    def route(self, a: Anchor, b: Anchor) -> SeaPath:
        """Shortest navigable path between two anchors."""
        if self.sees(a.xy, b.xy):  # open water between them: no graph search at all
            xy = np.asarray([a.xy, b.xy])
            lonlat = [tuple(map(float, c)) for c in self.proj.to_lonlat(xy)]
            return SeaPath(a, b, xy, lonlat, polyline_length_m(lonlat))
        # Most sea routes are short detours: search only that far first. A route found
        # within the limit is optimal (anything through a further vertex is longer);
        # otherwise search the whole graph.
        direct = float(haversine_m(a.point.lat, a.point.lon, b.point.lat, b.point.lon))
        limit = _DETOUR_FACTOR * direct + _DETOUR_SLACK_M
        tree = self.tree(a, limit)
        metres, last = self._best_end(tree, b)
        if not metres <= limit:
            tree = self.tree(a)
            metres, last = self._best_end(tree, b)
        return self._path(tree, b, metres, last)
