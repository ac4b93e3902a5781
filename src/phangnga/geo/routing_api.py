"""Routing API: GET /geo/route and POST /geo/matrix (mounted from geo/api.py).

Read-only and free of personal data, so open like the places map. Errors use the
platform format; coordinate problems name the request field (`from`, `to`,
`boat_at`, `origins[2]`, ...).
"""

from __future__ import annotations

from typing import Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from phangnga.core.errors import ApiError
from phangnga.core.validation import latitude, longitude, number

from .routing import RoutingError
from .routing_service import get_network

router = Router(tags=["routing"])

MAX_MATRIX_POINTS = 50
# Kernel field names -> the names this API's callers used.
_FIELD_NAMES = {"origin": "from", "destination": "to"}


def _as_api_error(exc: RoutingError, rename: dict[str, str] | None = None) -> ApiError:
    names = {**_FIELD_NAMES, **(rename or {})}
    fields = {names.get(k, k): v for k, v in exc.fields().items()}
    # A route that does not exist is "not found"; one refused because of an input is 422.
    status = 404 if exc.code == "no_route" and not fields else 422
    return ApiError(status, exc.code, exc.detail, fields)


def parse_point(value: str | None, field: str) -> tuple[float, float] | None:
    if value is None or value == "":
        return None
    try:
        lat_s, lon_s = value.split(",")
        return float(lat_s), float(lon_s)
    except ValueError:
        raise ApiError(
            422, "invalid", f"{field}: expected LAT,LON in decimal degrees", {field: "expected LAT,LON"}
        ) from None


def _sea_state(value: str | None) -> str:
    """The caller's sea state, else the season's usual one (SW monsoon May-Oct is rougher)."""
    if value:
        return value
    return get_network().fleet.default_sea_state(timezone.localtime().month)


# The sea states of the fleet's speed tables (boats.json); "" or none: the season's usual one.
SeaState = Literal["calm", "moderate", "rough", ""]
# "LAT,LON" in decimal degrees, as parse_point reads it.
LATLON = r"^\s*[-+]?[0-9]{1,3}(\.[0-9]+)?\s*,\s*[-+]?[0-9]{1,3}(\.[0-9]+)?\s*$"


class RouteQuery(Schema):
    from_: str = Field(..., alias="from", description="Origin as LAT,LON", max_length=64, pattern=LATLON)
    to: str = Field(..., description="Destination as LAT,LON", max_length=64, pattern=LATLON)
    mode: Literal["sea", "road", "multi"] = "multi"
    boat: str = Field("speedboat", description="Boat class (boats.json)", max_length=32)
    sea_state: SeaState | None = Field(None, description='Default (or ""): the season\'s')
    vehicle: str = Field("ambulance", description="Road vehicle (vehicles.json)", max_length=32)
    boat_at: str | None = Field(
        None,
        description="LAT,LON of the boat, which must first sail to the pickup",
        max_length=64,
        pattern=LATLON,
    )
    ambulance_at: str | None = Field(
        None,
        description="LAT,LON of the ambulance, which must first drive there",
        max_length=64,
        pattern=LATLON,
    )
    transfer_min: number(0, 240) | None = Field(None, description="Minutes to move the patient at a pier")


@router.get(
    "/geo/route", auth=None, summary="Fastest route by sea, road or both (itinerary with GeoJSON legs)"
)
def route(request, q: Query[RouteQuery]):
    origin = parse_point(q.from_, "from")
    destination = parse_point(q.to, "to")
    boat_at = parse_point(q.boat_at, "boat_at")
    ambulance_at = parse_point(q.ambulance_at, "ambulance_at")
    network = get_network()
    sea_state = _sea_state(q.sea_state)
    try:
        if q.mode == "sea":
            itinerary = network.sea_route(origin, destination, boat=q.boat, sea_state=sea_state)
        elif q.mode == "road":
            itinerary = network.road_route(origin, destination, vehicle=q.vehicle)
        else:
            itinerary = network.plan(
                origin, destination, boat=q.boat, sea_state=sea_state, boat_at=boat_at,
                ambulance_at=ambulance_at, transfer_min=q.transfer_min, vehicle=q.vehicle,
            )  # fmt: skip
    except RoutingError as exc:
        raise _as_api_error(exc) from None
    body = itinerary.to_dict()
    body.update({"mode": q.mode, "boat": q.boat, "sea_state": sea_state, "vehicle": q.vehicle})
    return body


# A point is [lat, lon] inside the region: the schema says so (the pair, and the region's bounds).
POINT = tuple[latitude(), longitude()]


class MatrixIn(Schema):
    origins: list[POINT] = Field(
        ..., min_length=1, max_length=MAX_MATRIX_POINTS, description="[[lat, lon], ...]"
    )
    destinations: list[POINT] = Field(..., min_length=1, max_length=MAX_MATRIX_POINTS)
    mode: Literal["sea", "road", "multi"] = "multi"
    boat: str = Field("speedboat", max_length=32)
    sea_state: SeaState | None = None
    vehicle: str = Field("ambulance", max_length=32)
    transfer_min: number(0, 240) | None = None


def _points(values: list[tuple[float, float]], field: str) -> list[tuple[float, float]]:
    points = []
    for i, value in enumerate(values):
        if len(value) != 2:
            raise ApiError(
                422, "invalid", f"{field}[{i}]: expected [lat, lon]", {f"{field}[{i}]": "expected [lat, lon]"}
            )
        points.append((value[0], value[1]))
    return points


@router.post(
    "/geo/matrix", auth=None, summary="ETA minutes for origins x destinations (null when unreachable)"
)
def matrix(request, payload: MatrixIn):
    origins = _points(payload.origins, "origins")
    destinations = _points(payload.destinations, "destinations")
    sea_state = _sea_state(payload.sea_state)
    try:
        eta = get_network().matrix(
            origins, destinations, mode=payload.mode, boat=payload.boat, sea_state=sea_state,
            vehicle=payload.vehicle, transfer_min=payload.transfer_min,
        )  # fmt: skip
    except RoutingError as exc:
        raise _as_api_error(exc) from None
    return {"eta_min": eta, "mode": payload.mode, "boat": payload.boat, "sea_state": sea_state}
