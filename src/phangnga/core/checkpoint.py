"""SQLite WAL checkpoints off the commit path.

In WAL mode SQLite copies the log back into the database file (a checkpoint, with an fsync)
inside the commit that pushes the log past `wal_autocheckpoint` pages. Under the intake's load
that commit took 134 ms while holding the write lock, and every report behind it waited (one
of the stalls behind the intake bench's p99; the others were the cyclic GC, see
emergency/warmup.py). So the server checkpoints on a background thread once a second
(PASSIVE: it never blocks writers or readers, it copies what it can), and the settings raise
`wal_autocheckpoint` to 10,000 pages, a safety net that a running server never reaches. Only
in a granian worker, like emergency's routing warm-up; other processes keep SQLite's own
checkpoints at the higher threshold.
"""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, connection

from .worker_threads import start_in_each_worker

log = logging.getLogger(__name__)

INTERVAL_S = 1.0


def checkpoint(cursor) -> tuple[int, int, int]:
    """One passive checkpoint: (busy, frames in the log, frames copied to the database)."""
    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
    busy, frames, copied = cursor.fetchone()
    return busy, frames, copied


def _loop() -> None:
    while True:
        time.sleep(INTERVAL_S)
        try:
            with connection.cursor() as cursor:
                checkpoint(cursor)
        except DatabaseError:  # the other worker's checkpoint, a locked file: next second
            log.debug("wal checkpoint skipped", exc_info=True)
            connection.close()


def on_sqlite_file(conn=connection) -> bool:
    """Whether the database is a SQLite file (not PostgreSQL, not the tests' in-memory one)."""
    return conn.vendor == "sqlite" and not str(conn.settings_dict["NAME"]).startswith(
        (":memory:", "file:memorydb")
    )


def install() -> None:
    """Checkpoint on a background thread in each server worker (file databases only)."""
    if on_sqlite_file():
        start_in_each_worker("sqlite-wal-checkpoint", _loop)
