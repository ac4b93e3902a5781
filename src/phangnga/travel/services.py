"""Smart Travel services: resolving signs, composing the landing page, recording scans, analytics."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from phangnga.geo.places import haversine_km

from . import codes, navigation, partners, weather
from .device import device_class
from .i18n import pick_text
from .models import Attraction, Scan, Sign
from .season import in_season


def sign_url(code: str) -> str:
    """What the QR encodes: the configured public base URL, never the request's host."""
    return f"{settings.PUBLIC_BASE_URL}/s/{code}"


def media_url(relpath: str) -> str:
    return reverse("travel:media", args=[relpath.removeprefix("travel/")]) if relpath else ""


@dataclass
class Resolved:
    sign: Sign | None  # None on the website's detail page of an attraction without a sign
    attraction: Attraction  # what the tourist is shown
    retired: Attraction | None = None  # the sign's own attraction, when it has been retired


def resolve_sign(code: str) -> Resolved | None:
    """The sign and the attraction to show; a retired attraction leads to the nearest active one."""
    sign = Sign.objects.select_related("attraction__place").filter(code=codes.normalise(code)).first()
    if sign is None:
        return None
    if sign.attraction.active:
        return Resolved(sign, sign.attraction)
    replacement = nearest_active(
        sign.attraction.place.lat, sign.attraction.place.lon, exclude=sign.attraction_id
    )
    if replacement is None:
        return None
    return Resolved(sign, replacement, retired=sign.attraction)


def nearest_active(lat: float, lon: float, exclude: int | None = None, limit: int = 1) -> Attraction | None:
    found = nearby(lat, lon, exclude=exclude, limit=limit)
    return found[0][0] if found else None


def nearby(
    lat: float, lon: float, exclude: int | None = None, limit: int = 3
) -> list[tuple[Attraction, float]]:
    qs = Attraction.objects.filter(active=True).select_related("place")
    if exclude:
        qs = qs.exclude(pk=exclude)
    ranked = sorted(((a, haversine_km(lat, lon, a.place.lat, a.place.lon)) for a in qs), key=lambda t: t[1])
    return ranked[:limit]


def record_scan(sign: Sign, lang: str, user_agent: str | None, day: date | None = None) -> Scan:
    """Count a view: the day, the language and a device class. The IP and the User-Agent are
    read here and dropped; nothing that identifies the tourist is stored."""
    return Scan.objects.create(
        sign=sign, day=day or timezone.localdate(), language=lang, device=device_class(user_agent)
    )


def texts(attraction: Attraction, lang: str) -> dict:
    """Everything language-dependent about an attraction, each with its fallback flag."""
    name, name_fb = attraction.name(lang)
    description, desc_fb = attraction.description(lang)
    note, note_fb = pick_text(attraction.hours_note, lang)
    identity = []
    for item in attraction.identity or []:
        text, fb = pick_text(item.get("text"), lang)
        if text:
            identity.append({"aspect": item.get("aspect", ""), "text": text, "fallback": fb})
    return {
        "name": name,
        "name_fallback": name_fb,
        "description": description,
        "description_fallback": desc_fb,
        "hours_note": note,
        "hours_note_fallback": note_fb,
        "identity": identity,
    }


def opening(attraction: Attraction, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        "opens": attraction.opens.strftime("%H:%M") if attraction.opens else None,
        "closes": attraction.closes.strftime("%H:%M") if attraction.closes else None,
        "season_start": attraction.season_start or None,
        "season_end": attraction.season_end or None,
        "in_season": in_season(attraction.season_start, attraction.season_end, today),
        "fee_thai_thb": attraction.fee_thai_thb,
        "fee_foreign_thb": attraction.fee_foreign_thb,
        "fees_checked": attraction.fees_checked,
    }


def attraction_dict(attraction: Attraction, lang: str = "en") -> dict:
    place = attraction.place
    return {
        "code": attraction.code,
        "category": attraction.category,
        "lang": lang,
        **texts(attraction, lang),
        "names": attraction.names,
        "missing_languages": attraction.missing_languages(),
        "place": {
            "code": place.code,
            "lat": place.lat,
            "lon": place.lon,
            "source": place.source,
            "accuracy_m": place.accuracy_m,
            "needs_check": place.needs_check,
        },
        "opening": opening(attraction),
        "needs_boat": attraction.needs_boat,
        "poster_url": media_url(attraction.poster),
        "clip_url": media_url(attraction.clip),
        "active": attraction.active,
        "url": reverse("travel:detail", args=[attraction.code]),
    }


SURROUNDINGS_SECONDS = 300


