"""The one way to write the audit log."""

from __future__ import annotations

from typing import Any

from .models import AuditEntry


def client_ip(request) -> str | None:
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return (forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")) or None


def record(request, action: str, obj: Any = None, **kwargs) -> AuditEntry:
    """Write one audit entry. `obj` may be a model instance; otherwise name it."""
    entry = build(request, action, obj, **kwargs)
    entry.save()
    return entry


def build(
    request,
    action: str,
    obj: Any = None,
    *,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    changes: dict | None = None,
    user=None,
    channel: str | None = None,
) -> AuditEntry:
    """An unsaved audit entry (for writers that save many rows at once, e.g. group commit)."""
    user = user if user is not None else getattr(request, "auth_user", None) or getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        summary = summary or str(obj)[:255]
    if channel is None:
        channel = "api" if request is not None and request.path.startswith("/api/") else ("web" if request else "cli")
    return AuditEntry(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary[:255],
        changes=changes or {},
        source_ip=client_ip(request),
        channel=channel,
    )
