"""Pluggable alert notifiers: LINE, SMS, e-mail and a local recording backend.

Which ones run is set by the environment: ``PHANGNGA_IOT_NOTIFIERS=line,sms,email``
(default ``local``). Each adapter reads its own settings:

* line: ``LINE_CHANNEL_ACCESS_TOKEN`` (LINE Messaging API push message to the site's
  ``notify_line_to`` user/group id);
* sms: ``SMS_API_URL``, ``SMS_API_KEY``, ``SMS_API_SECRET``, ``SMS_SENDER`` (a form POST
  with msisdn/message/sender and HTTP basic auth, the shape Thai bulk-SMS gateways use)
  to the owner's phone;
* email: Django's EMAIL_* settings, to the owner's e-mail;
* local: keeps every message in ``LocalNotifier.sent`` (tests, demos) and, when
  ``PHANGNGA_IOT_NOTIFY_FILE`` is set, appends it there as JSON lines.

A notifier that fails never stops the others or the engine: the outcome is recorded on
the alert (Alert.deliveries).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from typing import ClassVar, Protocol

log = logging.getLogger(__name__)
TIMEOUT_S = 10


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str = ""
    phone: str = ""
    line_to: str = ""


class Notifier(Protocol):
    name: str

    def send(self, to: Recipient, subject: str, text: str) -> str:
        """Deliver; return a short outcome ("sent", "skipped: ..."); raise on failure."""


def _post(url: str, data: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
        return response.status


class LineNotifier:
    name = "line"
    url = "https://api.line.me/v2/bot/message/push"

    def __init__(self, token: str | None = None):
        self.token = token or os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", "")

    def send(self, to: Recipient, subject: str, text: str) -> str:
        if not to.line_to:
            return "skipped: no LINE id"
        if not self.token:
            raise RuntimeError("LINE_CHANNEL_ACCESS_TOKEN is not set")
        body = json.dumps(
            {"to": to.line_to, "messages": [{"type": "text", "text": f"{subject}\n{text}"[:5000]}]}
        )
        _post(
            self.url,
            body.encode(),
            {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        return "sent"


class SmsNotifier:
    name = "sms"

    def __init__(self) -> None:
        self.url = os.environ.get("SMS_API_URL", "")
        self.key = os.environ.get("SMS_API_KEY", "")
        self.secret = os.environ.get("SMS_API_SECRET", "")
        self.sender = os.environ.get("SMS_SENDER", "PhangNga")

    def send(self, to: Recipient, subject: str, text: str) -> str:
        if not to.phone:
            return "skipped: no phone"
        if not self.url:
            raise RuntimeError("SMS_API_URL is not set")
        form = urllib.parse.urlencode(
            {"msisdn": to.phone, "message": f"{subject}: {text}"[:320], "sender": self.sender}
        ).encode()
        auth = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        _post(
            self.url,
            form,
            {"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Basic {auth}"},
        )
        return "sent"


class EmailNotifier:
    name = "email"

    def send(self, to: Recipient, subject: str, text: str) -> str:
        if not to.email:
            return "skipped: no e-mail"
        from django.core.mail import send_mail

        send_mail(subject, text, None, [to.email])
        return "sent"


class LocalNotifier:
    """Records instead of sending: the test backend, and a safe default for demos."""

    name = "local"
    sent: ClassVar[list[dict]] = []

    def send(self, to: Recipient, subject: str, text: str) -> str:
        entry = {"to": asdict(to), "subject": subject, "text": text}
        LocalNotifier.sent.append(entry)
        if path := os.environ.get("PHANGNGA_IOT_NOTIFY_FILE"):
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return "recorded"


ADAPTERS: dict[str, type] = {
    "line": LineNotifier,
    "sms": SmsNotifier,
    "email": EmailNotifier,
    "local": LocalNotifier,
}


def configured() -> list[Notifier]:
    names = [n.strip() for n in os.environ.get("PHANGNGA_IOT_NOTIFIERS", "local").split(",") if n.strip()]
    unknown = [n for n in names if n not in ADAPTERS]
    if unknown:
        log.error(
            "iot: unknown notifier(s) %s in PHANGNGA_IOT_NOTIFIERS; known: %s", unknown, sorted(ADAPTERS)
        )
    return [ADAPTERS[n]() for n in names if n in ADAPTERS]


def notify_all(notifiers: list[Notifier], to: Recipient, subject: str, text: str) -> dict[str, str]:
    outcomes: dict[str, str] = {}
    for notifier in notifiers:
        try:
            outcomes[notifier.name] = notifier.send(to, subject, text)
        except Exception as exc:  # a notifier must never stop the engine
            log.warning("iot: notifier %s failed: %s", notifier.name, exc)
            outcomes[notifier.name] = f"error: {exc}"[:200]
    return outcomes
