"""Build the routing network in the background when a server worker gets its first request.

Each granian worker builds its own router on the first plan (sea graph from the disk cache,
piers from the registry: a second or more). Without this the first reports after a (re)start
queue behind that build. The first request of any kind (the bench's readiness probe, a page
view) starts the build on a daemon thread and is not delayed by it; a report that arrives
meanwhile waits on the router lock instead of building a second copy. Only in a granian
worker (checked at the request: the workers are forks of the process that set Django up):
test runs and management commands never start the thread.
"""

from __future__ import annotations

import sys
import threading

from django.core.signals import request_started
from django.db import connection

_started = threading.Event()


def _build() -> None:
    from . import planning

    try:
        planning.router()
    finally:
        connection.close()  # this thread's own connection


def _on_request(**_kwargs) -> None:
    # Checked per request, not at start-up: `phangnga serve` sets Django up before it imports
    # granian, whose workers are forks that never run AppConfig.ready() again.
    if _started.is_set() or "granian" not in sys.modules:
        return
    _started.set()
    threading.Thread(target=_build, name="emergency-routing-warmup", daemon=True).start()


def install() -> None:
    request_started.connect(_on_request, dispatch_uid="emergency-routing-warmup")
