"""The routing engine for the Django side: one cached `Network` per process.

Piers come from the Place registry (kind "pier": position, `sea_access_lat/lon`,
`river_min`); land from the coastline cache in settings.PHANGNGA_CACHE_DIR. The sea
graph (the slow part) is built once per process from its disk cache; the cheap
Network around it is rebuilt when the registry's piers change.

Optional settings: PHANGNGA_ROUTING_MARGIN_M (default 75), and override files for
officers' edits without code changes: PHANGNGA_ROUTING_BOATS, PHANGNGA_ROUTING_VEHICLES,
PHANGNGA_ROUTING_ROADS (paths to JSON deep-merged over routing/data/*.json).
"""

from __future__ import annotations

import functools
import logging
import threading

from django.conf import settings

from . import land
from .routing import Network, Pier, default_piers, load_fleet
from .routing.roads import RoadNetwork
from .routing.sea import DEFAULT_MARGIN_M, Box, SeaGraph

log = logging.getLogger(__name__)

_lock = threading.Lock()
_state: dict[str, object] = {}
# The web server answers on several threads, and a Network's searches reuse scratch state
# (lazy visibility caches, Dijkstra buffers): one query at a time per process. Queries take
# about a millisecond, so serialising them costs little and rules out a crash mid-dispatch.
_query_lock = threading.RLock()


class SerialisedNetwork:
    """A Network whose methods run one at a time; attributes read through unchanged."""

    def __init__(self, network: Network):
        self._network = network

    def __getattr__(self, name: str):
        attr = getattr(self._network, name)
        if not callable(attr):
            return attr

        @functools.wraps(attr)
        def locked(*args, **kwargs):
            with _query_lock:
                return attr(*args, **kwargs)

        return locked


def registry_piers() -> list[Pier]:
    """Active piers of the Place registry (the shipped defaults if it has none yet)."""
    from .models import Place, PlaceKind

    piers = [
        Pier(
            id=p.code,
            name=p.name_en,
            lat=p.lat,
            lon=p.lon,
            sea_lat=p.sea_access_lat if p.sea_access_lat is not None else p.lat,
            sea_lon=p.sea_access_lon if p.sea_access_lon is not None else p.lon,
            river_min=float(p.river_min or 0.0),
        )
        for p in Place.objects.filter(kind=PlaceKind.PIER, active=True).order_by("code")
    ]
    if not piers:
        log.warning("the places registry has no active piers; routing uses the shipped default piers")
        return default_piers()
    return piers


def _sea_graph() -> SeaGraph:
    if "sea" not in _state:
        min_lon, min_lat, max_lon, max_lat = settings.REGION
        _state["sea"] = SeaGraph.build(
            land.polygons(),
            Box(min_lon, min_lat, max_lon, max_lat),
            margin_m=float(getattr(settings, "PHANGNGA_ROUTING_MARGIN_M", DEFAULT_MARGIN_M)),
            cache_dir=settings.PHANGNGA_CACHE_DIR,
        )
    return _state["sea"]  # type: ignore[return-value]


def prepare_sea_graph() -> int:
    """Build (or load) the sea graph so its disk cache exists before server workers start;
    returns its vertex count."""
    with _lock:
        return _sea_graph().n


def get_network() -> SerialisedNetwork:
    """The process's Network (thread-safe), rebuilt only when the registry's piers changed."""
    piers = registry_piers()
    key = tuple(piers)
    with _lock:
        if _state.get("key") != key:
            network = Network(
                _sea_graph(),
                RoadNetwork.load(getattr(settings, "PHANGNGA_ROUTING_ROADS", None)),
                load_fleet(
                    getattr(settings, "PHANGNGA_ROUTING_BOATS", None),
                    getattr(settings, "PHANGNGA_ROUTING_VEHICLES", None),
                ),
                piers,
                land.polygons(),
            )
            for warning in network.warnings:
                log.warning("routing: %s", warning)
            _state["network"], _state["key"] = SerialisedNetwork(network), key
        return _state["network"]  # type: ignore[return-value]


def reset() -> None:
    """Forget the cached network (tests; after changing routing settings)."""
    with _lock:
        _state.clear()
