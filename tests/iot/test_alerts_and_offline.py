"""Offline-device detection, stale-sensor fail-safe through the engine, notifier backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phangnga.core.audit import Actor
from phangnga.iot import engine, notify, services, store
from phangnga.iot.models import Alert, Command, Rule


@pytest.fixture
def pig(make_user):
    owner = make_user("farmer")
    owner.email, owner.phone = "boonmee@example.org", "0812345678"
    owner.save()
    site = services.create_site(
        Actor(),
        code="pig-o",
        kind="pig_house",
        name_th="p",
        name_en="Pig house",
        lat=8.4,
        lon=98.47,
        owner=owner,
    )
    device = services.create_device(
        Actor(),
        site,
        code="ctl",
        name="Controller",
        channels=["temperature"],
        actuators=["fan"],
        offline_after_s=600,
    )[0]
    return site, device


def test_offline_and_back_online_alert_once_each(pig):
    site, device = pig
    notify.LocalNotifier.sent.clear()
    device.last_seen_at = timezone.now() - timedelta(minutes=11)
    device.save()
    assert engine.check_offline(timezone.now()) == 1
    assert engine.check_offline(timezone.now()) == 0  # no repeat while still offline
    store.store({device.id: [(store.dt_to_ms(timezone.now()), "temperature", 28.0)]})
    engine.check_offline(timezone.now())
    messages = list(Alert.objects.filter(site=site).order_by("created_at").values_list("message", flat=True))
    assert messages[0].startswith("Controller is offline") and messages[1] == "Controller is back online"
    assert notify.LocalNotifier.sent[0]["to"]["email"] == "boonmee@example.org"


def test_stale_sensor_drives_fans_on_through_the_timer(pig):
    site, device = pig
    rule = Rule.objects.create(
        site=site,
        name="Fans",
        kind="threshold",
        sensor=device,
        channel="temperature",
        target=device,
        actuator="fan",
        params={"direction": "above", "on_at": 30, "off_at": 28, "stale_after_min": 15, "failsafe": "on"},
    )
    store.store({device.id: [(store.dt_to_ms(timezone.now() - timedelta(minutes=20)), "temperature", 27.0)]})
    sent = []
    engine.tick(lambda topic, payload: sent.append((topic, payload)))
    command = Command.objects.get(rule=rule)
    assert command.on is True and "fail-safe" in command.reason
    assert sent and sent[0][0] == "phangnga/pig-o/ctl/cmd" and command.request_id in sent[0][1]
    assert Alert.objects.filter(rule=rule, level="critical", message__contains="stale").count() == 1


def test_a_failing_notifier_does_not_stop_the_others(monkeypatch):
    class Broken:
        name = "line"

        def send(self, to, subject, text):
            raise RuntimeError("LINE is down")

    notify.LocalNotifier.sent.clear()
    outcomes = notify.notify_all([Broken(), notify.LocalNotifier()], notify.Recipient("x"), "s", "t")
    assert outcomes["line"].startswith("error: LINE is down") and outcomes["local"] == "recorded"


def test_notifiers_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PHANGNGA_IOT_NOTIFIERS", "email,sms,local,nonsense")
    assert [n.name for n in notify.configured()] == ["email", "sms", "local"]
    monkeypatch.delenv("SMS_API_URL", raising=False)
    with pytest.raises(RuntimeError, match="SMS_API_URL"):
        notify.SmsNotifier().send(notify.Recipient("x", phone="0812345678"), "s", "t")
    assert notify.SmsNotifier().send(notify.Recipient("x"), "s", "t") == "skipped: no phone"


def test_email_notifier_uses_django_mail(mailoutbox=None):
    from django.core import mail

    with pytest.MonkeyPatch.context() as mp:
        from django.conf import settings

        mp.setattr(settings, "EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
        mail.outbox = []
        assert (
            notify.EmailNotifier().send(notify.Recipient("x", email="a@example.org"), "Alert", "hot")
            == "sent"
        )
        assert mail.outbox[0].to == ["a@example.org"] and mail.outbox[0].subject == "Alert"
