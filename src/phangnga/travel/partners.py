"""Guarded calls into apps other teams own: prevention (warnings, AEDs) and the routing engine.

Each may be missing, half-built or failing; the tourist page must still load, so every call is
wrapped, its answer normalised to plain dicts, and an absent answer simply hides that box."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from phangnga.geo.places import haversine_km, nearest

log = logging.getLogger(__name__)

SITE_MARGIN_KM = 1.0


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        value = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
        if value is not None:
            return value
    return None


def _function(module_name: str, name: str) -> Callable | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    fn = getattr(module, name, None)
    return fn if callable(fn) else None


def _text(value: Any, lang: str) -> tuple[str, bool]:
    """The prevention app writes {"en": ..., "th": ..., ...}: (text, in English instead of `lang`); a
    missing translation is shown in English, and said to be."""
    if isinstance(value, dict):
        if value.get(lang):
            return str(value[lang]), False
        english = str(value.get("en") or "")
        return english, bool(english) and lang != "en"
    return str(value or ""), False


ALERTS_SECONDS = 30


def _province_alerts() -> list | None:
    """The prevention app's active alerts for the whole province, shared by every landing page for
    ALERTS_SECONDS: a new warning reaches the signs within half a minute, and a busy beach does
    not recompute the list on every scan."""
    fn = _function("phangnga.prevention.cap", "active_alerts")
    if fn is None:
        return None
    cached = cache.get("travel:alerts")
    if cached is not None:
        return cached
    try:
        alerts = list(fn() or [])
    except Exception:
        log.exception("emergency alerts lookup failed")
        return None
    cache.set("travel:alerts", alerts, ALERTS_SECONDS)
    return alerts


def active_warnings(
    lat: float, lon: float, lang: str = "en", site_radius_km: float = 0.0
) -> list[dict] | None:
    """[{"title", "detail", "instruction", "severity"}] of the prevention app's active alerts that
    reach the site (alert radius + site radius + a margin; an alert without a position is
    province-wide). None when the prevention app offers no alerts function: the page then shows
    no warnings line at all rather than a false "no warnings"."""
    alerts = _province_alerts()
    if alerts is None:
        return None
    try:
        found = []
        for alert in alerts:
            a_lat, a_lon = _get(alert, "lat"), _get(alert, "lon")
            if a_lat is not None and a_lon is not None:
                reach = float(_get(alert, "radius_km") or 0) + site_radius_km + SITE_MARGIN_KM
                if haversine_km(lat, lon, float(a_lat), float(a_lon)) > reach:
                    continue
            parts = {
                key: _text(_get(alert, *names), lang)
                for key, names in (("title", ("headline", "event")), ("detail", ("description",)),
                                   ("instruction", ("instruction",)))
            }  # fmt: skip
            # The CAP Thai description names the place again for readers of the feed alone; under a
            # title that already names it the page says it once.
            where_th, (detail, english) = _get(alert, "area_th"), parts["detail"]
            if lang == "th" and where_th and where_th in parts["title"][0]:
                parts["detail"] = (detail.replace(f" บริเวณ{where_th}", ""), english)
            found.append(
                {
                    **{key: text for key, (text, _) in parts.items()},
                    # Each part read in English for want of a translation (the page marks it).
                    **{f"{key}_fallback": english for key, (_, english) in parts.items()},
                    "severity": str(_get(alert, "severity") or ""),
                }
            )
        return found
    except Exception:
        log.exception("emergency warnings lookup failed")
        return None


def nearest_aed(lat: float, lon: float) -> dict | None:
    """{"name", "lat", "lon", "distance_km"} of the nearest usable AED (expired pads or battery
    are skipped); None when unknown."""
    fn = _function("phangnga.prevention.registries", "nearest_aeds")
    if fn is None:
        return None
    try:
        for aed in fn(lat, lon, limit=5) or []:
            if _get(aed, "usable") is False:
                continue
            a_lat, a_lon = _get(aed, "lat"), _get(aed, "lon")
            if a_lat is None or a_lon is None:
                continue
            parts = [str(p) for p in (_get(aed, "location"), _get(aed, "owner")) if p]
            distance = _get(aed, "distance_km")
            return {
                "name": " · ".join(parts) or "AED",
                "lat": float(a_lat),
                "lon": float(a_lon),
                "distance_km": float(
                    distance if distance is not None else haversine_km(lat, lon, a_lat, a_lon)
                ),
            }
        return None
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


BOAT = "speedboat"
SEA_STATE = "calm"


def boat_leg(pier: dict, lat: float, lon: float) -> dict | None:
    """{"eta_min", "distance_km", "boat", "sea_state"} of the boat trip from the pier (its river
    leg included) to the site, by the routing engine (`phangnga.geo.routing_service`, another
    team's); None when the engine is missing, fails, or finds no route. The first call in a
    process loads the engine's sea graph (about half a second from its disk cache); the landing
    page caches the answer with the attraction's surroundings."""
    try:
        service = importlib.import_module("phangnga.geo.routing_service")
        network = service.get_network()
        link = network.pier_link(pier["code"])
        start = link.pier if link is not None else (pier["lat"], pier["lon"])
        itinerary = network.sea_route(start, (lat, lon), boat=BOAT, sea_state=SEA_STATE)
        eta, km = _get(itinerary, "eta_min"), _get(itinerary, "distance_km")
    except ImportError:
        return None
    except Exception as exc:  # NoRoute, a half-built engine, a missing cache: hide the line
        log.info("no boat leg from %s: %s", pier.get("code"), exc)
        return None
    if eta is None or km is None:
        return None
    return {"eta_min": float(eta), "distance_km": float(km), "boat": BOAT, "sea_state": SEA_STATE}
