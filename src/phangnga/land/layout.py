"""Replotting kernel: cut new plots for the owners out of the land left for plots.

Pure module (no Django), plane coordinates in metres (the service projects lon/lat
onto a local transverse Mercator first, so areas are true to well under 0.1%).

Method, chosen so every plot has road frontage and lies near the owner's old land:
1. Blocks: each connected piece of the land left for plots (after public land and
   reserve) is a block. A block's frontage is its longest edge along a road.
2. Each owner goes to the block nearest their old parcel's centre; then owners move
   between blocks, nearest first, while that brings every block's demand closer to
   its area.
3. In each block the owners are ordered by where their old parcel lies along the
   frontage, and the block is cut into strips perpendicular to the frontage, one per
   owner, each sized by bisection to the owner's target. A plot fixed by hand keeps
   its area exactly; the others share the rest of the block in proportion to their
   targets, so the block is used up and the differences are settled in cash.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

# A block edge within this distance of a road is on the road.
ROAD_TOUCH_M = 1.0
# Frontage is measured along the plot's edges lying this close to a road (tight, so the
# ends of the side edges barely count).
FRONTAGE_TOUCH_M = 0.1
MIN_BLOCK_M2 = 1.0
BISECT_STEPS = 60


class LayoutError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class PlotRequest:
    id: str
    target_m2: float  # the owner's entitlement (or a hand-set area when fixed)
    origin: tuple[float, float]  # centre of the old parcel, metres
    fixed: bool = False


@dataclass(frozen=True)
class Plot:
    id: str
    polygon: BaseGeometry
    area_m2: float
    target_m2: float
    block: int
    frontage_m: float
    distance_m: float  # from the old parcel's centre to the new plot's centre


@dataclass
class Layout:
    plots: list[Plot]
    blocks: list[Polygon]
    notes: list[str] = field(default_factory=list)


def _parts(geom: BaseGeometry) -> list[Polygon]:
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]


def frontage_angle(block: Polygon, roads: BaseGeometry) -> float | None:
    """Direction (radians) of the block's longest edge lying along a road, or None."""
    best, angle = 0.0, None
    coords = list(block.exterior.coords)
    for (x1, y1), (x2, y2) in zip(coords, coords[1:], strict=False):
        length = math.hypot(x2 - x1, y2 - y1)
        if length <= best:
            continue
        mid = Point((x1 + x2) / 2, (y1 + y2) / 2)
        if (
            roads.distance(mid) <= ROAD_TOUCH_M
            and roads.distance(Point(x1, y1)) <= ROAD_TOUCH_M
            and roads.distance(Point(x2, y2)) <= ROAD_TOUCH_M
        ):
            best, angle = length, math.atan2(y2 - y1, x2 - x1)
    return angle


def frontage_length(plot: BaseGeometry, road_band: BaseGeometry) -> float:
    """Length of the plot's edges inside `road_band` (the roads grown by FRONTAGE_TOUCH_M)."""
    return plot.boundary.intersection(road_band).length


def _assign(
    requests: Sequence[PlotRequest], blocks: list[Polygon], usable: list[int]
) -> dict[int, list[int]]:
    """Nearest usable block first, then move owners to bring demand closer to capacity."""
    dist = {
        (r, b): blocks[b].distance(Point(requests[r].origin)) for r in range(len(requests)) for b in usable
    }
    groups: dict[int, list[int]] = {b: [] for b in usable}
    for r in range(len(requests)):
        groups[min(usable, key=lambda b, r=r: (dist[(r, b)], b))].append(r)
    demand = {b: sum(requests[r].target_m2 for r in groups[b]) for b in usable}
    cap = {b: blocks[b].area for b in usable}

    def gain(size: float, src: int, dst: int) -> float:
        # Misfit is the sum over blocks of |demand - capacity|; only src and dst change.
        before = abs(demand[src] - cap[src]) + abs(demand[dst] - cap[dst])
        after = abs(demand[src] - size - cap[src]) + abs(demand[dst] + size - cap[dst])
        return before - after

    for _ in range(4 * len(requests)):
        best: tuple[float, int, int, int] | None = None
        for src in usable:
            if demand[src] <= cap[src]:
                continue
            for dst in usable:
                if dst == src or demand[dst] >= cap[dst]:
                    continue
                for r in groups[src]:
                    g = gain(requests[r].target_m2, src, dst)
                    if g > 1e-6:
                        # Prefer the owner whose old land is nearest the receiving block.
                        cand = (dist[(r, dst)] - g * 1e-3, r, src, dst)
                        if best is None or cand < best:
                            best = cand
        if best is None:
            break
        _, r, src, dst = best
        groups[src].remove(r)
        groups[dst].append(r)
        demand[src] -= requests[r].target_m2
        demand[dst] += requests[r].target_m2
    return groups


