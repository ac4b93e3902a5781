"""The command board's compact feed: open incidents (queue order) and units, small enough to poll."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language

from phangnga.core.templatetags.local_names import pick_name
from phangnga.fleet import registry

from .display import handover_text
from .models import DispatchPlan, Incident, IncidentEvent, IncidentKind, PreArrivalNotice, label


def queue_item(i: Incident, caller: bool = True) -> dict:
    return {
        "id": i.pk,
        "kind": i.kind,
        "kind_label": str(i.get_kind_display()),
        "status": i.status,
        "triage": i.priority if i.priority < 9 else None,
        "lat": round(i.lat, 5),
        "lon": round(i.lon, 5),
        # Where, in words when there are any: a raw GPS fix still says where on the map it is.
        # (names in the request's language: the board in Thai names places and units in Thai)
        "place": pick_name(i.place) if i.place_id else (i.location_text or f"{i.lat:.4f}, {i.lon:.4f}"),
        "reported_at": i.reported_at.isoformat(),
        "patients": i.patient_count,
        # A report from the public is unverified until the dispatcher calls the reporter back.
        # Only for those who call back (access.sees_caller); others see that a call back is due.
        "call_back": ((i.reporter_phone or "") if caller else "") if i.channel == "public" else None,
    }


def notice_item(n: PreArrivalNotice) -> dict:
    return {
        "id": n.id,
        "incident": n.incident_id,
        "hospital": n.hospital.code,
        "created_at": n.created_at.isoformat(),
        "expected_at": n.expected_at.isoformat() if n.expected_at else None,
        "summary": n.summary,
        # The same in words, as the receiving ER reads it (the request's language, Thai or English).
        "handover": handover_text(
            n.summary,
            get_language() or "en",
            kind=label(IncidentKind, n.summary.get("kind") or ""),
            expected=timezone.localtime(n.expected_at).strftime("%H:%M") if n.expected_at else "",
        ),
        "acknowledged_at": n.acknowledged_at.isoformat() if n.acknowledged_at else None,
    }


def version() -> str:
    """Changes whenever anything on the board changes (clients skip redraws when equal)."""
    last_event = IncidentEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    last_inc = Incident.objects.order_by("-id").values_list("id", flat=True).first() or 0
    last_pos = registry.last_position_at()
    last_plan = DispatchPlan.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return f"{last_inc}.{last_event}.{last_plan}.{last_pos.timestamp() if last_pos else 0}"


def feed(user) -> dict:
    """The board as `user` may see it (access.board_incidents, access.sees_caller)."""
    from . import access

    incidents = (
        access.board_incidents(user, Incident.objects.select_related("place"))
        .exclude(status="closed")
        .order_by("priority", "reported_at")[:300]
    )
    caller = access.sees_caller(user)
    units = registry.units()
    day = timezone.localdate()
    return {
        "version": version(),
        "now": timezone.now().isoformat(),
        "queue": [queue_item(i, caller) for i in incidents],
        "units": [
            {
                "code": r.code,
                "name": pick_name(r),
                "kind": r.kind,
                "status": r.status,
                "lat": round(r.position[0], 5),
                "lon": round(r.position[1], 5),
                "in_season": r.in_season(day),
            }
            for r in units
        ],
    }
