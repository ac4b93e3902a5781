"""Pages: the tourist landing page behind each QR sign, the public attraction website (list,
search, map, detail, PWA), and the tourism officer's sign registry and scan analytics."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from phangnga.core import exports, roles
from phangnga.core.decorators import role_required

from . import media, printing, services
from .i18n import COOKIE, LANG_LABELS, LANGS, tourist_language
from .models import Attraction, Category, Sign


def _render_tourist(request, template: str, context: dict, lang: str, status: int = 200) -> HttpResponse:
    """Render in the tourist's language (any of the five, not only the staff pair)."""
    with translation.override(lang):
        response = render(
            request,
            template,
            {**context, "lang": lang, "langs": [(c, LANG_LABELS[c]) for c in LANGS]},
            status=status,
        )
    if request.GET.get("lang") in LANGS:
        response.set_cookie(COOKIE, lang, max_age=30 * 86400, samesite="Lax")
    response.headers["Content-Language"] = lang
    return response


@require_GET
@vary_on_headers("Accept-Language", "Cookie")
def landing(request, code: str):
    lang = tourist_language(request)
    resolved = services.resolve_sign(code)
    if resolved is None:
        return _render_tourist(request, "travel/landing_404.html", {"code": code[:20]}, lang, status=404)
    services.record_scan(resolved.sign, lang, request.headers.get("User-Agent"))
    return _render_tourist(request, "travel/landing.html", services.landing(resolved, lang), lang)


@require_GET
@vary_on_headers("Accept-Language", "Cookie")
def home(request):
    lang = tourist_language(request)
    q = request.GET.get("q", "")[:100]
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    items = [(a, a.name(lang)[0], a.description(lang)[0]) for a in services.search(q, category)]
    items.sort(key=lambda t: t[1])
    return _render_tourist(
        request,
        "travel/home.html",
        {"items": items, "q": q, "category": category, "categories": Category.choices},
        lang,
    )


@require_GET
@vary_on_headers("Accept-Language", "Cookie")
def detail(request, code: str):
    lang = tourist_language(request)
    attraction = get_object_or_404(Attraction.objects.select_related("place"), code=code, active=True)
    context = services.landing(services.Resolved(attraction.signs.first(), attraction), lang)
    return _render_tourist(request, "travel/detail.html", context, lang)


@require_GET
def map_page(request):
    lang = tourist_language(request)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [a.place.lon, a.place.lat]},
            "properties": {
                "code": a.code,
                "name": a.name(lang)[0],
                "category": a.category,
                "url": reverse("travel:detail", args=[a.code]) + f"?lang={lang}",
            },
        }
        for a in services.search()
    ]
    return _render_tourist(request, "travel/map.html", {"features": features}, lang)


# --- PWA -----------------------------------------------------------------------------------------


@require_GET
def manifest(request):
    return JsonResponse(
        {
            "name": "Phangnga Smart Travel",
            "short_name": "PN Travel",
            "start_url": reverse("travel:home"),
            "scope": "/travel/",
            "display": "standalone",
            "background_color": "#f7f9fa",
            "theme_color": "#0b3d56",
            "icons": [
                {
                    "src": reverse("travel:icon", args=[s]),
                    "sizes": f"{s}x{s}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for s in (192, 512)
            ],
        },
        content_type="application/manifest+json",
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """One worker script, served from /travel/sw.js (scope /travel/) and /s/sw.js (scope /s/), so
    each registration only ever sees Smart Travel's own pages."""
    response = render(
        request,
        "travel/sw.js",
        {"offline_url": reverse("travel:home"), "css": static("travel/travel.css")},
        content_type="application/javascript",
    )
    return response


@require_GET
@cache_control(public=True, max_age=86400)
def icon(request, size: int):
    if size not in (192, 512):
        raise Http404("icon size")
    return HttpResponse(media.icon_png(size), content_type="image/png")


# --- tourism officer -----------------------------------------------------------------------------


@role_required(roles.TOURISM_OFFICER)
def signs_page(request):
    signs = Sign.objects.select_related("attraction__place").order_by("attraction__code", "code")
    return render(request, "travel/signs.html", {"signs": signs})


@role_required(roles.TOURISM_OFFICER)
def signs_batch_pdf(request):
    size = request.GET.get("size", "A4")
    if size not in printing.PAGE_MM:
        return HttpResponse(_("size must be A4 or A5"), status=400, content_type="text/plain; charset=utf-8")
    signs = Sign.objects.select_related("attraction").order_by("attraction__code", "code")
    body = printing.pdf([spec_for(s) for s in signs], size)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="signs-{size}.pdf"'
    return response


def spec_for(sign: Sign) -> printing.SignSpec:
    names = sign.attraction.names
    return printing.SignSpec(
        sign.code, services.sign_url(sign.code), names.get("th", ""), names.get("en", "")
    )


def _period(request) -> tuple[date | None, date | None, dict]:
    errors, values = {}, {}
    for field in ("start", "end"):
        raw = request.GET.get(field, "").strip()
        values[field] = None
        if raw:
            try:
                values[field] = date.fromisoformat(raw)
            except ValueError:
                errors[field] = _("Enter a date as YYYY-MM-DD.")
    return values["start"], values["end"], errors


@role_required(roles.TOURISM_OFFICER, roles.VIEWER)
def analytics(request):
    start, end, errors = _period(request)
    counts = services.scan_counts(start, end)
    lang = "th" if (get_language() or "").startswith("th") else "en"
    for row in counts["per_sign"]:
        names = row.pop("sign__attraction__names") or {}
        row["name"] = names.get(lang) or names.get("en", "")
    return render(
        request,
        "travel/analytics.html",
        {
            "counts": counts,
            "start": request.GET.get("start", ""),
            "end": request.GET.get("end", ""),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@role_required(roles.TOURISM_OFFICER, roles.VIEWER)
def analytics_csv(request):
    start, end, errors = _period(request)
    if errors:
        return HttpResponse(
            "; ".join(f"{k}: {v}" for k, v in errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="travel-scans.csv"'
    writer = exports.csv_writer(response)
    writer.writerow(["day", "sign", "attraction", "language", "device", "scans"])
    for row in services.scan_rows(start, end):
        writer.writerow([row[0].isoformat(), *row[1:]])
    return response
