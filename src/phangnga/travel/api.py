"""Smart Travel API: attractions, the sign registry, QR codes and printable signs, scan counts."""

from __future__ import annotations

from typing import Literal

from django.db import transaction
from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field, StrictBool

from phangnga.core import roles
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.validation import JsonObject, day, integer, latitude, longitude, patch_changes, text
from phangnga.geo.places import require_in_region

from . import codes, printing, qr, schemas, services
from .i18n import LANGS, negotiate, normalise
from .models import Attraction, Category, Condition, Sign
from .views import spec_for

router = Router(tags=["travel"])


def _lang(value: str | None, request=None) -> str:
    """?lang= when given (an unknown one is a 422), else the caller's Accept-Language, else English."""
    if not value:
        return negotiate(request.headers.get("Accept-Language") if request is not None else None)
    lang = normalise(value)
    if lang is None:
        raise FieldError("lang", f"one of {', '.join(LANGS)}")
    return lang


def _size(value: str) -> str:
    size = value.upper()
    if size not in printing.PAGE_MM:
        raise FieldError("size", "A4 or A5")
    return size


def _sign(code: str) -> Sign:
    sign = Sign.objects.select_related("attraction__place").filter(code=codes.normalise(code)).first()
    if sign is None:
        raise ApiError(404, "not_found", f"no sign with code {code!r}")
    return sign


Lang = Literal[LANGS]  # type: ignore[valid-type]
# Sign sizes the printer lays out (printing.PAGE_MM).
PageSize = Literal["A4", "A5"]


class AttractionFilters(Schema):
    lang: Lang | None = None
    q: str | None = Field(None, max_length=100)
    category: Category | None = None


@router.get(
    "/attractions",
    auth=None,
    response=schemas.AttractionList,
    summary="Active attractions in one language (missing translations fall back to English)",
)
def list_attractions(request, filters: Query[AttractionFilters]):
    lang = _lang(filters.lang, request)
    items = services.search(filters.q or "", filters.category or "")
    return {
        "lang": lang,
        "count": len(items),
        "attractions": [services.attraction_dict(a, lang) for a in items],
    }


@router.get("/attractions/{code}", auth=None, response=schemas.AttractionOut, summary="One attraction")
def get_attraction(request, code: text(64), lang: Lang | None = None):
    attraction = Attraction.objects.select_related("place").filter(code=code).first()
    if attraction is None:
        raise ApiError(404, "not_found", f"no attraction {code!r}")
    return services.attraction_dict(attraction, _lang(lang, request))


# In a PATCH, a field left out keeps its value; null is offered only where the column may be
# empty (validation.patch_changes refuses null for the others, so the schema does not offer it).
class AttractionPatch(JsonObject):
    # Pydantic would take 0 for false and false for 0 (the fuzzer sent both): strict booleans,
    # integers that refuse true/false (a whole 638.0 is still an integer, as JSON Schema says).
    active: StrictBool = None
    fees_checked: StrictBool = None
    fee_thai_thb: integer(0, 100000) | None = None
    fee_foreign_thb: integer(0, 100000) | None = None


@router.patch(
    "/attractions/{code}",
    auth=token_or_session,
    response=schemas.AttractionOut,
    summary="Retire/restore an attraction or correct its fees",
)
def patch_attraction(request, code: str, payload: AttractionPatch):
    require_role(request, roles.TOURISM_OFFICER)
    with transaction.atomic():
        attraction = Attraction.objects.select_for_update().filter(code=code).first()
        if attraction is None:
            raise ApiError(404, "not_found", f"no attraction {code!r}")
        for field, value in patch_changes(payload, Attraction).items():
            setattr(attraction, field, value)
        attraction.save()
    return services.attraction_dict(attraction)


def sign_dict(sign: Sign) -> dict:
    return {
        "code": sign.code,
        "url": services.sign_url(sign.code),
        "attraction": sign.attraction.code,
        "attraction_active": sign.attraction.active,
        "name_th": sign.attraction.names.get("th", ""),
        "name_en": sign.attraction.names.get("en", ""),
        "location_note": sign.location_note,
        "installed_lat": sign.installed_lat,
        "installed_lon": sign.installed_lon,
        "installed_on": sign.installed_on,
        "condition": sign.condition,
        "checked_on": sign.checked_on,
        "is_demo": sign.is_demo,
    }


@router.get(
    "/signs",
    auth=None,
    response=schemas.SignList,
    summary="The sign registry: code, attraction, installed location and condition",
)
def list_signs(request, attraction: text(64) | None = None, condition: Condition | None = None):
    qs = Sign.objects.select_related("attraction").order_by("code")
    if attraction:
        qs = qs.filter(attraction__code=attraction)
    if condition:
        qs = qs.filter(condition=condition)
    return {"count": qs.count(), "signs": [sign_dict(s) for s in qs]}


