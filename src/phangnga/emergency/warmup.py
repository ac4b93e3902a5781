"""Build the routing network in the background when a server worker gets its first request.

Each granian worker builds its own router on the first plan (sea graph from the disk cache,
piers from the registry: a second or more). Without this the first reports after a (re)start
queue behind that build. The first request of any kind (the bench's readiness probe, a page
view) starts the build on a daemon thread and is not delayed by it; a report that arrives
meanwhile waits on the router lock instead of building a second copy. Only in server workers
(`core/worker_threads.py`): test runs and management commands never start the thread.
"""

from __future__ import annotations

import gc

from django.db import connection

from phangnga.core.worker_threads import start_in_each_worker


def _build() -> None:
    from . import planning

    try:
        planning.router()
    finally:
        connection.close()  # this thread's own connection
    # Everything alive now (Django, the routing network) lives as long as the worker. Frozen, the
    # cyclic GC's full collections stop walking it: they took ~150 ms each under the intake's
    # load, with every request thread stopped (the intake bench's p99 was those pauses).
    gc.collect()
    gc.freeze()


def install() -> None:
    start_in_each_worker("emergency-routing-warmup", _build)
