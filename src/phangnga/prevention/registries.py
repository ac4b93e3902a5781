"""Prevention registries: nearest AED, expiry alerts, screening records and counts."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from phangnga.core import idempotency
from phangnga.geo.places import haversine_km

from .models import Aed, Screening, Training


def aed_state(aed: Aed, today: date) -> dict:
    expired = [name for name, d in (("pads", aed.pads_expiry), ("battery", aed.battery_expiry)) if d < today]
    return {"usable": not expired and aed.active and aed.ready, "expired": expired, "ready": aed.ready}


def nearest_aeds(lat: float, lon: float, *, limit: int = 3, today: date | None = None) -> list[dict]:
    """Nearest active AEDs by straight-line distance; expired ones are listed but flagged."""
    today = today or timezone.localdate()
    rows = []
    for aed in Aed.objects.filter(active=True):
        km = haversine_km(lat, lon, aed.lat, aed.lon)
        rows.append((km, aed))
    rows.sort(key=lambda t: t[0])
    return [
        {
            "code": a.code,
            "owner": a.owner,
            "owner_kind": a.owner_kind,
            "location": a.location,
            "lat": a.lat,
            "lon": a.lon,
            "phone": a.phone or None,
            "distance_km": round(km, 3),
            "walk_min": round(km / 5.0 * 60, 1),
            **aed_state(a, today),
            "pads_expiry": a.pads_expiry.isoformat(),
            "battery_expiry": a.battery_expiry.isoformat(),
            "last_check": a.last_check.isoformat() if a.last_check else None,
        }
        for km, a in rows[:limit]
    ]


def aed_alerts(*, days: int = 60, today: date | None = None) -> list[dict]:
    """AEDs whose pads or battery expire within `days` (or already did), or unchecked for 90 days."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    alerts = []
    for aed in Aed.objects.filter(active=True):
        problems = []
        for part, when in (("pads", aed.pads_expiry), ("battery", aed.battery_expiry)):
            if when < today:
                problems.append({"part": part, "problem": "expired", "date": when.isoformat()})
            elif when <= horizon:
                problems.append({"part": part, "problem": "expires_soon", "date": when.isoformat()})
        if not aed.ready:
            problems.append(
                {
                    "part": "device",
                    "problem": "not_ready",
                    "date": aed.last_check.isoformat() if aed.last_check else None,
                }
            )
        if aed.last_check is None or aed.last_check < today - timedelta(days=90):
            problems.append(
                {
                    "part": "check",
                    "problem": "overdue",
                    "date": aed.last_check.isoformat() if aed.last_check else None,
                }
            )
        if problems:
            alerts.append(
                {"code": aed.code, "owner": aed.owner, "location": aed.location, "problems": problems}
            )
    return alerts


def training_alerts(*, days: int = 60, today: date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    qs = Training.objects.select_related("volunteer").filter(
        expires_on__isnull=False, expires_on__lte=today + timedelta(days=days)
    )
    return [
        {
            "volunteer": t.volunteer.name,
            "course": t.course,
            "expires_on": t.expires_on.isoformat(),
            "expired": t.expires_on < today,
        }
        for t in qs.order_by("expires_on")
    ]


def save_screening(
    operator: str, language: str, activity: str, answers: dict, result, key: str | None, caller: str = "anon"
) -> tuple[Screening, bool]:
    """Store a screening once per (caller, key); a retry gets the stored one, the same key with
    other answers is refused (409 naming the key)."""
    client_id = idempotency.scoped(caller, key) if key else None

    def same(obj: Screening) -> Screening:
        sent = (operator.strip(), language, activity, idempotency.fingerprint(answers))
        if (obj.operator, obj.language, obj.activity, idempotency.fingerprint(obj.answers)) != sent:
            raise idempotency.key_reused(key)
        return obj

    if client_id:
        existing = Screening.objects.filter(client_id=client_id).first()
        if existing:
            return same(existing), False
    try:
        with transaction.atomic():
            obj = Screening.objects.create(
                operator=operator.strip(),
                language=language,
                activity=activity,
                answers=answers,
                risk_level=result.level,
                advice=list(result.advice),
                client_id=client_id,
            )
        return obj, True
    except IntegrityError:
        return same(Screening.objects.get(client_id=client_id)), False


def screening_stats() -> list[dict]:
    rows: dict[str, dict] = {}
    for r in Screening.objects.values("operator", "risk_level").annotate(n=Count("id")).order_by("operator"):
        row = rows.setdefault(
            r["operator"], {"operator": r["operator"], "low": 0, "moderate": 0, "high": 0, "total": 0}
        )
        row[r["risk_level"]] = r["n"]
        row["total"] += r["n"]
    return sorted(rows.values(), key=lambda x: -x["total"])
