"""The one way to write the audit log.

Reads are audited where they are shown (the API route, the page). Changes are audited by the
app's writer module inside the transaction that makes them: it takes an `Actor` (who, from
where, through which channel), built once at the edge with `Actor.of(request)`, so a writer
never needs the request and a job or a command can act as a named user (`Actor(user)`).
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from .models import AuditEntry


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind PHANGNGA_NUM_PROXIES (settings.NINJA_NUM_PROXIES)
    trusted reverse proxies the address the outermost of them saw, taken from the right of
    X-Forwarded-For (the left part is whatever the client wrote). The one rule for the audit
    log and for the public rate limit (`emergency.public_help.NewReportThrottle`)."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "NINJA_NUM_PROXIES", 0) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [h.strip() for h in forwarded.split(",")]
    candidate = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote  # a proxy that forwards garbage: its own address is what we know


@dataclass(frozen=True)
class Actor:
    """Who makes a change: the user (None for the public or the system), their address, and
    the channel ("api", "web", "cli", "job", "mqtt")."""

    user: Any = None
    ip: str | None = None
    channel: str = "cli"

    @classmethod
    def of(cls, request, user=None) -> Actor:
        """The request's caller (a token's user on the API, the session's user on a page)."""
        if user is None:
            user = getattr(request, "auth_user", None) or getattr(request, "user", None)
        if user is not None and not getattr(user, "is_authenticated", False):
            user = None
        channel = "api" if request.path.startswith("/api/") else "web"
        return cls(user=user, ip=client_ip(request), channel=channel)


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
    """An unsaved audit entry (for writers that save many rows at once, e.g. group commit).
    `request` is the request, an `Actor` (a writer module's caller) or None (a command)."""
    if isinstance(request, Actor):
        actor = request
    elif request is None:
        actor = Actor()
    else:
        actor = Actor.of(request)
    user = actor.user if user is None else user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        summary = summary or str(obj)[:255]
    return AuditEntry(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary[:255],
        changes=changes or {},
        source_ip=actor.ip,
        channel=channel or actor.channel,
    )


def record_list(
    request, object_type: str, ids, summary: str, *, version: str | None = None, user=None
) -> AuditEntry | None:
    """Audit the read of a list: which objects were shown (`changes.ids`). With `version` (a
    feed polled every few seconds), one entry per user and version of the list: a poll that
    shows the same version again shows nothing new and is not written again (remembered in the
    Django cache for an hour; per process unless the cache is shared)."""
    ids = list(ids)
    if version is not None:
        who = (
            user
            if user is not None
            else getattr(request, "auth_user", None) or getattr(request, "user", None)
        )
        seen = f"{object_type}\n{summary}\n{getattr(who, 'pk', None)}\n{version}"
        key = "audit-list:" + hashlib.sha256(seen.encode()).hexdigest()
        if not cache.add(key, 1, timeout=3600):
            return None
    return record(
        request,
        "read",
        object_type=object_type,
        object_id="list",
        summary=f"{summary}: {len(ids)}",
        changes={"ids": ids},
        user=user,
    )
