"""Places registry and coastline API."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from ninja import Query, Router, Schema

from phangnga.core import roles
from phangnga.core.audit import Actor
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.validation import number, text

from . import land, places
from .models import District, Place, PlaceKind
from .places import feature, haversine_km, require_in_region
from .schemas import KNOWN_CAPABILITIES, PlaceCollection, PlaceFeature, PlaceIn, RegionOut

router = Router(tags=["places"])
PREFIX = ""


class PlaceFilters(Schema):
    kind: PlaceKind | None = None
    district: text(64) | None = None
    capability: text(32) | None = None
    near: text(64) | None = None
    within_km: number(0, 1000) | None = None


def parse_lat_lon(value: str, field: str) -> tuple[float, float]:
    try:
        lat_s, lon_s = value.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise FieldError(field, "expected LAT,LON in decimal degrees") from None
    require_in_region(lat, lon, field)
    return lat, lon


@router.get("/places", auth=None, response=PlaceCollection, summary="Places as a GeoJSON FeatureCollection")
def list_places(request, filters: Query[PlaceFilters]):
    qs = Place.objects.filter(active=True).select_related("district")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.district:
        if not District.objects.filter(code=filters.district).exists():
            raise FieldError("district", f"unknown district {filters.district!r}")
        qs = qs.filter(district__code=filters.district)
    places = list(qs)
    if filters.capability:
        places = [p for p in places if p.has_capability(filters.capability)]
    distances: dict[int, float] = {}
    if filters.near:
        lat, lon = parse_lat_lon(filters.near, "near")
        distances = {p.id: haversine_km(lat, lon, p.lat, p.lon) for p in places}
        if filters.within_km is not None:
            if filters.within_km <= 0:
                raise FieldError("within_km", "must be greater than 0")
            places = [p for p in places if distances[p.id] <= filters.within_km]
        places.sort(key=lambda p: distances[p.id])
    elif filters.within_km is not None:
        raise FieldError("near", "within_km needs near=LAT,LON")
    features = []
    for place in places:
        item = feature(place)
        if place.id in distances:
            item["properties"]["distance_km"] = round(distances[place.id], 3)
        features.append(item)
    return {"type": "FeatureCollection", "features": features}


@router.get("/places/{place_id}", auth=None, response=PlaceFeature, summary="One place as a GeoJSON Feature")
def get_place(request, place_id: int):
    return feature(get_object_or_404(Place.objects.select_related("district"), pk=place_id))


@router.post(
    "/places", auth=token_or_session, response={201: PlaceFeature}, summary="Add a place (editor roles)"
)
def create_place(request, payload: PlaceIn):
    user = require_role(request, *roles.PLACE_EDITORS)
    kinds = roles.place_kinds_for(user)
    kind = str(getattr(payload.kind, "value", payload.kind))
    if kinds is not None and kind not in kinds:
        raise ApiError(403, "forbidden", f"your roles may not add a place of kind {kind!r}",
                       {"kind": f"one of: {', '.join(sorted(kinds))}"})  # fmt: skip
    require_in_region(payload.lat, payload.lon)
    unknown = set(payload.capabilities) - KNOWN_CAPABILITIES
    if unknown:
        raise FieldError("capabilities", f"unknown capability codes: {sorted(unknown)}")
    district = None
    if payload.district:
        district = District.objects.filter(code=payload.district).first()
        if district is None:
            raise FieldError("district", f"unknown district {payload.district!r}")
    if payload.sea_access:
        require_in_region(*payload.sea_access, "sea_access")
    code = payload.code or slugify(f"{payload.kind}-{payload.name_en}")[:64]
    if Place.objects.filter(code=code).exists():
        raise FieldError("code", f"a place with code {code!r} exists already", code="duplicate")
    place = places.add_place(
        Actor.of(request, user),
        code=code,
        kind=payload.kind,
        name_th=payload.name_th,
        name_en=payload.name_en,
        lat=payload.lat,
        lon=payload.lon,
        district=district,
        level=payload.level or "",
        capabilities=payload.capabilities,
        source=payload.source,
        accuracy_m=payload.accuracy_m,
        sea_access_lat=payload.sea_access[0] if payload.sea_access else None,
        sea_access_lon=payload.sea_access[1] if payload.sea_access else None,
        river_min=payload.river_min,
        audit_changes=payload.dict(),
    )
    return 201, feature(place)


@router.get("/geo/land", auth=None, summary="Land polygons of the region (OSM via roaring-landmask), GeoJSON")
def get_land(request):
    return HttpResponse(
        land.geojson_bytes(),
        content_type="application/geo+json",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/geo/region", auth=None, response=RegionOut, summary="The configured region box")
def get_region(request):
    min_lon, min_lat, max_lon, max_lat = settings.REGION
    return {"min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon, "max_lat": max_lat}


router.add_router("", "phangnga.geo.routing_api.router")  # GET /geo/route, POST /geo/matrix
