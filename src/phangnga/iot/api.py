"""IoT API: sites, devices (with their credential), telemetry in and out, rules, commands, alerts."""

from __future__ import annotations

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.security import HttpBearer

from phangnga.core.audit import Actor
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.idempotency import create_once, idempotency_key
from phangnga.core.models import hash_token
from phangnga.core.validation import column, latitude, longitude, moment, text

from . import access, engine, readings, schemas, services
from .models import Alert, Command, Device, Rule, RuleKind, Site, SiteKind
from .mqtt import publish_once
from .store import ms_to_dt
from .telemetry import ACTUATORS, CHANNELS, topic

router = Router(tags=["iot"])
MAX_ID = 2**63 - 1  # ids beyond a 64-bit integer are a 422, not a database error


class DeviceTokenAuth(HttpBearer):
    """A device's own credential (issued by POST /devices), not a user token."""

    def authenticate(self, request, token: str):
        device = (
            Device.objects.select_related("site").filter(token_digest=hash_token(token), active=True).first()
        )
        if device is not None:
            request.device = device
        return device


# ---- schemas ---------------------------------------------------------------------------


class SiteIn(Schema):
    code: str = Field(..., min_length=1, max_length=64)
    kind: SiteKind
    name_th: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field(..., min_length=1, max_length=200)
    lat: latitude()
    lon: longitude()
    district: str = Field("", max_length=64)
    profile: dict = {}


class DeviceIn(Schema):
    site: str = Field(..., description="site code", max_length=64)
    code: str = Field(..., min_length=1, max_length=64)
    name: str = Field(..., min_length=1, max_length=200)
    channels: list[text(16)] = Field([], max_length=len(CHANNELS))
    actuators: list[text(16)] = Field([], max_length=len(ACTUATORS))
    offline_after_s: column(Device, "offline_after_s", ge=10, le=30 * 86_400) = 600  # 10 s to 30 days


class RuleIn(Schema):
    site: str = Field(..., description="site code", max_length=64)
    name: str = Field(..., min_length=1, max_length=200)
    kind: RuleKind
    sensor: int | None = Field(
        None, ge=1, le=MAX_ID, description="sensor device id (threshold rules, optional skip sensor)"
    )
    channel: str = Field("", max_length=16)
    target: int = Field(..., ge=1, le=MAX_ID, description="actuator device id")
    actuator: str = Field(..., max_length=16)
    params: dict = Field(
        ...,
        description="threshold: direction, on_at, off_at, for_min, min_cycle_min, "
        "stale_after_min, failsafe (on/off), alarm_high, alarm_low; schedule: windows "
        "[{start: 'HH:MM', minutes, weekdays}], skip_above, min_cycle_min, stale_after_min",
    )
    enabled: bool = True


class CommandIn(Schema):
    actuator: str = Field(..., max_length=16)
    state: Literal["on", "off"]


class TelemetryQuery(Schema):
    channel: text(16) | None = None
    since: moment() | None = None
    limit: int = Field(5000, ge=1, le=50000)


# ---- helpers ---------------------------------------------------------------------------


def _site(user, code: str, *, control: bool = False, field: str = "site") -> Site:
    site = Site.objects.filter(code=code).first()
    if site is None or not access.can_view(user, site):  # someone else's site reads as unknown
        raise FieldError(field, f"unknown site {code!r}")
    if control and not access.can_control(user, site):
        raise ApiError(403, "forbidden", f"you may watch but not control site {code}")
    return site


def _device(user, device_id: int, *, control: bool = False) -> Device:
    if not 1 <= device_id <= MAX_ID:
        raise ApiError(404, "not_found", f"no device {device_id}")
    device = get_object_or_404(Device.objects.select_related("site"), pk=device_id)
    if not access.can_view(user, device.site):  # someone else's device reads as missing
        raise ApiError(404, "not_found", f"no device {device_id}")
    if control and not access.can_control(user, device.site):
        raise ApiError(403, "forbidden", "you may watch but not control this device")
    return device


def site_out(site: Site) -> dict:
    return {
        "id": site.id,
        "code": site.code,
        "kind": site.kind,
        "name_th": site.name_th,
        "name_en": site.name_en,
        "lat": site.lat,
        "lon": site.lon,
        "district": site.district,
        "profile": site.profile,
        "owner": site.owner.username if site.owner else None,
    }


