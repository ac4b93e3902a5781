"""The public emergency page, /emergency/help: no account, the tourist's language, tiny for 2G.

A QR smart sign's page links here with the sign's position (`lat`, `lon`, `at`), so a tourist who
cannot get through to 1669 sends a report with a position and a phone number in a few taps.
"""

from __future__ import annotations

import json

from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from phangnga.geo.models import Place
from phangnga.geo.places import in_region
from phangnga.travel.i18n import LANG_LABELS, LANGS, tourist_language

from . import public_help

PLACE_KINDS = ("beach", "island", "dive_site", "pier")


def _sign_position(query) -> tuple[float, float] | None:
    """The sign's position from the link, when it is a real point in the region (else none)."""
    try:
        lat, lon = float(query.get("lat", "")), float(query.get("lon", ""))
    except ValueError:
        return None
    return None if not in_region(lat, lon) else (round(lat, 5), round(lon, 5))


@require_GET
@vary_on_headers("Accept-Language", "Cookie")
def help_page(request):
    lang = tourist_language(request)
    position = _sign_position(request.GET)
    places = (
        Place.objects.filter(kind__in=PLACE_KINDS, active=True)
        .order_by("name_en")
        .values_list("code", "name_en", "name_th")
    )
    with translation.override(lang):
        response = render(
            request,
            "emergency/help.html",
            {
                "lang": lang,
                "langs": [(c, LANG_LABELS[c]) for c in LANGS],
                "kinds": [(k, public_help.KIND_WORDS[k]) for k in public_help.PUBLIC_KINDS],
                "signs": [(s, public_help.SIGN_WORDS[s]) for s in public_help.PUBLIC_SIGNS],
                "places": places,
                "position": position,
                "at": request.GET.get("at", "")[:80] if position else "",
            },
        )
    response.headers["Content-Language"] = lang
    return response


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """/emergency/sw.js: keeps the two report pages (and their static files) for offline use."""
    pages = [reverse("emergency:help"), reverse("emergency:report")]
    return render(
        request,
        "emergency/sw.js",
        {"pages": json.dumps(pages), "static_prefix": static("")},
        content_type="application/javascript",
    )
