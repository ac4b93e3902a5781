"""Regional centre link: every incident change is queued in the outbox and pushed as documented JSON
to EMERGENCY_REGIONAL_URL; failures stay visible and are retried; nothing is lost."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from phangnga.emergency.models import OutboxMessage
from phangnga.emergency.outbox import SCHEMA, push_pending

URL = "/api/v1/emergency/incidents"


class Regional:
    """A real HTTP server on loopback that records what it receives; can be told to fail."""

    def __init__(self):
        self.received: list[dict] = []
        self.keys: list[str] = []
        self.fail = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if outer.fail:
                    self.send_response(503)
                    self.end_headers()
                    return
                outer.received.append(json.loads(body))
                outer.keys.append(self.headers.get("Idempotency-Key"))
                self.send_response(202)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/incidents"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def regional(monkeypatch):
    server = Regional()
    monkeypatch.setenv("EMERGENCY_REGIONAL_URL", server.url)
    monkeypatch.setenv("EMERGENCY_PUSH_ON_COMMIT", "0")
    yield server
    server.close()


@pytest.fixture
def dispatcher(api, make_user, units):
    return api(make_user("dispatcher"))


def new_incident(client):
    body = {
        "kind": "near_drowning",
        "place": "beach-nangthong",
        "reported_at": timezone.now().isoformat(),
        "patients": [{"age": 30, "vitals": {"pr": 120}, "symptoms": ["near_drowning_symptoms"]}],
    }
    return client.post(URL, body).json()["id"]


def test_push_sends_documented_json_and_marks_sent(regional, dispatcher):
    pk = new_incident(dispatcher)
    dispatcher.post(f"{URL}/{pk}/events", {"kind": "on_scene"})
    result = push_pending()
    assert result == {"sent": 2, "failed": 0, "pending": 0}
    first = regional.received[0]
    assert first["schema"] == SCHEMA and first["sent_reason"] == "created"
    inc = first["incident"]
    assert (
        inc["id"] == pk and inc["kind"] == "near_drowning" and inc["location"]["place"] == "beach-nangthong"
    )
    assert inc["patients"][0]["triage"] == 2 and inc["plan"]["destination"].startswith("hosp-")
    assert regional.received[1]["sent_reason"] == "event:on_scene"
    assert len(set(regional.keys)) == 2  # one idempotency key per message
    assert "reporter_phone" not in json.dumps(regional.received)


def test_failures_are_visible_and_retried_without_loss(regional, dispatcher):
    regional.fail = True
    new_incident(dispatcher)
    assert push_pending() == {"sent": 0, "failed": 1, "pending": 1}
    msg = OutboxMessage.objects.get()
    assert msg.status == "failing" and msg.attempts == 1 and "503" in msg.last_error
    assert msg.next_attempt_at > timezone.now()
    assert push_pending()["failed"] == 0  # backoff: not due yet
    regional.fail = False
    assert push_pending(force=True) == {"sent": 1, "failed": 0, "pending": 0}
    assert OutboxMessage.objects.get().status == "sent"
    assert len(regional.received) == 1


def test_unreachable_server_keeps_messages(monkeypatch, dispatcher):
    monkeypatch.setenv("EMERGENCY_REGIONAL_URL", "http://127.0.0.1:9/nothing-listens-here")
    monkeypatch.setenv("EMERGENCY_PUSH_ON_COMMIT", "0")
    new_incident(dispatcher)
    with pytest.raises(CommandError, match="failed"):
        call_command("emergency-push")
    msg = OutboxMessage.objects.get()
    assert msg.status == "failing" and msg.last_error


def test_management_command_pushes(regional, dispatcher):
    new_incident(dispatcher)
    call_command("emergency-push")
    assert len(regional.received) == 1


def test_push_on_commit_is_best_effort(regional, dispatcher, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setenv("EMERGENCY_PUSH_ON_COMMIT", "1")
    with django_capture_on_commit_callbacks(execute=True):
        new_incident(dispatcher)
    assert len(regional.received) == 1
    assert OutboxMessage.objects.get().status == "sent"
    regional.fail = True
    with django_capture_on_commit_callbacks(execute=True):
        response = dispatcher.post(URL, {"kind": "medical", "place": "beach-khaolak", "patients": []})
    assert response.status_code == 201  # the intake never fails because the link is down
    assert OutboxMessage.objects.filter(status="failing").count() == 1
