"""An in-process snapshot of the active places, for hot paths that look places up on every
request (emergency intake resolves a site code, its hospitals and its landing pier each time).

The registry changes a few times a year and is small (~100 rows), so each process keeps one
immutable snapshot: saving or deleting a Place in this process drops it at once (and again when
the transaction commits), and a change made by another process is seen after `TTL_S` seconds.
Callers treat the cached Place instances as read-only.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Place

TTL_S = 30.0


@dataclass(frozen=True)
class PlaceSnapshot:
    places: tuple[Place, ...]
    taken_at: float
    _by_code: dict[str, Place] = field(default_factory=dict, repr=False)
    _by_id: dict[int, Place] = field(default_factory=dict, repr=False)

    @classmethod
    def take(cls) -> PlaceSnapshot:
        places = tuple(Place.objects.filter(active=True))
        return cls(
            places,
            time.monotonic(),
            {p.code: p for p in places},
            {p.id: p for p in places},
        )

    def by_code(self, code: str) -> Place | None:
        return self._by_code.get(code)

    def by_id(self, pk: int | None) -> Place | None:
        return self._by_id.get(pk) if pk is not None else None

    def of_kind(self, kind: str) -> list[Place]:
        return [p for p in self.places if p.kind == kind]


_lock = threading.Lock()
_current: PlaceSnapshot | None = None


def active_places() -> PlaceSnapshot:
    """The current snapshot, taken again when it is older than `TTL_S`."""
    global _current
    snapshot = _current
    if snapshot is None or time.monotonic() - snapshot.taken_at > TTL_S:
        with _lock:
            snapshot = _current
            if snapshot is None or time.monotonic() - snapshot.taken_at > TTL_S:
                snapshot = _current = PlaceSnapshot.take()
    return snapshot


def clear() -> None:
    global _current
    _current = None


@receiver(post_save, sender=Place)
@receiver(post_delete, sender=Place)
def _place_changed(**kwargs) -> None:
    clear()
    # A snapshot taken between the save and the commit would hold the uncommitted row (or miss
    # it): drop it again once the change is durable.
    transaction.on_commit(clear)
