"""Guarded calls into apps other teams own: emergency (warnings, AEDs) and the routing engine.

Each may be missing, half-built or failing; the tourist page must still load, so every call is
wrapped, its answer normalised to plain dicts, and an absent answer simply hides that box."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from phangnga.geo.places import haversine_km, nearest

log = logging.getLogger(__name__)

EMERGENCY_MODULES = (
    "phangnga.emergency.public",
    "phangnga.emergency.services",
    "phangnga.emergency.prevention",
    "phangnga.emergency.warnings",
    "phangnga.emergency.aeds",
)
WARNING_FUNCTIONS = ("active_warnings_near", "active_warnings", "warnings_near")
AED_FUNCTIONS = ("nearest_aed", "nearest_aeds")
WARNING_RADIUS_KM = 5.0


def _find(modules: tuple[str, ...], names: tuple[str, ...]) -> Callable | None:
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            if callable(fn := getattr(module, name, None)):
                return fn
    return None


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        value = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
        if value is not None:
            return value
    return None


def _call(fn: Callable, lat: float, lon: float, **kwargs) -> Any:
    try:
        return fn(lat, lon, **kwargs)
    except TypeError:
        return fn(lat, lon)  # the other app's function may not take our keyword


def active_warnings(lat: float, lon: float, radius_km: float = WARNING_RADIUS_KM) -> list[dict] | None:
    """[{"title", "detail", "severity"}] active near the site; None when the emergency app offers none."""
    fn = _find(EMERGENCY_MODULES, WARNING_FUNCTIONS)
    if fn is None:
        return None
    try:
        raw = _call(fn, lat, lon, radius_km=radius_km) or []
        warnings = []
        for item in raw:
            title = _get(item, "title", "headline", "name", "event")
            if title:
                warnings.append(
                    {
                        "title": str(title),
                        "detail": str(_get(item, "detail", "description", "instruction") or ""),
                        "severity": str(_get(item, "severity", "level", "kind") or ""),
                    }
                )
        return warnings
    except Exception:
        log.exception("emergency warnings lookup failed")
        return None


def _unwrap_aed(raw: Any) -> tuple[Any, float | None]:
    """An AED, a list of AEDs, an (aed, km) pair or a list of those -> (aed, km or None)."""
    if isinstance(raw, list | tuple) and raw:
        if len(raw) == 2 and isinstance(raw[1], int | float) and not isinstance(raw[0], int | float):
            return raw[0], float(raw[1])
        return _unwrap_aed(raw[0])
    return raw, None


def nearest_aed(lat: float, lon: float) -> dict | None:
    """{"name", "lat", "lon", "distance_km"} of the nearest AED; None when unknown."""
    fn = _find(EMERGENCY_MODULES, AED_FUNCTIONS)
    if fn is None:
        return None
    try:
        raw, distance = _unwrap_aed(fn(lat, lon))
        if not raw:
            return None
        a_lat, a_lon = _get(raw, "lat", "latitude"), _get(raw, "lon", "lng", "longitude")
        if a_lat is None or a_lon is None:
            return None
        distance = distance or _get(raw, "distance_km") or haversine_km(lat, lon, float(a_lat), float(a_lon))
        return {
            "name": str(_get(raw, "name", "label", "location", "code") or "AED"),
            "lat": float(a_lat),
            "lon": float(a_lon),
            "distance_km": float(distance),
        }
    except Exception:
        log.exception("nearest AED lookup failed")
        return None


def nearest_pier(lat: float, lon: float) -> dict | None:
    found = nearest(lat, lon, kinds="pier", limit=1)
    if not found:
        return None
    pier, km = found[0]
    return {
        "code": pier.code,
        "name_th": pier.name_th,
        "name_en": pier.name_en,
        "lat": pier.lat,
        "lon": pier.lon,
        "straight_km": km,
    }


def boat_leg(pier: dict, lat: float, lon: float) -> dict | None:
    """{"eta_min", "distance_km"} of the boat leg pier -> site from the routing engine, or None when
    the engine (phangnga.geo.routing_service, another team's) is not there."""
    try:
        service = importlib.import_module("phangnga.geo.routing_service")
        network = service.get_network()
    except Exception:
        return None
    start = (pier["lat"], pier["lon"])
    end = (lat, lon)
    attempts = [
        lambda: network.sea_route(start, end),
        lambda: network.route(start, end, mode="sea"),
        lambda: service.route(start, end, mode="sea"),
        lambda: service.plan(start, end, mode="sea"),
    ]
    for attempt in attempts:
        try:
            result = attempt()
        except (AttributeError, TypeError):
            continue
        except Exception:
            log.exception("routing engine failed for the boat leg")
            return None
        eta, km = _get(result, "eta_min", "duration_min"), _get(result, "distance_km")
        if eta is not None and km is not None:
            return {"eta_min": float(eta), "distance_km": float(km)}
    return None
