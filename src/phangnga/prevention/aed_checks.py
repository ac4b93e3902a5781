"""Recording an AED's routine check: the registry then shows the dates read off the device.

An expiry alert is only useful if replacing the pads can be recorded where it happens, by the
crew or volunteer standing at the AED, not only by an administrator. A check that finds the
AED faulty takes it out of the "usable" answers (nearest-AED lookup, tourist pages) until a
later check finds it ready again.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from phangnga.core.audit import record
from phangnga.core.errors import FieldError

from .models import Aed, AedCheck

# Consumables are sold with at most a few years' life; a date further out is a typing error.
MAX_AHEAD = timedelta(days=366 * 10)


def validate(
    checked_on: date, ready: bool, pads_expiry: date, battery_expiry: date, note: str, today: date
) -> None:
    """Raise FieldError naming the first field that cannot be right."""
    if checked_on > today:
        raise FieldError("checked_on", "a check cannot be in the future", code="future")
    if checked_on < today - timedelta(days=366):
        raise FieldError("checked_on", "more than a year ago: record checks as they happen", code="too_old")
    for field, when in (("pads_expiry", pads_expiry), ("battery_expiry", battery_expiry)):
        if when > checked_on + MAX_AHEAD:
            raise FieldError(field, "more than 10 years ahead: check the date printed on it", code="too_far")
        if ready and when < checked_on:
            raise FieldError(
                field, "already expired: replace it, or record the AED as not ready", code="expired"
            )
    if not ready and not note.strip():
        raise FieldError("note", "say what is wrong, so the owner can fix it", code="note_required")


@transaction.atomic
def record_check(
    aed: Aed,
    *,
    request,
    user,
    ready: bool,
    pads_expiry: date,
    battery_expiry: date,
    note: str = "",
    checked_on: date | None = None,
) -> AedCheck:
    today = timezone.localdate()
    checked_on = checked_on or today
    validate(checked_on, ready, pads_expiry, battery_expiry, note, today)
    check = AedCheck.objects.create(
        aed=aed,
        checked_on=checked_on,
        ready=ready,
        pads_expiry=pads_expiry,
        battery_expiry=battery_expiry,
        note=note.strip(),
        by=user if getattr(user, "is_authenticated", False) else None,
        by_name=str(user) if getattr(user, "is_authenticated", False) else "",
    )
    # A late entry of an older check must not overwrite what a newer one found.
    if aed.last_check is None or checked_on >= aed.last_check:
        aed.last_check, aed.ready = checked_on, ready
        aed.pads_expiry, aed.battery_expiry = pads_expiry, battery_expiry
        aed.save(update_fields=["last_check", "ready", "pads_expiry", "battery_expiry"])
    record(request, "aed_check", aed, summary=f"{aed.code}: ready={ready}", user=user)  # same transaction
    return check


def check_dict(c: AedCheck) -> dict:
    return {
        "checked_on": c.checked_on.isoformat(),
        "ready": c.ready,
        "pads_expiry": c.pads_expiry.isoformat(),
        "battery_expiry": c.battery_expiry.isoformat(),
        "note": c.note or None,
        "by": c.by_name or None,
    }
