"""Public emergency reports under /api/v1/emergency/help (no account; see public_help.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from phangnga.core import idempotency
from phangnga.core.validation import latitude, longitude, text
from phangnga.prevention import registries as prevention

from . import intake, public_help, reports
from .models import Incident
from .schemas import HelpReceipt, HelpStatus

router = Router(tags=["emergency"])

PublicKind = Literal[public_help.PUBLIC_KINDS]  # type: ignore[valid-type]


class HelpIn(Schema):
    kind: PublicKind
    lat: latitude() | None = None
    lon: longitude() | None = None
    place: str | None = Field(None, max_length=64)
    location_text: str | None = Field(None, max_length=200)
    people: int = Field(1, ge=1, le=50)
    signs: list[text(32)] = Field(default_factory=list, max_length=len(public_help.PUBLIC_SIGNS))
    phone: str = Field(..., max_length=32)
    boat_name: str | None = Field(None, max_length=120)
    notes: str | None = Field(None, max_length=500)
    language: str | None = Field(None, max_length=8)


# The reference a report's answer gave (a digest, or an old phone's key), as sent: not stripped of
# control characters (that would shorten it below the length the schema states), refused with them.
REF = Annotated[
    str, Field(min_length=public_help.MIN_KEY_LENGTH, max_length=120, pattern=r"^[^\x00-\x1f\x7f]*$")
]


def _key_header(name: str, required: bool) -> dict:
    """A public report's key header as public_help reads it (16 to 120 characters, a UUID)."""
    return {
        "in": "header",
        "name": name,
        "required": required,
        "schema": {"type": "string", "minLength": public_help.MIN_KEY_LENGTH, "maxLength": 120},
    }


def _receipt(incident: Incident, ref: str) -> dict:
    aeds = prevention.nearest_aeds(incident.lat, incident.lon, limit=1)
    return {
        **public_help.public_status(incident),
        "status_url": f"/api/v1/emergency/help/{ref}",
        "nearest_aed": aeds[0] if aeds and aeds[0].get("usable") else None,
    }


@router.post(
    "/help",
    auth=None,
    response={200: HelpReceipt, 201: HelpReceipt},
    summary="Report an emergency without an account (Idempotency-Key and Idempotency-Secret headers, "
    "two UUIDs the phone keeps; the centre calls back)",
    openapi_extra={
        "parameters": [
            _key_header(public_help.HEADER_KEY, True),
            _key_header(public_help.SECRET_HEADER, False),
        ]
    },
)
def report_help(request, payload: HelpIn):
    key = request.headers.get("Idempotency-Key")
    ref = public_help.receipt_ref(key, request.headers.get(public_help.SECRET_HEADER))
    client_id = public_help.client_id(ref)
    body = payload.dict()
    stored = Incident.objects.filter(client_id=client_id).first()
    if stored is not None:  # a retry after a lost answer: never throttled, never twice
        idempotency.replay(
            request, stored, key, body=body, recorded_fingerprint=idempotency.created_fingerprint(stored)
        )
        return JsonResponse(_receipt(stored, ref), status=200)
    data = public_help.incident_data(body)
    prepared = reports.prepare_incident(data)  # 4xx naming the field before the rate limit counts it
    public_help.throttle(request)
    written = intake.submit_report(request, prepared, None, "public", client_id, key=key, body=body)
    if not written.created:  # the same report, sent twice at once: the other request stored it
        idempotency.replay(
            request,
            written.incident,
            key,
            body=body,
            recorded_fingerprint=idempotency.created_fingerprint(written.incident),
        )
    return JsonResponse(_receipt(written.incident, ref), status=201 if written.created else 200)


@router.get(
    "/help/{ref}",
    auth=None,
    response=HelpStatus,
    summary="A public report's status, by the reference its answer gave",
)
def help_status(request, ref: REF):
    incident = get_object_or_404(Incident, client_id=public_help.client_id(ref))
    return public_help.public_status(incident)
