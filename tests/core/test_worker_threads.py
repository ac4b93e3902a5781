"""A worker's background thread starts once, on its first request, and only under granian."""

from __future__ import annotations

import sys
import threading
import types

from django.core.signals import request_started

from phangnga.core.worker_threads import start_in_each_worker


def _starter(name: str):
    runs: list[str] = []
    done = threading.Event()

    def target() -> None:
        runs.append(threading.current_thread().name)
        done.set()

    receiver = start_in_each_worker(name, target)
    request_started.disconnect(dispatch_uid=name)  # called directly below, not by real requests
    return receiver, runs, done


def test_starts_once_on_the_first_request_in_a_granian_worker(monkeypatch):
    monkeypatch.setitem(sys.modules, "granian", types.ModuleType("granian"))
    on_request, runs, done = _starter("test-worker-thread-a")
    on_request()
    assert done.wait(5)
    on_request()
    on_request()
    assert runs == ["test-worker-thread-a"]


def test_never_starts_outside_a_server(monkeypatch):
    monkeypatch.delitem(sys.modules, "granian", raising=False)
    on_request, runs, done = _starter("test-worker-thread-b")
    on_request()
    assert not done.wait(0.3) and runs == []
