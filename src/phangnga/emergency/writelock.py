"""One intake writer at a time on SQLite, queued in the OS instead of SQLite's busy handler.

SQLite allows one writer; a second `BEGIN IMMEDIATE` gets SQLITE_BUSY and Python's sqlite3
busy handler retries with sleeps that grow to 100 ms, so under load (2 server processes x 8
threads) a few writers sleep for seconds while the lock is free (p99 1.9 s measured). Here
threads queue on a threading.Lock and processes on an flock() beside the database file:
the next writer wakes as soon as the previous one commits. A SIGKILLed holder's flock is
released by the kernel. PostgreSQL has row locks and needs none of this (no-op).
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from phangnga.core.checkpoint import on_sqlite_file

_thread_lock = threading.Lock()
_fd: dict[str, int] = {}


def _lock_fd() -> int:
    path = str(Path(connection.settings_dict["NAME"]).with_suffix(".emergency-write.lock"))
    if path not in _fd:
        _fd[path] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    return _fd[path]


@contextmanager
def serial_writes():
    if not on_sqlite_file(connection):
        yield
        return
    with _thread_lock:
        fd = _lock_fd()
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
