"""IoT's writer: every change made by a person (sites, devices, rules, switch presses, drying
batches) goes through here, in one transaction with its audit entry (`actor`: who, from where).
Telemetry from devices is written by ingest/store (no person acts, nothing to audit)."""

from __future__ import annotations

import time

from django.db import transaction
from django.utils import timezone

from phangnga.core.audit import Actor, record
from phangnga.core.errors import ApiError, FieldError
from phangnga.geo.places import require_in_region

from . import engine, store
from .models import PROFILE_DEFAULTS, Command, Device, DryerBatch, Rule, Site, SiteKind
from .mqtt import publish_once
from .telemetry import ACTUATORS, CHANNELS, CODE_RE, Malformed, parse_samples


@transaction.atomic
def create_site(
    actor: Actor,
    *,
    code: str,
    kind: str,
    name_th: str,
    name_en: str,
    lat: float,
    lon: float,
    owner,
    district: str = "",
    profile: dict | None = None,
) -> Site:
    if not CODE_RE.match(code):
        raise FieldError("code", "lower-case letters, digits, - and _ (it becomes part of MQTT topics)")
    if kind not in SiteKind.values:
        raise FieldError("kind", f"must be one of {', '.join(SiteKind.values)}")
    require_in_region(lat, lon)
    if Site.objects.filter(code=code).exists():
        raise FieldError("code", f"a site with code {code!r} exists already", code="duplicate")
    site = Site.objects.create(
        code=code,
        kind=kind,
        name_th=name_th,
        name_en=name_en,
        lat=lat,
        lon=lon,
        owner=owner,
        district=district,
        profile={**PROFILE_DEFAULTS[kind], **(profile or {})},
    )
    record(actor, "create", site)
    return site


@transaction.atomic
def create_device(
    actor: Actor,
    site: Site,
    *,
    code: str,
    name: str,
    channels: list[str],
    actuators: list[str],
    offline_after_s: int = 600,
) -> tuple[Device, str]:
    """A device and its one credential (raw token returned once, stored hashed)."""
    if not CODE_RE.match(code):
        raise FieldError("code", "lower-case letters, digits, - and _ (it becomes part of MQTT topics)")
    if unknown := [c for c in channels if c not in CHANNELS]:
        raise FieldError("channels", f"unknown channel(s) {unknown}; known: {', '.join(CHANNELS)}")
    if unknown := [a for a in actuators if a not in ACTUATORS]:
        raise FieldError("actuators", f"unknown actuator(s) {unknown}; known: {', '.join(ACTUATORS)}")
    if not channels and not actuators:
        raise FieldError("channels", "a device needs at least one channel or actuator")
    if not (30 <= offline_after_s <= 7 * 86400):
        raise FieldError("offline_after_s", "must be between 30 s and 7 days")
    if site.devices.filter(code=code).exists():
        raise FieldError("code", f"site {site.code} has a device {code!r} already", code="duplicate")
    device = Device(
        site=site,
        code=code,
        name=name,
        channels=channels,
        actuators=actuators,
        offline_after_s=offline_after_s,
    )
    raw = device.issue_token()
    device.save()
    record(actor, "create", device)
    return device, raw


@transaction.atomic
def save_rule(actor: Actor, rule: Rule) -> Rule:
    """Validate a rule (kernel parameters and wiring) and save it; 422 naming the field."""
    errors = engine.rule_errors(
        rule.kind, rule.params, rule.sensor, rule.channel, rule.target, rule.actuator, rule.site
    )
    if errors:
        raise ApiError(422, "invalid_rule", "; ".join(f"{k}: {v}" for k, v in errors.items()), errors)
    action = "update" if rule.pk else "create"
    rule.state = {}  # new parameters: the kernel starts fresh
    rule.save()
    record(actor, action, rule, changes={"params": rule.params})
    return rule


@transaction.atomic
def press_switch(actor: Actor, device: Device, actuator: str, on: bool) -> Command:
    """A person switches an actuator: the command is stored (pending) and audited; the caller
    publishes it with `engine.send` once stored, so a broker outage loses nothing."""
    command = engine.manual_command(device, actuator, on, actor.user, publish=None)
    record(actor, "create", command)
    return command


@transaction.atomic
def start_batch(actor: Actor, batch: DryerBatch, site: Site) -> DryerBatch:
    batch.site, batch.started_at = site, timezone.now()
    batch.save()
    record(actor, "create", batch)
    return batch


@transaction.atomic
def finish_batch(actor: Actor, batch: DryerBatch, weight_out_kg) -> DryerBatch:
    batch.weight_out_kg, batch.ended_at = weight_out_kg, timezone.now()
    batch.save(update_fields=["weight_out_kg", "ended_at"])
    record(actor, "update", batch)
    return batch


def ingest_http(device: Device, body: bytes) -> int:
    """POST /telemetry: parse, store, run the rules for this device. Malformed -> 422 and counted."""
    try:
        rows = parse_samples(body, int(time.time() * 1000))
    except Malformed as exc:
        store.count_malformed({device.id: (1, str(exc))})
        raise ApiError(422, "malformed_telemetry", str(exc), {"values": str(exc)}) from None
    with transaction.atomic():
        written = store.store({device.id: rows})
    commands = engine.on_readings([device.id])
    engine.dispatch(commands, publish_once)
    return written
