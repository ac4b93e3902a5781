"""Tourist languages: choosing one from Accept-Language, and picking a text with English fallback.

Pure functions over plain values (no Django import; `tourist_language` only reads a request's
headers, query and cookies), unit-tested alone."""

from __future__ import annotations

from collections.abc import Mapping

LANGS = ("th", "en", "zh-hans", "ru", "de")
FALLBACK = "en"
COOKIE = "travel_lang"  # the tourist's explicit choice, shared by every tourist-facing page
LANG_LABELS = {"th": "ไทย", "en": "English", "zh-hans": "中文", "ru": "Русский", "de": "Deutsch"}


def normalise(tag: str) -> str | None:
    """A browser language tag -> one of LANGS, or None. Any Chinese goes to Simplified: it is
    the only Chinese we write, and closer to a Traditional reader than English."""
    tag = tag.strip().lower().replace("_", "-")
    if not tag:
        return None
    if tag in LANGS:
        return tag
    primary = tag.split("-", 1)[0]
    if primary == "zh":
        return "zh-hans"
    return primary if primary in LANGS else None


def parse_accept_language(header: str | None) -> list[tuple[str, float]]:
    """'th-TH,th;q=0.9,en;q=0.5' -> [(tag, q)] sorted by q, stable for equal q."""
    items = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and q > 0:
            items.append((index, tag.strip(), q))
    items.sort(key=lambda t: (-t[2], t[0]))
    return [(tag, q) for _, tag, q in items]


def negotiate(accept_language: str | None, requested: str | None = None) -> str:
    """The explicit choice (?lang= or the switcher's cookie) wins, then Accept-Language, then English."""
    if requested and (lang := normalise(requested)):
        return lang
    for tag, _ in parse_accept_language(accept_language):
        if tag == "*":
            break
        if lang := normalise(tag):
            return lang
    return FALLBACK


def pick_text(texts: Mapping[str, str] | None, lang: str) -> tuple[str, bool]:
    """(text in `lang`, False) or (English text, True) when that language is missing."""
    texts = texts or {}
    if value := (texts.get(lang) or "").strip():
        return value, False
    return (texts.get(FALLBACK) or "").strip(), lang != FALLBACK


def tourist_language(request) -> str:
    """The language of a tourist-facing page for this request (any object with Django's
    `headers`, `GET` and `COOKIES`): ?lang=, then the switcher's cookie, then Accept-Language."""
    return negotiate(
        request.headers.get("Accept-Language"), request.GET.get("lang") or request.COOKIES.get(COOKIE)
    )
