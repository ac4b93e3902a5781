"""Group commit: writes that arrive together in one process share one transaction.

Each request thread hands its item to `submit` and waits. One thread at a time is the writer:
it takes every item queued so far (its own and those of the threads that arrived while the
previous batch was being written) and writes them with one call. Under load a batch holds
several items, so per-row ORM work, commits and the database's write lock are shared; with no
load a batch is one item and nothing waits. Databases do the same with their logs.

If a batch fails, its items are written again one by one, so one bad item cannot fail the
others; each caller gets its own result or its own exception.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class _Slot(Generic[T, R]):
    __slots__ = ("item", "result", "error", "done")

    def __init__(self, item: T):
        self.item = item
        self.result: R | None = None
        self.error: BaseException | None = None
        self.done = False


class GroupCommit(Generic[T, R]):
    def __init__(self, write: Callable[[list[T]], list[R]], max_batch: int = 64):
        self._write = write
        self._max_batch = max_batch
        self._queue_lock = threading.Lock()
        self._writer_lock = threading.Lock()
        self._pending: list[_Slot[T, R]] = []

    def submit(self, item: T) -> R:
        slot: _Slot[T, R] = _Slot(item)
        with self._queue_lock:
            self._pending.append(slot)
        while not slot.done:
            with self._writer_lock:
                if slot.done:  # an earlier writer took it in its batch
                    break
                with self._queue_lock:
                    batch = self._pending[: self._max_batch]
                    del self._pending[: self._max_batch]
                self._run(batch)
        if slot.error is not None:
            raise slot.error
        return slot.result  # type: ignore[return-value]

    def _run(self, batch: list[_Slot[T, R]]) -> None:
        try:
            results = self._write([s.item for s in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"write returned {len(results)} results for {len(batch)} items")
            for slot, result in zip(batch, results, strict=True):
                slot.result = result
        except Exception as exc:
            if len(batch) == 1:
                batch[0].error = exc
            else:
                for slot in batch:  # isolate the failing item(s)
                    try:
                        slot.result = self._write([slot.item])[0]
                    except Exception as one:
                        slot.error = one
        finally:
            for slot in batch:
                slot.done = True