def device_out(device: Device) -> dict:
    return {
        "id": device.id,
        "site": device.site.code,
        "code": device.code,
        "name": device.name,
        "channels": device.channels,
        "actuators": device.actuators,
        "online": device.is_online(),
        "last_seen_at": device.last_seen_at,
        "actuator_state": device.actuator_state,
        "latest": {c: {"value": v, "at": ms_to_dt(ts)} for c, (ts, v) in (device.last_values or {}).items()},
        "malformed_count": device.malformed_count,
        "last_malformed_reason": device.last_malformed_reason,
        "topics": {k: topic(device.site.code, device.code, k) for k in ("telemetry", "cmd", "ack")},
    }


def command_out(command: Command) -> dict:
    return {
        "id": command.id,
        "request_id": command.request_id,
        "device": command.device_id,
        "actuator": command.actuator,
        "state": "on" if command.on else "off",
        "status": command.status,
        "attempts": command.attempts,
        "created_at": command.created_at,
        "sent_at": command.sent_at,
        "acked_at": command.acked_at,
        "error": command.error,
        "rule": command.rule_id,
        "reason": command.reason,
    }


def rule_out(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "site": rule.site.code,
        "name": rule.name,
        "kind": rule.kind,
        "sensor": rule.sensor_id,
        "channel": rule.channel,
        "target": rule.target_id,
        "actuator": rule.actuator,
        "params": rule.params,
        "enabled": rule.enabled,
        "state": rule.state,
        "last_reason": rule.last_reason,
    }


# ---- sites and devices -------------------------------------------------------------------


@router.get("/sites", auth=token_or_session, response=list[schemas.SiteOut], summary="Sites you may see")
def list_sites(request):
    user = require_role(request, *access.PAGE_ROLES)
    return [site_out(s) for s in access.visible_sites(user).select_related("owner")]


@router.post(
    "/sites",
    auth=token_or_session,
    response={201: schemas.SiteOut},
    summary="Add a site (you become its owner)",
)
def create_site(request, payload: SiteIn):
    user = require_role(request, *access.WRITERS)
    site = services.create_site(
        Actor.of(request, user),
        code=payload.code,
        kind=payload.kind,
        name_th=payload.name_th,
        name_en=payload.name_en,
        lat=payload.lat,
        lon=payload.lon,
        owner=user,
        district=payload.district,
        profile=payload.profile,
    )
    return 201, site_out(site)


@router.post(
    "/devices",
    auth=token_or_session,
    response={201: schemas.DeviceCreated},
    summary="Register a device; the answer carries its token (shown once, stored hashed)",
)
def create_device(request, payload: DeviceIn):
    user = require_role(request, *access.WRITERS)
    site = _site(user, payload.site, control=True)
    device, raw = services.create_device(
        Actor.of(request, user),
        site,
        code=payload.code,
        name=payload.name,
        channels=payload.channels,
        actuators=payload.actuators,
        offline_after_s=payload.offline_after_s,
    )
    return 201, {**device_out(device), "token": raw}


@router.get(
    "/devices/{device_id}",
    auth=token_or_session,
    response=schemas.DeviceOut,
    summary="A device: latest values, online, actuators",
)
def get_device(request, device_id: int):
    user = require_role(request, *access.PAGE_ROLES)
    return device_out(_device(user, device_id))


@router.get(
    "/devices/{device_id}/telemetry",
    auth=token_or_session,
    response=schemas.Telemetry,
    summary="Raw readings, oldest first",
)
def get_telemetry(request, device_id: int, filters: Query[TelemetryQuery]):
    user = require_role(request, *access.PAGE_ROLES)
    device = _device(user, device_id)
    if filters.channel is not None and filters.channel not in CHANNELS:
        raise FieldError("channel", f"must be one of {', '.join(CHANNELS)}")
    rows = readings.raw(device, filters.channel, filters.since, filters.limit)
    return {
        "device": device.id,
        "count": len(rows),
        "readings": [{"ts": r.ts_ms, "at": r.at, "channel": r.channel, "value": r.value} for r in rows],
    }


_SAMPLE = {
    "type": "object",
    "required": ["ts", "values"],
    "properties": {
        "ts": {"type": "integer", "description": "epoch milliseconds"},
        "values": {
            "type": "object",
            "additionalProperties": {"type": "number"},
            "description": f"channel -> number; channels: {', '.join(CHANNELS)}",
        },
    },
}
TELEMETRY_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"oneOf": [_SAMPLE, {"type": "array", "items": _SAMPLE}]},
                # What a pig-house sensor sends (send `Authorization: Bearer <the device's token>`).
                "example": {"ts": 1764729600000, "values": {"temperature": 31.5, "humidity": 78}},
            }
        },
    }
}


