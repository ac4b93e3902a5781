"""A coarse multimodal estimate (pure), used only while the geo routing engine is absent.

road to the origin's nearest pier -> sea to the destination's nearest pier -> road on. Sea
distance is the great circle x a detour factor; it does not know the coastline, so it is an
estimate, labelled as such in every itinerary it returns ("estimate": true).
"""

from __future__ import annotations

from dataclasses import dataclass

from phangnga.geo.routing.geometry import haversine_m

# Cruise speeds (km/h) by boat class; ambulance speeds on island and mainland roads.
BOAT_KMH = {"hospital_boat": 45.0, "rescue_boat": 50.0, "speedboat": 55.0, "ferry": 25.0, "longtail": 18.0}
ROAD_KMH = 50.0
ROAD_FACTOR = 1.35
SEA_FACTOR = 1.2
TRANSFER_MIN = 5.0  # stretcher on or off a boat
SAME_LANDMASS_KM = 4.0  # piers closer than this to both ends: no sea leg
# A pier serves a facility by road only when it is this close; beyond that the estimate
# cannot tell whether water lies between them, so it offers no itinerary.
MAX_PIER_ROAD_KM = 25.0
# A boat this close to a pier is moored there (the routing engine's `at_pier_m`): it leaves
# by the pier's river channel, `river_min`.
AT_PIER_KM = 0.25


class NoEstimate(ValueError):
    pass


@dataclass(frozen=True)
class Pier:
    code: str
    name: str
    lat: float
    lon: float
    river_min: float = 0.0


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(haversine_m(a[0], a[1], b[0], b[1])) / 1000.0


def _road(name_a, a, name_b, b) -> dict:
    km = haversine_km(a, b) * ROAD_FACTOR
    return {
        "mode": "road",
        "from": name_a,
        "to": name_b,
        "distance_km": round(km, 2),
        "duration_min": round(km / ROAD_KMH * 60, 1),
        "geometry": [[a[1], a[0]], [b[1], b[0]]],
    }


def _pier_at(point: tuple[float, float], piers: list[Pier]) -> Pier | None:
    """The pier a boat at `point` is moored at (the nearest within AT_PIER_KM), or None."""
    near = min(piers, key=lambda p: haversine_km(point, (p.lat, p.lon)), default=None)
    if near is None or haversine_km(point, (near.lat, near.lon)) > AT_PIER_KM:
        return None
    return near


def estimate(
    origin: tuple[str, float, float],
    dest: tuple[str, float, float],
    piers: list[Pier],
    boat: str,
    *,
    by_sea: bool = True,
    boat_at: tuple[str, float, float] | None = None,
) -> dict:
    """Itinerary dict like the routing engine's. `by_sea=False` when both ends are on the
    mainland road network (the caller knows the islands). `boat_at` (name, lat, lon): the
    boat first sails to the origin's pier and the patient waits there if it is later; a boat
    moored at another pier first goes down that pier's river channel and then up the origin
    pier's (their `river_min`), as the patient's sea leg does."""
    o, d = (origin[1], origin[2]), (dest[1], dest[2])
    p_o = min(piers, key=lambda p: haversine_km(o, (p.lat, p.lon)))
    p_d = min(piers, key=lambda p: haversine_km(d, (p.lat, p.lon)))
    legs = []
    if by_sea:
        for pier, point, end in ((p_o, o, origin[0]), (p_d, d, dest[0])):
            if haversine_km((pier.lat, pier.lon), point) > MAX_PIER_ROAD_KM:
                raise NoEstimate(f"no pier within {MAX_PIER_ROAD_KM:.0f} km of {end}")
    if not by_sea or p_o.code == p_d.code or haversine_km(o, d) < SAME_LANDMASS_KM:
        legs.append(_road(origin[0], o, dest[0], d))
    else:
        sea_km = haversine_km((p_o.lat, p_o.lon), (p_d.lat, p_d.lon)) * SEA_FACTOR
        legs.append(_road(origin[0], o, p_o.name, (p_o.lat, p_o.lon)))
        wait = 0.0
        approach = None
        if boat_at is not None:
            at = (boat_at[1], boat_at[2])
            km = haversine_km(at, (p_o.lat, p_o.lon)) * SEA_FACTOR
            minutes = km / BOAT_KMH[boat] * 60
            moored = _pier_at(at, piers)
            if moored is None or moored.code != p_o.code:  # not already at the boarding pier
                minutes += p_o.river_min + (moored.river_min if moored is not None else 0.0)
            approach = {
                "mode": "sea",
                "role": "boat_approach",
                "from": boat_at[0],
                "to": p_o.name,
                "distance_km": round(km, 2),
                "duration_min": round(minutes, 1),
                "geometry": [[boat_at[2], boat_at[1]], [p_o.lon, p_o.lat]],
            }
            wait = max(0.0, round(minutes - legs[0]["duration_min"], 1))
        legs.append(
            {
                "mode": "transfer",
                "from": p_o.name,
                "to": p_o.name,
                "distance_km": 0.0,
                "duration_min": round(TRANSFER_MIN + wait, 1),
                "geometry": None,
            }
        )
        legs.append(
            {
                "mode": "sea",
                "from": p_o.name,
                "to": p_d.name,
                "distance_km": round(sea_km, 2),
                "duration_min": round(sea_km / BOAT_KMH[boat] * 60 + p_o.river_min + p_d.river_min, 1),
                "geometry": [[p_o.lon, p_o.lat], [p_d.lon, p_d.lat]],
            }
        )
        legs.append(
            {
                "mode": "transfer",
                "from": p_d.name,
                "to": p_d.name,
                "distance_km": 0.0,
                "duration_min": TRANSFER_MIN,
                "geometry": None,
            }
        )
        legs.append(_road(p_d.name, (p_d.lat, p_d.lon), dest[0], d))
        if approach is not None:  # runs beside the patient's legs: not in the sums below
            legs.insert(0, approach)
    patient = [leg for leg in legs if leg.get("role", "patient") == "patient"]
    return {
        "eta_min": round(sum(leg["duration_min"] for leg in patient), 1),
        "distance_km": round(sum(leg["distance_km"] for leg in patient), 2),
        "legs": legs,
        "estimate": True,
    }
