"""AED checks under /api/v1/emergency/aeds/{code}/checks (aed_checks.py); mounted by api.py."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from phangnga.core.auth import require_role, token_or_session
from phangnga.core.validation import day

from . import aed_checks, registries
from .access import CHECKERS
from .models import Aed

router = Router(tags=["emergency"])


class AedCheckIn(Schema):
    ready: bool
    # Pads and batteries last 2-5 years (manufacturers' shelf lives); a check is not in the future.
    pads_expiry: day(days_ahead=10 * 366)
    battery_expiry: day(days_ahead=10 * 366)
    checked_on: day(days_ahead=1) | None = None
    note: str = Field("", max_length=300)


@router.post(
    "/aeds/{code}/checks", auth=token_or_session, response={201: dict}, summary="Record an AED check"
)
def post_check(request, code: str, payload: AedCheckIn):
    user = require_role(request, *CHECKERS)
    aed = get_object_or_404(Aed, code=code)
    check = aed_checks.record_check(aed, request=request, user=user, **payload.dict())  # updates `aed`
    return 201, {
        "aed": aed.code,
        **registries.aed_state(aed, timezone.localdate()),
        "check": aed_checks.check_dict(check),
    }


@router.get(
    "/aeds/{code}/checks", auth=token_or_session, response=list[dict], summary="An AED's check history"
)
def list_checks(request, code: str):
    aed = get_object_or_404(Aed, code=code)
    return [aed_checks.check_dict(c) for c in aed.checks.all()[:100]]
