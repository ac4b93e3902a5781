"""Regional command centre link: incident snapshots queued in an outbox table, pushed with retries.

A snapshot is written in the same transaction as the change it describes, so nothing is lost
when the network or the regional server is down; `push_pending` sends what is due, oldest first,
and records every failure on the message (visible in the admin and at /emergency/outbox).

Payload (schema "phangnga.emergency.incident/1"), one JSON object per message:
{"schema", "message_id", "sent_reason", "incident": {"id", "kind", "status", "priority",
 "reported_at", "location": {"lat", "lon", "place"}, "patient_count",
 "patients": [{"seq", "age", "sex", "nationality", "triage", "incomplete", "outcome"}],
 "timeline": [{"kind", "at"}], "plan": {"destination", "eta_min", "meets_target"} | null},
 "source": "phangnga"}
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from . import conf
from .models import UNIT_DIVERTED, Incident, OutboxMessage, OutboxStatus, PlanStatus

log = logging.getLogger(__name__)
SCHEMA = "phangnga.emergency.incident/1"
MAX_BACKOFF_MIN = 60


def snapshot(incident: Incident) -> dict:
    plans = list(incident.plans.all())
    plan = next((p for p in plans if p.status == PlanStatus.ACCEPTED), plans[0] if plans else None)
    return snapshot_of(incident, list(incident.patients.all()), list(incident.events.all()), plan)


def snapshot_of(incident: Incident, patients: list, events: list, plan) -> dict:
    """The payload from rows the caller already holds (the intake has just written them)."""
    return {
        "id": incident.pk,
        "kind": incident.kind,
        "status": incident.status,
        "priority": incident.priority if incident.priority < 9 else None,
        "reported_at": _utc(incident.reported_at),
        "location": {
            "lat": incident.lat,
            "lon": incident.lon,
            "place": incident.place.code if incident.place_id else None,
        },
        "patient_count": incident.patient_count,
        "patients": [
            {
                "seq": p.seq,
                "age": p.age,
                "sex": p.sex,
                "nationality": p.nationality,
                "triage": p.triage_level,
                "incomplete": p.triage_incomplete,
                "outcome": p.outcome or None,
            }
            for p in patients
        ],
        # Steps only: the regional schema has no "unit diverted" (that stays on our own timeline).
        "timeline": [{"kind": e.kind, "at": _utc(e.at)} for e in events if e.kind != UNIT_DIVERTED],
        "plan": (
            {
                # the body's destination is the plan's destination row (see services._store_plan)
                "destination": (plan.body.get("destination") or {}).get("code") or plan.destination.code,
                "eta_min": plan.eta_min,
                "meets_target": plan.meets_target,
                "status": plan.status,
            }
            if plan
            else None
        ),
    }


def _utc(value: datetime) -> str:
    """UTC, as the database hands times back, whether or not the row was just written."""
    return value.astimezone(UTC).isoformat()


def enqueue(incident: Incident, reason: str, snap: dict | None = None) -> OutboxMessage:
    """Queue a snapshot (call inside the change's transaction); try to push after commit."""
    msg = message(incident, reason, snap)
    msg.save()
    push_after_commit([msg])
    return msg


def message(incident: Incident, reason: str, snap: dict | None = None) -> OutboxMessage:
    """An unsaved outbox message (writers that save many rows at once save it themselves)."""
    return OutboxMessage(
        incident=incident,
        payload={
            "schema": SCHEMA,
            "sent_reason": reason,
            "incident": snap if snap is not None else snapshot(incident),
            "source": "phangnga",
        },
    )


def push_after_commit(messages: list[OutboxMessage]) -> None:
    """Best effort: push saved messages once their transaction commits (if configured)."""
    if conf.push_on_commit() and conf.regional_url():
        for msg in messages:
            transaction.on_commit(lambda pk=msg.pk: _push_quietly(pk))


def _push_quietly(pk: int) -> None:
    try:
        msg = OutboxMessage.objects.get(pk=pk)
        push_one(msg)
    except Exception:  # best effort: the message stays queued for `phangnga emergency-push`
        log.exception("push-on-commit of outbox message %s failed", pk)


def push_one(msg: OutboxMessage, url: str | None = None) -> bool:
    url = url or conf.regional_url()
    if not url:
        raise RuntimeError("EMERGENCY_REGIONAL_URL is not set")
    body = dict(msg.payload, message_id=msg.pk)
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Idempotency-Key": f"phangnga-outbox-{msg.pk}",
            **({"Authorization": f"Bearer {conf.regional_token()}"} if conf.regional_token() else {}),
        },
    )
    now = timezone.now()
    msg.attempts += 1
    msg.last_attempt_at = now
    try:
        with urllib.request.urlopen(request, timeout=conf.push_timeout_s()) as response:
            ok = 200 <= response.status < 300
            error = "" if ok else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        ok, error = False, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        ok, error = False, f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
    if ok:
        msg.status, msg.sent_at, msg.last_error, msg.next_attempt_at = OutboxStatus.SENT, now, "", None
    else:
        msg.status = OutboxStatus.FAILING
        msg.last_error = error[:500]
        msg.next_attempt_at = now + timedelta(minutes=min(2 ** (msg.attempts - 1), MAX_BACKOFF_MIN))
    msg.save(
        update_fields=["status", "attempts", "last_attempt_at", "sent_at", "last_error", "next_attempt_at"]
    )
    return ok


def due(now=None):
    now = now or timezone.now()
    qs = OutboxMessage.objects.exclude(status=OutboxStatus.SENT)
    return qs.filter(next_attempt_at__isnull=True) | qs.filter(next_attempt_at__lte=now)


def push_pending(*, url: str | None = None, limit: int = 500, force: bool = False) -> dict:
    """Send due messages oldest first. Returns counts; failures stay queued with their error."""
    qs = OutboxMessage.objects.exclude(status=OutboxStatus.SENT) if force else due()
    sent = failed = 0
    for msg in qs.order_by("created_at", "id")[:limit]:
        if push_one(msg, url):
            sent += 1
        else:
            failed += 1
    left = OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count()
    return {"sent": sent, "failed": failed, "pending": left}
