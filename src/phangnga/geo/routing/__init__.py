"""Routing kernel: sea routes around land, a skeleton road graph, multimodal plans.

Pure Python (shapely, numpy, scipy; no Django). Entry point:

    from phangnga.geo.coastline import land_polygons
    from phangnga.geo.routing import Network, default_piers

    net = Network.build(land_polygons(cache_dir), default_piers(), cache_dir=cache_dir)
    net.sea_route((8.0825, 98.5995), (8.33, 98.493), boat="speedboat", sea_state="calm")
    net.road_route((8.615, 98.240), (7.8968, 98.3838))
    net.plan((7.955, 98.590), (7.8968, 98.3838)).to_dict()
    net.matrix(origins, destinations, mode="multi")

Points are `(lat, lon)` tuples, `LatLon(lat, lon)` or `{"lat", "lon"[, "name"]}`
dicts. Errors (all `RoutingError`, with `.code`, `.detail`, `.field`): `OutOfRegion`,
`UnknownClass`, `NoRoute`. See docs/routing.md.
"""

from .errors import NoRoute, OutOfRegion, RoutingError, UnknownClass
from .geometry import LatLon
from .itinerary import Itinerary, Leg
from .network import Network
from .piers import Pier, default_piers
from .vehicles import Fleet, load_fleet

__all__ = [
    "Fleet",
    "Itinerary",
    "LatLon",
    "Leg",
    "Network",
    "NoRoute",
    "OutOfRegion",
    "Pier",
    "RoutingError",
    "UnknownClass",
    "default_piers",
    "load_fleet",
]
