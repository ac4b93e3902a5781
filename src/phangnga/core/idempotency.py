"""Idempotent creates for writes that come from phones at sea.

A client sends an `Idempotency-Key` header (or a client-generated id); the first
request creates the object, every retry gets the same object back.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction

from .compiled import CompiledInsert
from .errors import FieldError
from .models import IdempotencyRecord


def idempotency_key(request, client_id: str | None = None) -> str | None:
    key = request.headers.get("Idempotency-Key") or client_id
    if key is not None and not (1 <= len(key) <= 128):
        raise FieldError("Idempotency-Key", "must be 1 to 128 characters")
    return key


def create_once(
    scope: str,
    key: str | None,
    create: Callable[[], object],
    fetch: Callable[[str], object],
    *,
    looked_up: bool = False,
):
    """Run `create` once per (scope, key); return (obj, created). `looked_up=True`: the caller
    has just found no record for the key, so the first read is skipped (the unique constraint
    still settles a race)."""
    if key is None:
        with transaction.atomic():
            return create(), True
    existing = None if looked_up else recorded(scope, key)
    if existing is not None:
        return fetch(existing), False
    try:
        with transaction.atomic():
            obj = create()
            remember(scope, [(key, obj.pk)])
            return obj, True
    except IntegrityError:
        # A concurrent retry won the race; its object is the one.
        existing = recorded(scope, key)
        if existing is None:
            raise
        return fetch(existing), False


def remember(scope: str, pairs: list[tuple[str, object]]) -> None:
    """Record (key, object id) pairs written by a batch (call inside the batch's transaction:
    a key recorded meanwhile by another process makes it fail with IntegrityError)."""
    _insert_records.insert([IdempotencyRecord(scope=scope, key=key, object_id=str(pk)) for key, pk in pairs])


_insert_records = CompiledInsert(IdempotencyRecord)


def recorded(scope: str, key: str) -> str | None:
    """The object id recorded for a key, if any."""
    return IdempotencyRecord.objects.filter(scope=scope, key=key).values_list("object_id", flat=True).first()
