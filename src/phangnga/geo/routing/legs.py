"""Turning sea paths, road paths, river legs and transfers into timed `Leg`s."""

from __future__ import annotations

from .geometry import LatLon
from .itinerary import Leg
from .piers import Pier
from .planner import Context
from .roads import RoadAttach, RoadNetwork, RoadPath, RoadTree
from .sea import Anchor, SeaGraph, SeaPath, SeaTree

WATER = "navigable water"


def _ll(p: LatLon) -> tuple[float, float]:
    return (p.lon, p.lat)


def sea_path(sea: SeaGraph, a: Anchor, b: Anchor, a_tree: SeaTree | None, b_tree: SeaTree | None) -> SeaPath:
    """Shortest path a -> b, reusing whichever end already has a Dijkstra tree."""
    if a_tree is not None:
        return sea.path(a_tree, b)
    if b_tree is not None:
        back = sea.path(b_tree, a)
        return SeaPath(a, b, back.xy[::-1], back.lonlat[::-1], back.length_m)
    return sea.route(a, b)


def sea_legs(path: SeaPath, ctx: Context, from_name: str, to_name: str, role: str = "patient") -> list[Leg]:
    """Stub out of the safety margin (if snapped), the sea leg, stub back in."""
    a, b = path.start, path.end
    boat = ctx.boat.key
    legs = []
    if a.snapped:
        legs.append(
            Leg(
                "access",
                from_name,
                WATER,
                a.snapped_m / 1000,
                ctx.stub(a),
                [_ll(a.requested), _ll(a.point)],
                role=role,
                vehicle="stretcher" if a.ashore else boat,
                note="carried to the shore" if a.ashore else "manoeuvring to navigable water",
            )  # fmt: skip
        )
    legs.append(
        Leg(
            "sea",
            from_name,
            to_name,
            path.length_m / 1000,
            ctx.sail(path.length_m),
            list(path.lonlat),
            role=role,
            vehicle=boat,
            note=f"{ctx.boat.label}, {ctx.sea_state} sea",
        )  # fmt: skip
    )
    if b.snapped:
        crew = role == "boat_approach"  # the crew walk in to the patient; a patient is carried
        legs.append(
            Leg(
                "access",
                WATER,
                to_name,
                b.snapped_m / 1000,
                ctx.stub(b, crew),
                [_ll(b.point), _ll(b.requested)],
                role=role,
                vehicle=("on foot" if crew else "stretcher") if b.ashore else boat,
                note=("crew walk to the patient" if crew else "carried ashore")
                if b.ashore
                else "manoeuvring from navigable water",
            )  # fmt: skip
        )
    return legs


def river_leg(pier: Pier, seaward: bool, ctx: Context, role: str = "patient") -> list[Leg]:
    if not pier.has_river_leg:
        return []
    access_name = f"{pier.name} (sea access)"
    coords = [_ll(pier.point), _ll(pier.sea_point)]
    names = (pier.name, access_name) if seaward else (access_name, pier.name)
    if not seaward:
        coords.reverse()
    return [
        Leg(
            "river",
            names[0],
            names[1],
            pier.river_m / 1000,
            pier.river_min,
            coords,
            role=role,
            vehicle=ctx.boat.key,
            note="channel to the pier (fixed time)",
        )  # fmt: skip
    ]


def transfer_leg(name: str, point: LatLon, minutes: float, waited: float = 0.0, what: str = "") -> Leg:
    note = what or "transfer"
    if waited > 0.05:
        note += f" (incl. {waited:.0f} min waiting)"
    return Leg("transfer", name, name, 0.0, minutes, [_ll(point)], note=note)


def _reverse(path: RoadPath) -> RoadPath:
    return RoadPath(path.nodes[::-1], path.coords[::-1], path.distance_m, path.minutes, path.roads[::-1])


def road_legs(
    roads: RoadNetwork,
    src: RoadAttach,
    dst: RoadAttach,
    tree: RoadTree,
    from_name: str,
    to_name: str,
    role: str = "patient",
) -> list[Leg]:
    """Access link, road path, access link; `tree` may be rooted at src or at dst."""
    vehicle = tree.vehicle
    if tree.source.node == src.node:
        path = roads.path(tree, dst.node)
    else:
        path = _reverse(roads.path(tree, src.node))
    first, last = roads.nodes[src.node], roads.nodes[dst.node]
    legs = []
    if src.access_m > 0:
        legs.append(
            Leg(
                "access",
                from_name,
                first.name,
                src.access_m / 1000,
                src.access_min,
                [_ll(src.point), _ll(first.point)],
                role=role,
                vehicle=vehicle.key,
                note="to the nearest road",
            )  # fmt: skip
        )
    if len(path.nodes) > 1:
        legs.append(
            Leg(
                "road",
                first.name if src.access_m > 0 else from_name,
                last.name if dst.access_m > 0 else to_name,
                path.distance_m / 1000,
                path.minutes,
                path.coords,
                role=role,
                vehicle=vehicle.key,
                note=("via " + ", ".join(path.roads)) if path.roads else "",
            )  # fmt: skip
        )
    if dst.access_m > 0:
        legs.append(
            Leg(
                "access",
                last.name,
                to_name,
                dst.access_m / 1000,
                dst.access_min,
                [_ll(last.point), _ll(dst.point)],
                role=role,
                vehicle=vehicle.key,
                note="from the nearest road",
            )  # fmt: skip
        )
    return legs
