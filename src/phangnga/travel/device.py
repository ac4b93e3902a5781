"""Coarse device class from a User-Agent string; the string itself is never stored."""

from __future__ import annotations

import re

_BOT = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|curl|wget|python-requests|httpx|"
    r"headlesschrome|lighthouse|monitor",
    re.I,
)
_TABLET = re.compile(r"ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))", re.I)
_MOBILE = re.compile(r"mobi|iphone|ipod|android|blackberry|opera mini|iemobile|windows phone", re.I)


def device_class(user_agent: str | None) -> str:
    """'mobile' | 'tablet' | 'desktop' | 'bot'. An empty agent is a script, so a bot."""
    ua = user_agent or ""
    if not ua.strip() or _BOT.search(ua):
        return "bot"
    if _TABLET.search(ua):
        return "tablet"
    if _MOBILE.search(ua):
        return "mobile"
    return "desktop"
