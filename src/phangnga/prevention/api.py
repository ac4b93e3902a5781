"""Prevention API, under /api/v1/emergency like the dispatch API (the paths and the OpenAPI tag
did not change when the prevention registries left the emergency app): nearest AEDs and expiry
alerts, training alerts, pre-boarding screenings, the public warnings (CAP 1.2 and JSON); AED
checks in aed_api.py."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from phangnga.core import idempotency
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.errors import FieldError
from phangnga.core.idempotency import idempotency_key
from phangnga.core.validation import latitude, longitude

from . import access, cap, registries, screening
from .aed_api import router as aed_router

# Mounted by phangnga/api.py at this prefix: the same one as the emergency app's router.
PREFIX = "/emergency"
router = Router(tags=["emergency"])


@router.get("/aeds/nearest", auth=None, summary="Nearest AEDs to a point (public: anyone may need one)")
def nearest_aeds(request, lat: latitude(), lon: longitude(), limit: int = Query(3, ge=1, le=20)):
    from phangnga.geo.places import require_in_region

    require_in_region(lat, lon)
    return registries.nearest_aeds(lat, lon, limit=limit)


@router.get("/aeds/alerts", auth=token_or_session, summary="AEDs whose pads or battery expire soon")
def aed_alerts(request, days: int = Query(60, ge=0, le=730)):
    return registries.aed_alerts(days=days)


@router.get("/trainings/alerts", auth=token_or_session, summary="Certificates expiring soon")
def training_alerts(request, days: int = Query(60, ge=0, le=730)):
    require_role(request, *access.VOLUNTEER_READERS)
    return registries.training_alerts(days=days)


class ScreeningIn(Schema):
    operator: str = Field(..., min_length=2, max_length=160)
    language: Literal["th", "en", "zh-hans", "ru"] = "en"
    activity: Literal["snorkel", "dive", "boat_trip"] = "snorkel"
    answers: dict[str, Any]
    client_id: str | None = Field(None, max_length=128)


@router.post(
    "/screenings",
    auth=None,
    response={200: dict, 201: dict},
    summary="Pre-boarding screening: answers -> risk level and advice (anonymous)",
)
def post_screening(request, payload: ScreeningIn):
    try:
        result = screening.assess(payload.answers, payload.activity)
    except screening.ScreeningError as exc:
        raise FieldError(f"answers.{exc.field}", exc.message) from None
    obj, created = registries.save_screening(
        payload.operator,
        payload.language,
        payload.activity,
        payload.answers,
        result,
        idempotency_key(request, payload.client_id),
        idempotency.caller_of(request),
    )
    return (201 if created else 200), {
        "id": obj.pk,
        "risk_level": result.level,
        "advice": screening.advice_texts(result, payload.language),
    }


@router.get("/screenings/stats", auth=token_or_session, summary="Screenings counted per operator and risk")
def screening_stats(request):
    return registries.screening_stats()


# ---- warnings (CAP 1.2) --------------------------------------------------------------


@router.get(
    "/alerts.cap", auth=None, summary="Active public warnings as an OASIS CAP 1.2 feed (Atom of alerts)"
)
def alerts_cap(request):
    return HttpResponse(cap.feed_xml(), content_type="application/xml; charset=utf-8")


@router.get("/alerts", auth=None, summary="Active public warnings as JSON")
def alerts_json(request):
    return {"alerts": cap.active_alerts()}


# AED checks (aed_api.py).
router.add_router("", aed_router)
