"""The server's background checkpoint copies the whole WAL back without blocking a writer."""

from __future__ import annotations

import sqlite3

import pytest

from phangnga.core.checkpoint import checkpoint

pytestmark = pytest.mark.same_on_any_database  # its own SQLite file, whatever the suite's database


def _wal_db(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")  # as if SQLite never checkpointed on commit
    conn.execute("CREATE TABLE report (id INTEGER PRIMARY KEY, body TEXT)")
    return conn


def test_checkpoint_copies_every_frame(tmp_path):
    writer = _wal_db(tmp_path / "db.sqlite3")
    for i in range(200):
        writer.execute("INSERT INTO report (body) VALUES (?)", ["x" * 500 + str(i)])
    checkpointer = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    busy, frames, copied = checkpoint(checkpointer.cursor())
    assert busy == 0 and frames > 0 and copied == frames


def test_a_writer_in_its_transaction_is_not_blocked_and_keeps_its_rows(tmp_path):
    writer = _wal_db(tmp_path / "db.sqlite3")
    writer.execute("INSERT INTO report (body) VALUES ('committed')")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO report (body) VALUES ('in flight')")
    checkpointer = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None, timeout=0.1)
    busy, frames, copied = checkpoint(checkpointer.cursor())  # PASSIVE: returns at once
    assert busy == 0 and copied == frames  # what was committed is copied
    writer.execute("COMMIT")
    rows = [r for (r,) in checkpointer.execute("SELECT body FROM report ORDER BY id")]
    assert rows == ["committed", "in flight"]