class SignIn(Schema):
    attraction: text(64)
    location_note: str = Field("", max_length=200)
    installed_lat: latitude() | None = None
    installed_lon: longitude() | None = None
    installed_on: day(days_ahead=1) | None = None
    condition: Condition = Condition.NOT_INSTALLED
    checked_on: day(days_ahead=1) | None = None


class SignPatch(JsonObject):
    location_note: str = Field(None, max_length=200)
    installed_lat: latitude() | None = None
    installed_lon: longitude() | None = None
    installed_on: day(days_ahead=1) | None = None
    condition: Condition = None
    checked_on: day(days_ahead=1) | None = None


def _check_position(lat: float | None, lon: float | None) -> None:
    if (lat is None) != (lon is None):
        raise FieldError(
            "installed_lon" if lon is None else "installed_lat", "give both latitude and longitude"
        )
    if lat is not None:
        require_in_region(lat, lon, names=("installed_lat", "installed_lon"))


@router.post(
    "/signs",
    auth=token_or_session,
    response={201: schemas.SignOut},
    summary="Register a new sign (code assigned)",
)
def create_sign(request, payload: SignIn):
    require_role(request, roles.TOURISM_OFFICER)
    attraction = Attraction.objects.filter(code=payload.attraction).first()
    if attraction is None:
        raise FieldError("attraction", f"unknown attraction {payload.attraction!r}")
    _check_position(payload.installed_lat, payload.installed_lon)
    fields = payload.dict(exclude={"attraction"})
    return 201, sign_dict(services.create_sign(attraction, **fields))


@router.patch(
    "/signs/{code}",
    auth=token_or_session,
    response=schemas.SignOut,
    summary="Update a sign's installed location or condition",
)
def patch_sign(request, code: str, payload: SignPatch):
    require_role(request, roles.TOURISM_OFFICER)
    changes = patch_changes(payload, Sign)
    with transaction.atomic():
        sign = _sign(code)
        lat = changes.get("installed_lat", sign.installed_lat)
        lon = changes.get("installed_lon", sign.installed_lon)
        _check_position(lat, lon)
        for field, value in changes.items():
            setattr(sign, field, value)
        sign.save()
    return sign_dict(sign)


@router.get("/signs/{code}/qr.png", auth=None, summary="The sign's QR code as PNG")
def sign_qr_png(request, code: str, scale: int = Query(10, ge=2, le=40)):
    sign = _sign(code)
    return HttpResponse(qr.png(services.sign_url(sign.code), scale=scale), content_type="image/png")


@router.get("/signs/{code}/qr.svg", auth=None, summary="The sign's QR code as SVG")
def sign_qr_svg(request, code: str):
    sign = _sign(code)
    return HttpResponse(qr.svg(services.sign_url(sign.code)), content_type="image/svg+xml")


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Thai-Font"] = "embedded" if printing.thai_font() else "missing"
    return response


@router.get("/signs/{code}/sign.pdf", auth=None, summary="A printable sign, A4 or A5")
def sign_pdf(request, code: str, size: PageSize = "A4"):
    sign = _sign(code)
    size = _size(size)
    return _pdf_response(printing.pdf([spec_for(sign)], size), f"sign-{sign.code}-{size}.pdf")


@router.get("/signs/{code}/sign.svg", auth=None, summary="A printable sign as SVG, A4 or A5")
def sign_svg(request, code: str, size: PageSize = "A4"):
    sign = _sign(code)
    return HttpResponse(printing.svg(spec_for(sign), _size(size)), content_type="image/svg+xml")


@router.get("/signs.pdf", auth=token_or_session, summary="Every sign in one PDF, for batch printing")
def signs_batch(request, size: PageSize = "A4"):
    require_role(request, roles.TOURISM_OFFICER)
    size = _size(size)
    signs = Sign.objects.select_related("attraction").order_by("attraction__code", "code")
    return _pdf_response(printing.pdf([spec_for(s) for s in signs], size), f"signs-{size}.pdf")


@router.get(
    "/scans",
    auth=token_or_session,
    response=schemas.ScanStats,
    summary="Scan counts per sign, day, language and device class",
)
def scans(request, start: day(days_ahead=1) | None = None, end: day(days_ahead=366) | None = None):
    require_role(request, roles.TOURISM_OFFICER, roles.VIEWER)
    if start and end and start > end:
        raise FieldError("end", "must not be before start")
    counts = services.scan_counts(start, end)
    for row in counts["per_sign"]:
        row["attraction_name"] = (row.pop("sign__attraction__names") or {}).get("en", "")
    return counts
