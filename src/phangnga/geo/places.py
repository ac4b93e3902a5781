"""Public functions of the places registry (other apps call these, not the tables)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from phangnga.core.audit import Actor, record
from phangnga.core.errors import ApiError

from .models import District, Place
from .place_cache import active_places
from .routing.geometry import haversine_m

DATA_FILE = Path(__file__).parent / "data" / "places.json"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(haversine_m(lat1, lon1, lat2, lon2)) / 1000.0


def in_region(lat: float, lon: float) -> bool:
    min_lon, min_lat, max_lon, max_lat = settings.REGION
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


def region_error(lat: float, lon: float) -> dict[str, str]:
    """Field errors for a coordinate outside the configured region ({} when inside)."""
    min_lon, min_lat, max_lon, max_lat = settings.REGION
    errors = {}
    if not (min_lat <= lat <= max_lat):
        errors["lat"] = f"latitude {lat} is outside the region ({min_lat}..{max_lat})"
    if not (min_lon <= lon <= max_lon):
        errors["lon"] = f"longitude {lon} is outside the region ({min_lon}..{max_lon})"
    return errors


def require_in_region(lat: float, lon: float, field: str | None = None, *, names=("lat", "lon")) -> None:
    """Raise the platform's one "outside the region" error (422 `out_of_region`) unless the point
    is inside: naming the fields `names` (the request's own latitude and longitude fields), or
    `field` when the point came as one value."""
    errors = region_error(lat, lon)
    if not errors:
        return
    if field:
        errors = {field: f"{lat},{lon} is outside the province's region"}
    else:
        errors = {dict(zip(("lat", "lon"), names, strict=True))[k]: v for k, v in errors.items()}
    raise ApiError(422, "out_of_region", "; ".join(errors.values()), errors)


def nearest(
    lat: float,
    lon: float,
    *,
    kinds=None,
    capability: str | None = None,
    limit: int = 1,
    active_only: bool = True,
) -> list[tuple[Place, float]]:
    """Places nearest to a point by great-circle distance: [(place, km)]."""
    qs = Place.objects.all()
    if active_only:
        qs = qs.filter(active=True)
    if kinds:
        qs = qs.filter(kind__in=[kinds] if isinstance(kinds, str) else kinds)
    places = [p for p in qs if capability is None or p.has_capability(capability)]
    ranked = sorted(((p, haversine_km(lat, lon, p.lat, p.lon)) for p in places), key=lambda t: t[1])
    return ranked[:limit]


def with_capability(capability: str) -> list[Place]:
    return [p for p in Place.objects.filter(active=True) if p.has_capability(capability)]


def by_code(code: str) -> Place:
    return Place.objects.get(code=code)


@transaction.atomic
def load_registry(path: Path = DATA_FILE) -> int:
    """Create or update the districts and places of the data file (idempotent)."""
    data = json.loads(Path(path).read_text())
    districts = {}
    for row in data["districts"]:
        districts[row["code"]], _ = District.objects.update_or_create(
            code=row["code"], defaults={"name_th": row["name_th"], "name_en": row["name_en"]}
        )
    for row in data["places"]:
        sea = row.get("sea_access") or [None, None]
        Place.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name_th": row["name_th"],
                "name_en": row["name_en"],
                "lat": row["lat"],
                "lon": row["lon"],
                "district": districts.get(row.get("district")),
                "level": row.get("level", ""),
                "capabilities": row.get("capabilities", []),
                "source": row["source"],
                "accuracy_m": row["accuracy_m"],
                "needs_check": row.get("needs_check", False),
                "sea_access_lat": sea[0],
                "sea_access_lon": sea[1],
                "river_min": row.get("river_min"),
                "extra": row.get("extra", {}),
            },
        )
    return len(data["places"])


@transaction.atomic
def add_place(actor: Actor, *, audit_changes: dict, **fields) -> Place:
    """geo's one write by a person: a place added to the registry, audited with what was sent
    (the registry file itself is loaded by `load_registry`, a command, not audited)."""
    place = Place.objects.create(**fields)
    record(actor, "create", place, changes=audit_changes)
    return place


def feature(place: Place) -> dict:
    """One place as a GeoJSON Feature."""
    props = {
        "id": place.id,
        "code": place.code,
        "kind": place.kind,
        "name_th": place.name_th,
        "name_en": place.name_en,
        "district": place.district.code if place.district_id else None,
        "level": place.level or None,
        "capabilities": place.capabilities or [],
        "source": place.source,
        "accuracy_m": place.accuracy_m,
        "needs_check": place.needs_check,
        "active": place.active,
    }
    if place.kind == "pier":
        props["sea_access"] = (
            [place.sea_access_lat, place.sea_access_lon] if place.sea_access_lat is not None else None
        )
        props["river_min"] = place.river_min
    if place.extra:
        props["extra"] = place.extra
    return {
        "type": "Feature",
        "id": place.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": props,
    }


def local_names(lang: str, kinds: tuple[str, ...] = ("pier", "hospital", "health_centre")) -> dict[str, str]:
    """English registry name -> the name in `lang`, for texts built from routing legs (the routing
    engine names piers and facilities by their English registry name)."""
    if lang != "th":
        return {}
    places = active_places()
    return {p.name_en: p.name_th for kind in kinds for p in places.of_kind(kind) if p.name_th}
