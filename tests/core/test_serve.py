"""`phangnga serve --demo` boots as a real process and answers."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.same_on_any_database  # the README command: the embedded SQLite default
def test_serve_demo_boots_and_answers(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "PHANGNGA_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cache = Path(__file__).resolve().parents[2] / "var" / "cache"
    if cache.exists():  # reuse the coastline cache so the test does not spend 7 s deriving it
        (tmp_path / "cache").symlink_to(cache)
    proc = subprocess.Popen(
        [sys.executable, "-m", "phangnga.cli", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 240
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    status = response.status
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, "server did not answer"
        assert "Phang Nga" in body or "พังงา" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/places?kind=hospital", timeout=5) as r:
            assert b"Vachira Phuket Hospital" in r.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
        output.append(out)
    assert "admin" in output[0] and "phangnga-demo" in output[0], output[0][-2000:]
    # The sea graph is built once before the workers start, so they load it from disk.
    assert "sea routing graph" in output[0]
    assert list((tmp_path / "cache").glob("seagraph_*.npz"))
