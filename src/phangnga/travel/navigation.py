"""Navigation links for a destination; the tourist's GPS origin is added in the browser. Pure."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def _pt(lat: float, lon: float) -> str:
    return f"{lat:.6f},{lon:.6f}"


def google_maps(lat: float, lon: float, origin: tuple[float, float] | None = None) -> str:
    params = {"api": "1", "destination": _pt(lat, lon)}
    if origin:
        params["origin"] = _pt(*origin)
    return "https://www.google.com/maps/dir/?" + urlencode(params)


def apple_maps(lat: float, lon: float, name: str = "", origin: tuple[float, float] | None = None) -> str:
    params = {"daddr": _pt(lat, lon)}
    if name:
        params["q"] = name
    if origin:
        params["saddr"] = _pt(*origin)
    return "https://maps.apple.com/?" + urlencode(params)


def geo_uri(lat: float, lon: float, name: str = "") -> str:
    """RFC 5870 geo: URI; the ?q=lat,lon(label) form makes Android map apps drop a labelled pin."""
    uri = f"geo:{lat:.6f},{lon:.6f}"
    if name:
        uri += f"?q={lat:.6f},{lon:.6f}({quote(name)})"
    return uri


def links(lat: float, lon: float, name: str = "") -> dict[str, str]:
    return {
        "google": google_maps(lat, lon),
        "apple": apple_maps(lat, lon, name),
        "geo": geo_uri(lat, lon, name),
    }
