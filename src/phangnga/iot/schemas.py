"""Output schemas of the IoT API, key for key as `api.py`'s site_out, device_out, command_out
and rule_out return them (core/schemas.py: a key left out here would vanish). A rule's params
and state are the rules kernel's JSON, by rule kind: free-form on purpose."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from phangnga.core.schemas import FreeForm, Num, OutSchema


class SiteOut(OutSchema):
    id: int
    code: str
    kind: str
    name_th: str
    name_en: str
    lat: Num
    lon: Num
    district: str
    profile: FreeForm = Field(description="The site's profile (herd size, crop, area...), by kind")
    owner: str | None


class Latest(OutSchema):
    value: Num
    at: datetime


class Topics(OutSchema):
    telemetry: str
    cmd: str
    ack: str


class DeviceOut(OutSchema):
    """api.device_out: a device, its last values and its MQTT topics."""

    id: int
    site: str
    code: str
    name: str
    channels: list[str]
    actuators: list[str]
    online: bool
    last_seen_at: datetime | None
    actuator_state: dict[str, str] = Field(description="Actuator -> on or off, as last acknowledged")
    latest: dict[str, Latest] = Field(description="Channel -> the last value and when it was measured")
    malformed_count: int
    last_malformed_reason: str
    topics: Topics


class DeviceCreated(DeviceOut):
    token: str = Field(description="The device's token, shown once")


class Reading(OutSchema):
    ts: int = Field(description="Epoch milliseconds")
    at: datetime
    channel: str
    value: Num


class Telemetry(OutSchema):
    device: int
    count: int
    readings: list[Reading]


class Accepted(OutSchema):
    device: int
    accepted: int = Field(description="How many samples were stored")


class CommandOut(OutSchema):
    """api.command_out: a command to an actuator and how far it got."""

    id: int
    request_id: str
    device: int
    actuator: str
    state: str = Field(description="on or off")
    status: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    acked_at: datetime | None
    error: str
    rule: int | None = Field(description="The rule that sent it, null for a manual command")
    reason: str


class RuleOut(OutSchema):
    """api.rule_out: a control rule of a site."""

    id: int
    site: str
    name: str
    kind: str
    sensor: int | None = Field(description="The id of the device whose channel the rule reads")
    channel: str
    target: int | None = Field(description="The id of the device the rule switches")
    actuator: str
    params: FreeForm = Field(description="The rule's parameters, by kind (thresholds, schedule, fail-safe)")
    enabled: bool
    state: FreeForm = Field(description="The rules kernel's state (output, pending, stale, alarm)")
    last_reason: str


class AlertOut(OutSchema):
    id: int
    site: str
    level: str
    message: str
    created_at: datetime
    read: bool
    deliveries: FreeForm = Field(description="Channel -> how the alert was delivered (LINE, SMS...)")
