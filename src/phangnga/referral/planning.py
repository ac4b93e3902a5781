"""The ONE place where referral talks to routing. Everything else calls `make_plan`.

Uses the geo routing engine (`phangnga.geo.routing_service.get_network()` when geo provides
it, else a `phangnga.geo.routing.Network` built once per process from the coastline and the
kernel's piers). If the network cannot be built, a coarse pier-to-pier estimate (estimate.py)
keeps referrals working, and every plan records which one was used (`routing_engine`).
"""

from __future__ import annotations

import logging
import threading

from phangnga.geo.models import Place

from . import planner
from .planner import Facility, NoRouteError

log = logging.getLogger(__name__)

# Origins referred "up" the administrative chain: the island health centres first go to
# Koh Yao Chaipattana Hospital, then to the provincial hospital.
CHAIN = ("hosp-kohyao", "hosp-phangnga")
LEVEL_RANK = {"regional": 3, "general": 2, "community": 1, "rpst": 0}
# For the fallback estimate only: facilities reached by boat (the real engine knows the coast).
ISLAND_DISTRICTS = {"ko_yao"}
OFFSHORE_LON = 98.1  # the Similan and Surin islands lie west of this


def _on_island(place: Place) -> bool:
    district = place.district.code if place.district_id else ""
    return district in ISLAND_DISTRICTS or place.lon < OFFSHORE_LON or place.kind == "island"


def facility(place: Place) -> Facility:
    return Facility(
        place.code,
        place.name_en,
        place.lat,
        place.lon,
        tuple(place.capabilities or ()),
        LEVEL_RANK.get(place.level or "", 0),
        place.name_th,
    )


_lock = threading.RLock()  # GEOS objects are not thread-safe: one routing call at a time per process
_cache: dict[str, object] = {}


def _build_network():
    try:
        from phangnga.geo import routing_service  # noqa: PLC0415 - the shared network, when geo provides it

        return routing_service.get_network()
    except ImportError:
        pass
    from django.conf import settings  # noqa: PLC0415

    from phangnga.geo.land import polygons  # noqa: PLC0415
    from phangnga.geo.routing import Network, default_piers  # noqa: PLC0415

    return Network.build(polygons(), default_piers(), cache_dir=settings.PHANGNGA_CACHE_DIR)


def _engine():
    """The routing network, built once per process; None if it cannot be built (then the
    coarse estimate is used and every plan says so in `routing_engine`)."""
    with _lock:
        if "net" not in _cache:
            try:
                _cache["net"] = _build_network()
            except Exception:  # a referral must still be planned if the coastline cache is broken
                log.exception("routing network unavailable; referral plans use the coarse estimate")
                _cache["net"] = None
        return _cache["net"]


def engine_name() -> str:
    return "geo.routing" if _engine() is not None else "estimate"


def route_function(sea_state: str = "calm"):
    network = _engine()
    if network is not None:
        from phangnga.geo.routing import RoutingError  # noqa: PLC0415

        def route(a: Facility, b: Facility, boat: str) -> dict:
            with _lock:
                try:
                    itinerary = network.plan(
                        {"lat": a.lat, "lon": a.lon, "name": a.name},
                        {"lat": b.lat, "lon": b.lon, "name": b.name},
                        boat=boat,
                        sea_state=sea_state,
                    )
                except RoutingError as exc:
                    raise NoRouteError(getattr(exc, "detail", None) or str(exc)) from exc
                return itinerary.to_dict()

        return route


def make_plan(
    origin: Place,
    capability: str | None,
    *,
    triage: int = 3,
    sea_state: str = "calm",
    boats=("hospital_boat", "speedboat"),
    exclude=(),
    guarantee_min: float = planner.GUARANTEE_MIN,
    chain_stop_min: float = 30.0,
) -> planner.Plan:
    hospitals = Place.objects.filter(active=True, kind__in=["hospital"])
    chain = [facility(p) for code in CHAIN for p in hospitals if p.code == code]
    plan = planner.plan_referral(
        facility(origin),
        [facility(p) for p in hospitals],
        capability,
        route_function(sea_state),
        boats=boats,
        sea_state=sea_state,
        triage=triage,
        exclude=exclude,
        chain=chain,
        chain_stop_min=chain_stop_min,
        guarantee_min=guarantee_min,
    )
    return plan
