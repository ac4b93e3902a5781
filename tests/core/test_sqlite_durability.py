"""On the embedded default (SQLite), a committed write is on disk before the caller hears "saved"."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.same_on_any_database  # the SQLite default's settings, whatever the suite's database

PROBE = """
import django, json
django.setup()
from django.db import connection
with connection.cursor() as c:
    print(json.dumps({p: c.execute(f"PRAGMA {p}").fetchone()[0] for p in ("journal_mode", "synchronous")}))
"""


def test_the_default_database_is_wal_with_a_full_sync_on_commit(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PHANGNGA_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="phangnga.settings")
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    pragmas = json.loads(out.stdout.strip().splitlines()[-1])
    # synchronous=2 (FULL): with WAL's NORMAL (1), a power cut could lose commits already acknowledged
    assert pragmas == {"journal_mode": "wal", "synchronous": 2}