def surroundings(attraction: Attraction, lang: str) -> dict:
    """What changes rarely around an attraction: nearest pier and boat leg, nearby attractions, the
    nearest AED. Cached for a few minutes (the landing page must answer fast on a busy day); the
    key holds the attraction's updated_at, so editing it shows at once, while a neighbour's change
    or a new AED shows within SURROUNDINGS_SECONDS."""
    key = f"travel:around:{attraction.pk}:{attraction.updated_at.timestamp()}:{lang}"
    if (cached := cache.get(key)) is not None:
        return cached
    place = attraction.place
    lat, lon = place.lat, place.lon
    boat = None
    if attraction.needs_boat and (pier := partners.nearest_pier(lat, lon)):
        boat = {
            "pier": pier,
            "pier_name": pier["name_th"] if lang == "th" else pier["name_en"],
            "leg": partners.boat_leg(pier, lat, lon),
        }
    value = {
        "boat": boat,
        "nearby": [(a.code, a.name(lang)[0], km) for a, km in nearby(lat, lon, exclude=attraction.pk)],
        "aed": partners.nearest_aed(lat, lon),
    }
    cache.set(key, value, SURROUNDINGS_SECONDS)
    return value


def landing(resolved: Resolved, lang: str) -> dict:
    """The landing page's content for one sign in one language."""
    attraction = resolved.attraction
    place = attraction.place
    lat, lon = place.lat, place.lon
    return {
        "sign": resolved.sign,
        "attraction": attraction,
        "retired": resolved.retired,
        "retired_name": resolved.retired.name(lang)[0] if resolved.retired else "",
        "t": texts(attraction, lang),
        "opening": opening(attraction),
        "today": timezone.localdate().isoformat(),  # the cached page fragment says "open now" per day
        "poster_url": media_url(attraction.poster),
        "clip_url": media_url(attraction.clip),
        "clip_is_video": attraction.clip.endswith((".webm", ".mp4")),
        "weather": weather.current_temperature(lat, lon),
        "nav": navigation.links(lat, lon, attraction.name(lang)[0]),
        "lat": lat,
        "lon": lon,
        **surroundings(attraction, lang),
        "warnings": partners.active_warnings(lat, lon, lang, place.accuracy_m / 1000),
    }


def _haystack(attraction: Attraction) -> str:
    """Names, descriptions and identity notes in every language, for a plain substring search
    (25-odd attractions: no index needed)."""
    parts = [*attraction.names.values(), *attraction.descriptions.values()]
    for item in attraction.identity or []:
        parts.extend((item.get("text") or {}).values())
    return "\n".join(parts).casefold()


def search(q: str = "", category: str = "") -> list[Attraction]:
    qs = Attraction.objects.filter(active=True).select_related("place")
    if category:
        qs = qs.filter(category=category)
    items = list(qs)
    if q:
        needle = q.strip().casefold()
        items = [a for a in items if needle in _haystack(a)]
    return items


@transaction.atomic
def create_sign(attraction: Attraction, rng: random.Random | None = None, **fields) -> Sign:
    """A sign with a fresh unique code (retries on the rare collision)."""
    for _ in range(20):
        code = codes.new_code(rng)
        if Sign.objects.filter(code=code).exists():
            continue
        try:
            with transaction.atomic():
                return Sign.objects.create(code=code, attraction=attraction, **fields)
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free sign code")


# --- analytics -----------------------------------------------------------------------------------


def scan_counts(start: date | None = None, end: date | None = None, include_bots: bool = True) -> dict:
    qs = Scan.objects.all()
    if start:
        qs = qs.filter(day__gte=start)
    if end:
        qs = qs.filter(day__lte=end)
    if not include_bots:
        qs = qs.filter(~Q(device="bot"))

    def by(field: str) -> list[dict]:
        return list(qs.values(field).annotate(scans=Count("id")).order_by("-scans", field))

    per_sign = list(
        qs.values("sign__code", "sign__attraction__code", "sign__attraction__names")
        .annotate(scans=Count("id"))
        .order_by("-scans", "sign__code")
    )
    return {
        "total": qs.count(),
        "per_sign": per_sign,
        "per_day": sorted(by("day"), key=lambda r: r["day"]),
        "per_language": by("language"),
        "per_device": by("device"),
    }


def scan_rows(start: date | None = None, end: date | None = None):
    """(day, sign, attraction, language, device, scans) for the CSV export, one row per combination."""
    qs = Scan.objects.all()
    if start:
        qs = qs.filter(day__gte=start)
    if end:
        qs = qs.filter(day__lte=end)
    return (
        qs.values_list("day", "sign__code", "sign__attraction__code", "language", "device")
        .annotate(scans=Count("id"))
        .order_by("day", "sign__code", "language", "device")
    )
