"""Background threads that each server worker starts on its first request.

`phangnga serve` sets Django up before it imports granian, and granian's workers are forks of
that process: AppConfig.ready() never runs in a worker, and a thread started there would not
be in the forks. So the thread starts on a worker's first request instead, without delaying
it. Test runs and management commands (no granian loaded) never start one.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from django.core.signals import request_started


def start_in_each_worker(name: str, target: Callable[[], None]) -> Callable[..., None]:
    """Run `target` on a daemon thread called `name`, once per granian worker process.
    Returns the request_started receiver it connected."""
    started = threading.Event()

    def on_request(**_kwargs) -> None:
        if started.is_set() or "granian" not in sys.modules:
            return
        started.set()
        threading.Thread(target=target, name=name, daemon=True).start()

    request_started.connect(on_request, weak=False, dispatch_uid=name)
    return on_request
