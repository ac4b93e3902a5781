"""The one routing adapter of the project's Django side: places and units into calls on geo's
routing network (`phangnga.geo.routing_service.get_network()`), for emergency dispatch and
referral planning alike.

One network per process, fetched once under one lock (`network()`), and one lock for the
queries (`serialised()`): the routing kernel's shapely/GEOS objects and search buffers are not
safe to share between threads, so a plan holds it while it routes (re-entrant: a plan's own
calls take it again).

When is there no network? `get_network()` does not fail on a missing coastline cache: it
derives the land again from roaring-landmask (offline, some seconds) and writes the cache. It
fails when the routing data cannot be read: an officer's override file
(PHANGNGA_ROUTING_BOATS / _VEHICLES / _ROADS) that is not valid JSON, a cache directory that
cannot be written, a broken install. Then `network()` is None (logged once per process) and
both apps plan with their straight-line estimate and say so in every plan (emergency's
`routing: "estimate"`, referral's `routing_engine: "estimate"`); tests/fleet/test_routes.py
breaks the boats file to show it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from phangnga.geo import routing_service

from .unit_routes import EstimateRouter, NetworkRouter

log = logging.getLogger(__name__)

_lock = threading.Lock()  # building: the network and the unit router, once per process
_query_lock = threading.RLock()  # routing: one plan at a time per process
_state: dict[str, object] = {}


class NoRoute(Exception):
    """The network found no route (or this boat may not sail in this sea)."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def _network():
    if "net" not in _state:
        try:
            _state["net"] = routing_service.get_network()
        except Exception:  # plans must still be made if the routing data cannot be read
            log.exception("routing network unavailable; plans use the straight-line estimate")
            _state["net"] = None
    return _state["net"]


def network():
    """The process's routing network, or None when it cannot be built (see above)."""
    with _lock:
        return _network()


def engine_name() -> str:
    """What plans are routed with: "geo.routing", or "estimate" without a network."""
    return "geo.routing" if network() is not None else "estimate"


@contextmanager
def serialised() -> Iterator[None]:
    """Hold while routing: one plan at a time per process (see the module's docstring)."""
    with _query_lock:
        yield


def unit_router(on_scene_min: float = 10.0, transfer_min: float = 5.0) -> NetworkRouter | EstimateRouter:
    """Dispatch's router, one per process (its memo lives as long as the network): the
    network's, else the straight-line estimate with the caller's planning assumptions."""
    with _lock:
        if "units" not in _state:
            net = _network()
            _state["units"] = (
                NetworkRouter(net) if net is not None else EstimateRouter(on_scene_min, transfer_min)
            )
        return _state["units"]  # type: ignore[return-value]


def plan_between(
    a: dict,
    b: dict,
    *,
    boat: str,
    sea_state: str = "calm",
    boat_at: tuple[float, float] | None = None,
    ambulance_at: tuple[float, float] | None = None,
) -> dict:
    """The itinerary from `a` to `b` ({"lat", "lon", "name"}) as a dict, the boat starting at
    `boat_at` and the ambulance at `ambulance_at` when given. Needs a network (check
    `network()` first); raises NoRoute when the network finds none."""
    from phangnga.geo.routing import RoutingError

    net = network()
    if net is None:
        raise NoRoute("no routing network")
    extra = {}
    if boat_at is not None:
        extra["boat_at"] = boat_at
    if ambulance_at is not None:
        extra["ambulance_at"] = ambulance_at
    try:
        with serialised():
            return net.plan(a, b, boat=boat, sea_state=sea_state, **extra).to_dict()
    except RoutingError as exc:
        raise NoRoute(getattr(exc, "detail", None) or str(exc)) from exc


def reset() -> None:
    """Forget the network and the router (tests; after changing routing settings)."""
    with _lock:
        _state.clear()