def _cut_strips(block: Polygon, angle: float, sizes: list[float]) -> list[BaseGeometry]:
    """Strips perpendicular to the frontage direction `angle`, of the given areas in order."""
    turned = affinity.rotate(block, -angle, origin=(0, 0), use_radians=True)
    minx, miny, maxx, maxy = turned.bounds
    pieces = []
    left = minx
    cumulative = 0.0
    for size in sizes[:-1]:
        cumulative += size
        lo, hi = left, maxx
        for _ in range(BISECT_STEPS):
            mid = (lo + hi) / 2
            # clip_by_rect is several times faster than a general intersection here.
            if shapely.clip_by_rect(turned, minx - 1, miny - 1, mid, maxy + 1).area < cumulative:
                lo = mid
            else:
                hi = mid
        pieces.append(turned.intersection(box(left, miny - 1, hi, maxy + 1)))
        left = hi
    pieces.append(turned.intersection(box(left, miny - 1, maxx + 1, maxy + 1)))
    return [affinity.rotate(p, angle, origin=(0, 0), use_radians=True) for p in pieces]


def _check(requests: Sequence[PlotRequest]) -> None:
    if not requests:
        raise LayoutError("requests", "at least one plot is needed")
    seen = set()
    for i, r in enumerate(requests):
        if r.id in seen:
            raise LayoutError(f"requests[{i}].id", f"duplicate id {r.id}")
        seen.add(r.id)
        if not (isinstance(r.target_m2, int | float) and math.isfinite(r.target_m2) and r.target_m2 > 0):
            raise LayoutError(f"requests[{i}].target_m2", "must be a number above 0")


def layout(land: BaseGeometry, roads: BaseGeometry, requests: Sequence[PlotRequest]) -> Layout:
    """New plots over `land` (the land left for plots) along `roads` (public road land)."""
    _check(requests)
    blocks = [b for b in _parts(land) if b.area >= MIN_BLOCK_M2]
    if not blocks:
        raise LayoutError("land", "no land is left for plots")
    notes: list[str] = []
    angles = [frontage_angle(b, roads) for b in blocks]
    usable = [i for i, a in enumerate(angles) if a is not None]
    for i, a in enumerate(angles):
        if a is None:
            notes.append(
                f"block {i + 1} ({blocks[i].area:,.0f} m2) has no road frontage and is left unallocated"
            )
    if not usable:
        raise LayoutError("roads", "no block of land touches a road")
    groups = _assign(requests, blocks, usable)
    road_band = roads.buffer(FRONTAGE_TOUCH_M)
    plots: list[Plot] = []
    for b in usable:
        members = [requests[r] for r in groups[b]]
        if not members:
            notes.append(f"block {b + 1} ({blocks[b].area:,.0f} m2) got no owner and is left unallocated")
            continue
        angle = angles[b]
        ux, uy = math.cos(angle), math.sin(angle)
        members.sort(key=lambda r: (r.origin[0] * ux + r.origin[1] * uy, r.id))
        fixed = sum(r.target_m2 for r in members if r.fixed)
        free = sum(r.target_m2 for r in members if not r.fixed)
        room = blocks[b].area - fixed
        if room <= 0 or (free == 0 and room < -MIN_BLOCK_M2):
            raise LayoutError(
                "requests",
                f"plots fixed by hand in block {b + 1} need {fixed:,.0f} m2; it has {blocks[b].area:,.0f}",
            )
        scale = room / free if free else 0.0
        sizes = [r.target_m2 if r.fixed else r.target_m2 * scale for r in members]
        if free == 0 and room > MIN_BLOCK_M2:
            # The last strip takes the rest of the block, so the leftover goes to it.
            notes.append(f"block {b + 1}: {room:,.0f} m2 left over after the plots fixed by hand")
        for r, piece in zip(members, _cut_strips(blocks[b], angle, sizes), strict=True):
            front = frontage_length(piece, shapely.clip_by_rect(road_band, *piece.buffer(1).bounds))
            if front < ROAD_TOUCH_M:
                notes.append(f"plot {r.id} has no road frontage")
            if isinstance(piece, MultiPolygon) or piece.geom_type == "GeometryCollection":
                notes.append(f"plot {r.id} is in {len(_parts(piece))} pieces (the block is not convex)")
            plots.append(
                Plot(
                    id=r.id,
                    polygon=piece,
                    area_m2=round(piece.area, 2),
                    target_m2=r.target_m2,
                    block=b + 1,
                    frontage_m=round(front, 1),
                    distance_m=round(piece.centroid.distance(Point(r.origin)), 1),
                )
            )
    order = {r.id: i for i, r in enumerate(requests)}
    plots.sort(key=lambda p: order[p.id])
    return Layout(plots=plots, blocks=blocks, notes=notes)
