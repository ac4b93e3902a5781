"""Idempotent creates for writes that come from phones at sea.

A client sends an `Idempotency-Key` header (or a client-generated id); the first request creates
the object, every retry gets the same object back. A key is the caller's own:

- it is recorded with the caller (`caller_of`: the signed-in user, whether by session or token),
  so someone else's key never finds someone else's object: the same key from another caller is
  simply a new key (public reports, which have no caller, bind the key to a secret the phone
  holds; see `emergency/public_help.py`);
- it is recorded with a digest of the request (`fingerprint`): the same key with another body is
  the client's error, answered 409 naming the key, never the object of the first body;
- a replay is a read: the object comes back only if the caller may still see it (`visible`), and
  the read is written to the audit log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import NamedTuple

from django.db import IntegrityError, transaction

from . import audit
from .compiled import CompiledInsert
from .errors import ApiError, FieldError
from .models import AuditEntry, IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_COLUMN = 128  # the unique client_id columns that hold a scoped key


def idempotency_key(request, client_id: str | None = None) -> str | None:
    # An empty header is a malformed key (422); an empty client_id in a body is no key at all.
    key = request.headers.get(HEADER)
    if key is None:
        key = client_id or None
    if key is not None and not (1 <= len(key) <= 128):
        raise FieldError(HEADER, "must be 1 to 128 characters")
    return key


def caller_of(who) -> str:
    """Whose keys these are: `u<id>` for a signed-in user (a request or a user), `anon` otherwise."""
    user = (getattr(who, "auth_user", None) or getattr(who, "user", None)) if hasattr(who, "META") else who
    if user is not None and getattr(user, "is_authenticated", False):
        return f"u{user.pk}"
    return "anon"


def scoped(caller: str, key: str) -> str:
    """The key as stored in an object's own unique client id column: prefixed by its caller (a
    long key by its digest, so the value fits the 128-character column)."""
    value = f"{caller}:{key}"
    return (
        value if len(value) <= MAX_COLUMN else f"{caller}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"
    )


def fingerprint(body) -> str:
    """A digest of a request body (a dict of what the client sent, path parameters included)."""
    text = json.dumps(body, sort_keys=True, default=str, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def key_reused(key: str) -> ApiError:
    return ApiError(
        409,
        "idempotency_key_reused",
        f"Idempotency-Key {key!r} was already used for a different request; send a new key for a new request",
        {HEADER: f"{key!r} already used for a different request"},
    )


def audit_changes(key: str | None, body) -> dict:
    """What a create's audit entry records of its key (when the object keeps the key in its own
    column, this is where the request's digest is kept for `replay`)."""
    return {"idempotency_key": key, "fingerprint": fingerprint(body)} if key else {}


def created_fingerprint(obj) -> str:
    """The request digest the object's create audit entry recorded ("" if none: made before
    digests were kept, by a form, or by the demo)."""
    changes = (
        AuditEntry.objects.filter(action="create", object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .values_list("changes", flat=True)
        .first()
    )
    return (changes or {}).get("fingerprint") or ""


def replay(request, obj, key: str, *, body=None, recorded_fingerprint: str = "", visible=None, user=None):
    """The answer to a retry: the object the key made, if the body is the one it was made from
    and the caller may still see it; the read is audited."""
    if body is not None and recorded_fingerprint and recorded_fingerprint != fingerprint(body):
        raise key_reused(key)
    if visible is not None and not visible(obj):
        raise ApiError(403, "forbidden", f"the record Idempotency-Key {key!r} made is not visible to you")
    audit.record(
        request, "read", obj, user=user, summary=f"replay of Idempotency-Key {key}", changes={"replay": key}
    )
    return obj


class Recorded(NamedTuple):
    object_id: str
    fingerprint: str


def create_once(
    scope: str,
    key: str | None,
    create: Callable[[], object],
    fetch: Callable[[str], object],
    *,
    request=None,
    user=None,
    body=None,
    visible: Callable[[object], bool] | None = None,
    looked_up: bool = False,
):
    """Run `create` once per (scope, caller, key); return (obj, created).

    The caller is `user` if given, else the request's user. `body`: what the client sent (a
    retry with another body is refused, 409). `visible(obj)`: may the caller see the object now
    (a replay of an object they may no longer see is refused, 403). `looked_up=True`: the caller
    has just found no record for the key, so the first read is skipped (the unique constraint
    still settles a race)."""
    if key is None:
        with transaction.atomic():
            return create(), True
    if request is None and user is None:
        raise TypeError("create_once with a key needs the request or the user: a key is its caller's")
    caller = caller_of(user if user is not None else request)
    digest = fingerprint(body) if body is not None else ""

    def again(found: Recorded):
        if digest and found.fingerprint and digest != found.fingerprint:
            raise key_reused(key)
        return replay(request, fetch(found.object_id), key, visible=visible, user=user), False

    existing = None if looked_up else recorded(scope, key, caller)
    if existing is not None:
        return again(existing)
    try:
        with transaction.atomic():
            obj = create()
            remember(scope, caller, [(key, obj.pk, digest)])
            return obj, True
    except IntegrityError:
        # A concurrent retry won the race; its object is the one.
        existing = recorded(scope, key, caller)
        if existing is None:
            raise
        return again(existing)


def remember(scope: str, caller: str, rows: list[tuple[str, object, str]]) -> None:
    """Record (key, object id, request fingerprint) rows of one caller written by a batch (call
    inside the batch's transaction: a key recorded meanwhile by another process makes it fail
    with IntegrityError)."""
    _insert_records.insert(
        [
            IdempotencyRecord(scope=scope, caller=caller, key=key, object_id=str(pk), fingerprint=digest)
            for key, pk, digest in rows
        ]
    )


_insert_records = CompiledInsert(IdempotencyRecord)


def recorded(scope: str, key: str, caller: str) -> Recorded | None:
    """The object id (and request fingerprint) recorded for a caller's key, if any."""
    row = (
        IdempotencyRecord.objects.filter(scope=scope, caller=caller, key=key)
        .values_list("object_id", "fingerprint")
        .first()
    )
    return Recorded(*row) if row else None
