"""A bounded memo for routing-engine answers, one per router (so per process and network).

The engine's answers are pure functions of their inputs for a given network (positions,
boat class, sea state), so a cached answer is never stale while the network object lives;
a rebuilt network gets a new router and an empty memo. Unit statuses and the registry are
never cached here: callers pass current positions, so a moved unit is simply a new key.
Coordinates are keyed at 1e-5 degree (about 1 m), i.e. effectively exact.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
MISSING = object()


def key(p: tuple[float, float] | None) -> tuple[float, float] | None:
    return None if p is None else (round(p[0], 5), round(p[1], 5))


class Memo:
    """LRU dict with a size bound. Not locked: planning calls it under its routing lock."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.data: OrderedDict[Hashable, object] = OrderedDict()
        self.hits = self.misses = 0

    def peek(self, k: Hashable) -> object:
        v = self.data.get(k, MISSING)
        if v is not MISSING:
            self.data.move_to_end(k)
            self.hits += 1
        return v

    def put(self, k: Hashable, v: object) -> None:
        self.misses += 1
        self.data[k] = v
        self.data.move_to_end(k)
        while len(self.data) > self.size:
            self.data.popitem(last=False)

    def get(self, k: Hashable, compute: Callable[[], T]) -> T:
        v = self.peek(k)
        if v is MISSING:
            v = compute()
            self.put(k, v)
        return v  # type: ignore[return-value]

    def clear(self) -> None:
        self.data.clear()
        self.hits = self.misses = 0