@router.post(
    "/telemetry",
    auth=DeviceTokenAuth(),
    response={202: schemas.Accepted},
    openapi_extra=TELEMETRY_BODY,
    summary="A device posts {ts, values} or a list of them with its own Bearer token",
)
def post_telemetry(request):
    accepted = services.ingest_http(request.device, request.body)
    return 202, {"device": request.device.id, "accepted": accepted}


# ---- rules ---------------------------------------------------------------------------------


@router.get("/rules", auth=token_or_session, response=list[schemas.RuleOut], summary="Rules of a site")
def list_rules(request, site: text(64)):
    user = require_role(request, *access.PAGE_ROLES)
    return [rule_out(r) for r in _site(user, site).rules.select_related("site")]


@router.post("/rules", auth=token_or_session, response={201: schemas.RuleOut}, summary="Add a control rule")
def create_rule(request, payload: RuleIn):
    user = require_role(request, *access.WRITERS)
    site = _site(user, payload.site, control=True)
    sensor = site.devices.filter(pk=payload.sensor).first() if payload.sensor is not None else None
    if payload.sensor is not None and sensor is None:
        raise FieldError("sensor", "not a device of this site")
    target = site.devices.filter(pk=payload.target).first()
    if target is None:
        raise FieldError("target", "not a device of this site")
    rule = services.save_rule(
        Actor.of(request, user),
        Rule(
            site=site,
            name=payload.name,
            kind=payload.kind,
            sensor=sensor,
            channel=payload.channel,
            target=target,
            actuator=payload.actuator,
            params=payload.params,
            enabled=payload.enabled,
        ),
    )
    return 201, rule_out(rule)


# ---- commands and alerts ---------------------------------------------------------------------


@router.post(
    "/devices/{device_id}/commands",
    auth=token_or_session,
    response={202: schemas.CommandOut},
    summary="Switch an actuator; poll GET /commands/{id} for the device's ack",
)
def create_command(request, device_id: int, payload: CommandIn):
    user = require_role(request, *access.WRITERS)
    device = _device(user, device_id, control=True)
    if payload.actuator not in ACTUATORS or payload.actuator not in (device.actuators or []):
        raise FieldError("actuator", f"{device.code} has no {payload.actuator!r}; it has {device.actuators}")
    key = idempotency_key(request)

    def make():
        return services.press_switch(Actor.of(request, user), device, payload.actuator, payload.state == "on")

    command, created = create_once(
        f"iot-command-{device.id}",
        key,
        make,
        lambda pk: Command.objects.get(pk=pk),
        request=request,
        user=user,
        body=payload.dict(),
        visible=lambda c: access.can_view(user, c.device.site),
    )
    if created:
        engine.send(command, publish_once)
        command.refresh_from_db()
    return 202, command_out(command)


@router.get(
    "/commands/{command_id}",
    auth=token_or_session,
    response=schemas.CommandOut,
    summary="A command's state: pending, acked or failed",
)
def get_command(request, command_id: int):
    user = require_role(request, *access.PAGE_ROLES)
    if not 1 <= command_id <= MAX_ID:
        raise ApiError(404, "not_found", f"no command {command_id}")
    command = get_object_or_404(Command.objects.select_related("device__site"), pk=command_id)
    if not access.can_view(user, command.device.site):
        raise ApiError(404, "not_found", f"no command {command_id}")
    return command_out(command)


@router.get(
    "/alerts",
    auth=token_or_session,
    response=list[schemas.AlertOut],
    summary="Latest alerts of the sites you may see",
)
def list_alerts(request, site: text(64) | None = None, limit: int = Query(50, ge=1, le=500)):
    user = require_role(request, *access.PAGE_ROLES)
    qs = Alert.objects.filter(site__in=access.visible_sites(user)).select_related("site")
    if site:
        qs = qs.filter(site=_site(user, site))
    return [
        {
            "id": a.id,
            "site": a.site.code,
            "level": a.level,
            "message": a.message,
            "created_at": a.created_at,
            "read": a.read_at is not None,
            "deliveries": a.deliveries,
        }
        for a in qs[:limit]
    ]
