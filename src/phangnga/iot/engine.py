"""The rule engine and command tracking: reads rules and latest values from the ORM,
asks the pure kernel (rules.py) what to do, sends commands, records acks, retries, alerts.

It runs inside `phangnga iot-ingest` (after each stored batch and on a timer) and after
HTTP telemetry; `publish(topic, payload)` is whatever MQTT connection the caller has.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from . import notify, rules
from .models import Alert, AlertLevel, Command, CommandStatus, Device, Rule, RuleKind, Site
from .telemetry import ACTUATORS, CHANNELS, command_payload, topic

log = logging.getLogger(__name__)
Publisher = Callable[[str, str], None]

ACK_TIMEOUT_S = 5.0
MAX_ATTEMPTS = 3
MANUAL_OVERRIDE_MIN = 30


# ---- rule parameters ------------------------------------------------------------------


def _num(params: dict, key: str, errors: dict, *, required: bool = False, minimum: float | None = None):
    value = params.get(key)
    if value is None or value == "":
        if required:
            errors[key] = "required"
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(value)
        except (TypeError, ValueError):
            errors[key] = "must be a number"
            return None
    if minimum is not None and value < minimum:
        errors[key] = f"must be at least {minimum:g}"
        return None
    return float(value)


def kernel_rule(
    kind: str, params: dict
) -> tuple[rules.ThresholdRule | rules.ScheduleRule | None, dict[str, str]]:
    """Rule parameters as stored and edited (minutes, "HH:MM") -> the kernel's rule, or
    field errors. One function for the API, the form and the engine."""
    errors: dict[str, str] = {}
    if kind == RuleKind.THRESHOLD:
        failsafe = params.get("failsafe")
        if failsafe not in (None, "", "on", "off"):
            errors["failsafe"] = "must be 'on', 'off' or empty"
        stale = _num(params, "stale_after_min", errors, minimum=0.01)
        rule = rules.ThresholdRule(
            direction=params.get("direction", ""),
            on_at=_num(params, "on_at", errors, required=True) or 0.0,
            off_at=_num(params, "off_at", errors, required=True) or 0.0,
            for_s=(_num(params, "for_min", errors, minimum=0) or 0) * 60,
            min_cycle_s=(_num(params, "min_cycle_min", errors, minimum=0) or 0) * 60,
            stale_after_s=stale * 60 if stale else None,
            failsafe={"on": True, "off": False}.get(failsafe or ""),
            alarm_high=_num(params, "alarm_high", errors),
            alarm_low=_num(params, "alarm_low", errors),
        )
    elif kind == RuleKind.SCHEDULE:
        windows = []
        raw_windows = params.get("windows")
        if not isinstance(raw_windows, list):
            errors["windows"] = "a list of {start: 'HH:MM', minutes, weekdays}"
            raw_windows = []
        for w in raw_windows:
            try:
                days = tuple(int(d) for d in w.get("weekdays", range(7)))
                windows.append(rules.Window(rules.parse_hhmm(str(w["start"])), int(w["minutes"]), days))
            except (KeyError, TypeError, ValueError, AttributeError):
                errors["windows"] = "each window needs start 'HH:MM' and minutes (weekdays 0-6 optional)"
        stale = _num(params, "stale_after_min", errors, minimum=0.01)
        rule = rules.ScheduleRule(
            windows=tuple(windows),
            skip_above=_num(params, "skip_above", errors),
            min_cycle_s=(_num(params, "min_cycle_min", errors, minimum=0) or 0) * 60,
            stale_after_s=stale * 60 if stale else None,
        )
    else:
        return None, {"kind": f"must be one of {', '.join(RuleKind.values)}"}
    if not errors:
        errors.update(rule.validate())
    return (None, errors) if errors else (rule, {})


def rule_errors(
    kind: str, params: dict, sensor: Device | None, channel: str, target: Device, actuator: str, site: Site
) -> dict[str, str]:
    _, errors = kernel_rule(kind, params)
    if kind == RuleKind.THRESHOLD and sensor is None:
        errors["sensor"] = "a threshold rule needs a sensor device"
    if sensor is not None and channel not in CHANNELS:
        errors["channel"] = f"must be one of {', '.join(CHANNELS)}"
    if sensor is not None and sensor.site_id != site.id:
        errors["sensor"] = "must be a device of this site"
    if target.site_id != site.id:
        errors["target"] = "must be a device of this site"
    if actuator not in ACTUATORS:
        errors["actuator"] = f"must be one of {', '.join(ACTUATORS)}"
    elif target.actuators and actuator not in target.actuators:
        errors["actuator"] = f"{target.code} has no {actuator} (it has {', '.join(target.actuators)})"
    return errors


# ---- evaluation ------------------------------------------------------------------------


def _state(rule: Rule) -> rules.RuleState:
    known = {k: v for k, v in (rule.state or {}).items() if k in rules.RuleState.__dataclass_fields__}
    return rules.RuleState(**known)


def _decide(rule: Rule, now: datetime) -> rules.Decision | None:
    kernel, errors = kernel_rule(rule.kind, rule.params)
    if kernel is None:
        rule.last_reason = f"invalid parameters: {errors}"[:255]
        return None
    value = value_ts_s = None
    if rule.sensor_id and (latest := rule.sensor.latest(rule.channel)):
        value, at = latest
        value_ts_s = at.timestamp()
    now_s = now.timestamp()
    if isinstance(kernel, rules.ThresholdRule):
        return rules.evaluate_threshold(kernel, _state(rule), value, value_ts_s, now_s)
    local = timezone.localtime(now)
    return rules.evaluate_schedule(
        kernel, _state(rule), now_s, local.weekday(), local.hour * 60 + local.minute, value, value_ts_s
    )


def evaluate(rule_ids: Iterable[int], now: datetime | None = None) -> list[Command]:
    """Evaluate rules, persist their state, create the commands and alerts they call for.
    Returns the new commands (not yet sent: call `dispatch`)."""
    now = now or timezone.now()
    created: list[Command] = []
    alerts: list[Alert] = []
    with transaction.atomic():
        for rule in (
            Rule.objects.select_for_update(
                of=("self",)
            )  # PostgreSQL cannot lock the nullable side (sensor) of an outer join
            .select_related("sensor", "target", "site")
            .filter(pk__in=list(rule_ids), enabled=True)
        ):
            if rule.paused_until and rule.paused_until > now:
                continue
            decision = _decide(rule, now)
            rule.last_evaluated_at = now
            if decision is not None:
                rule.state = asdict(decision.state)
                rule.last_reason = decision.reason[:255]
                if decision.changed and decision.output is not None:
                    created.append(
                        Command.objects.create(
                            device=rule.target,
                            request_id=uuid.uuid4().hex,
                            actuator=rule.actuator,
                            on=decision.output,
                            rule=rule,
                            reason=decision.reason[:255],
                        )
                    )
                for text in decision.alerts:
                    level = (
                        AlertLevel.CRITICAL
                        if "stale" in text or "above" in text or "below" in text
                        else (AlertLevel.INFO)
                    )
                    alerts.append(
                        Alert(
                            site=rule.site,
                            device=rule.sensor,
                            rule=rule,
                            level=level,
                            message=f"{rule.name}: {text}"[:255],
                            created_at=now,
                        )
                    )
            rule.save(update_fields=["state", "last_reason", "last_evaluated_at"])
    for alert in alerts:
        alert.save()
        deliver(alert)
    return created


def on_readings(device_ids: Iterable[int], now: datetime | None = None) -> list[Command]:
    ids = Rule.objects.filter(sensor_id__in=list(device_ids), enabled=True).values_list("id", flat=True)
    return evaluate(list(ids), now)


def tick(publish: Publisher, now: datetime | None = None) -> dict[str, int]:
    """The timer: every rule (schedules, "for N minutes", stale sensors), offline devices,
    command retries. Returns counts for logging."""
    now = now or timezone.now()
    commands = evaluate(Rule.objects.filter(enabled=True).values_list("id", flat=True), now)
    dispatch(commands, publish)
    return {"commands": len(commands), "offline": check_offline(now), "retried": retry_pending(publish, now)}


# ---- commands --------------------------------------------------------------------------


def manual_command(device: Device, actuator: str, on: bool, user, publish: Publisher | None) -> Command:
    """A button press: the rules that drive the same actuator pause for a while, so the
    engine does not undo the farmer's choice at its next tick (Home Assistant's override)."""
    now = timezone.now()
    with transaction.atomic():
        command = Command.objects.create(
            device=device,
            request_id=uuid.uuid4().hex,
            actuator=actuator,
            on=on,
            requested_by=user,
            reason="manual",
        )
        Rule.objects.filter(target=device, actuator=actuator, enabled=True).update(
            paused_until=now + timedelta(minutes=MANUAL_OVERRIDE_MIN)
        )
    if publish is not None:
        dispatch([command], publish)
    return command


def dispatch(commands: Iterable[Command], publish: Publisher) -> None:
    for command in commands:
        send(command, publish)


def send(command: Command, publish: Publisher) -> bool:
    """Publish (or re-publish, same request id) one command; failures leave it pending
    for the retry loop."""
    device = command.device
    name = topic(device.site.code, device.code, "cmd")
    payload = command_payload(command.request_id, command.actuator, command.on, int(time.time() * 1000))
    command.attempts += 1
    command.sent_at = timezone.now()
    try:
        publish(name, payload)
        command.error = ""
        ok = True
    except Exception as exc:  # broker down: keep it pending, the retry loop tries again
        log.warning("iot: could not publish %s: %s", name, exc)
        command.error = str(exc)[:255]
        ok = False
    Command.objects.filter(pk=command.pk, status=CommandStatus.PENDING).update(
        attempts=command.attempts, sent_at=command.sent_at, error=command.error
    )
    return ok


def record_ack(site_code: str, device_code: str, request_id: str, ok: bool, body: dict) -> Command | None:
    """Match an ack to its command by request id (and the device the topic names)."""
    now = timezone.now()
    with transaction.atomic():
        command = (
            Command.objects.select_for_update(of=("self",))
            .select_related("device")
            .filter(request_id=request_id, device__code=device_code, device__site__code=site_code)
            .first()
        )
        if command is None:
            log.warning("iot: ack for unknown request %s on %s/%s", request_id, site_code, device_code)
            return None
        if command.status != CommandStatus.PENDING:
            return command  # a duplicate ack (QoS 1 redelivery)
        command.status = CommandStatus.ACKED if ok else CommandStatus.FAILED
        command.acked_at = now
        command.ack = body
        if not ok:
            command.error = str(body.get("error", "device refused"))[:255]
        command.save(update_fields=["status", "acked_at", "ack", "error"])
        if ok:
            device = Device.objects.select_for_update().get(pk=command.device_id)
            state = dict(device.actuator_state or {})
            state[command.actuator] = "on" if command.on else "off"
            reported = body.get("state")
            if isinstance(reported, dict):
                state.update({k: v for k, v in reported.items() if k in ACTUATORS and v in ("on", "off")})
            device.actuator_state = state
            device.save(update_fields=["actuator_state"])
    return command


def retry_pending(publish: Publisher, now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = now - timedelta(seconds=ACK_TIMEOUT_S)
    retried = 0
    pending = (
        Command.objects.select_related("device__site")
        .filter(status=CommandStatus.PENDING)
        .exclude(sent_at__gt=due)
    )
    for command in pending:
        if command.attempts >= MAX_ATTEMPTS:
            updated = Command.objects.filter(pk=command.pk, status=CommandStatus.PENDING).update(
                status=CommandStatus.FAILED, error=command.error or "no acknowledgement"
            )
            if updated:
                raise_alert(
                    command.device.site,
                    f"{command.device.name}: {command.actuator} "
                    f"{'on' if command.on else 'off'} not acknowledged after {command.attempts} attempts",
                    AlertLevel.CRITICAL,
                    device=command.device,
                    rule_id=command.rule_id,
                )
            continue
        send(command, publish)
        retried += 1
    return retried


# ---- offline devices and alerts ----------------------------------------------------------


def check_offline(now: datetime) -> int:
    went_offline = 0
    for device in Device.objects.select_related("site").filter(active=True):
        online = device.is_online(now)
        if not online and not device.offline_alerted:
            Device.objects.filter(pk=device.pk).update(offline_alerted=True)
            seen = (
                timezone.localtime(device.last_seen_at).strftime("%d/%m %H:%M")
                if device.last_seen_at
                else "never"
            )
            raise_alert(
                device.site, f"{device.name} is offline (last seen {seen})", AlertLevel.WARNING, device=device
            )
            went_offline += 1
        elif online and device.offline_alerted:
            Device.objects.filter(pk=device.pk).update(offline_alerted=False)
            raise_alert(device.site, f"{device.name} is back online", AlertLevel.INFO, device=device)
    return went_offline


def raise_alert(
    site: Site, message: str, level: str, *, device: Device | None = None, rule_id: int | None = None
) -> Alert:
    alert = Alert.objects.create(
        site=site, device=device, rule_id=rule_id, level=level, message=message[:255]
    )
    deliver(alert)
    return alert


def deliver(alert: Alert) -> None:
    """Tell the owner through every configured notifier (the app shows it in any case)."""
    site = alert.site
    owner = site.owner
    to = notify.Recipient(
        name=str(owner) if owner else site.name_en,
        email=getattr(owner, "email", "") or "",
        phone=getattr(owner, "phone", "") or "",
        line_to=site.notify_line_to,
    )
    outcomes = notify.notify_all(
        notify.configured(), to, f"[{alert.get_level_display()}] {site.name_en}", alert.message
    )
    Alert.objects.filter(pk=alert.pk).update(deliveries=outcomes)
    alert.deliveries = outcomes
