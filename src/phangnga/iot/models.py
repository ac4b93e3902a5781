"""Sites, devices, readings, rules, commands, alerts and solar-dryer batches."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phangnga.core.models import hash_token


class SiteKind(models.TextChoices):
    GREENHOUSE = "greenhouse", _("Greenhouse")
    PIG_HOUSE = "pig_house", _("Pig house")
    SOLAR_DRYER = "solar_dryer", _("Solar dryer")
    WEATHER_STATION = "weather_station", _("Weather station")


# Profile defaults per kind; an owner or officer edits them on the site (Site.profile).
PROFILE_DEFAULTS: dict[str, dict] = {
    # Pig house: the target band the fans and mist hold; labour saved per year from the seed.
    SiteKind.PIG_HOUSE: {"target_low": 26.0, "target_high": 30.0, "labour_saved_baht_per_year": 24000},
    SiteKind.GREENHOUSE: {"soil_moisture_low": 35.0, "soil_moisture_high": 60.0, "ec_target": 1.8},
    SiteKind.SOLAR_DRYER: {"temperature_target": 55.0, "humidity_end": 20.0},
    SiteKind.WEATHER_STATION: {},
}


class Site(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True, help_text=_("Used in MQTT topics"))
    kind = models.CharField(_("kind"), max_length=32, choices=SiteKind.choices)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="iot_sites",
        verbose_name=_("owner"),
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    district = models.CharField(_("district"), max_length=64, blank=True)
    profile = models.JSONField(_("profile"), default=dict, blank=True)
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    notify_line_to = models.CharField(_("LINE user or group id for alerts"), max_length=64, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name_en"]

    def __str__(self) -> str:
        return self.name_en

    def setting(self, key: str):
        return {**PROFILE_DEFAULTS.get(self.kind, {}), **(self.profile or {})}.get(key)


class Device(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="devices")
    code = models.SlugField(_("code"), max_length=64, help_text=_("Used in MQTT topics"))
    name = models.CharField(_("name"), max_length=200)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    actuators = models.JSONField(_("actuators"), default=list, blank=True)
    token_prefix = models.CharField(max_length=8, blank=True)
    token_digest = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)
    offline_after_s = models.PositiveIntegerField(_("offline after (s)"), default=600)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # {channel: [ts_ms, value]}: the newest reading per channel, for live values and rules.
    last_values = models.JSONField(default=dict, blank=True)
    # {actuator: "on"/"off"} as last acknowledged by the device.
    actuator_state = models.JSONField(default=dict, blank=True)
    malformed_count = models.PositiveIntegerField(default=0)
    last_malformed_reason = models.CharField(max_length=255, blank=True)
    last_malformed_at = models.DateTimeField(null=True, blank=True)
    offline_alerted = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["site", "code"]
        constraints = [models.UniqueConstraint(fields=["site", "code"], name="iot_device_code_per_site")]

    def __str__(self) -> str:
        return f"{self.site.code}/{self.code}"

    def issue_token(self) -> str:
        """A new device credential; only its SHA-256 is kept, the raw value is shown once."""
        raw = "dev_" + secrets.token_urlsafe(32)
        self.token_prefix = raw[:8]
        self.token_digest = hash_token(raw)
        return raw

    def is_online(self, now: datetime | None = None) -> bool:
        if self.last_seen_at is None:
            return False
        return ((now or timezone.now()) - self.last_seen_at).total_seconds() <= self.offline_after_s

    def latest(self, channel: str) -> tuple[float, datetime] | None:
        entry = (self.last_values or {}).get(channel)
        if not entry:
            return None
        return entry[1], datetime.fromtimestamp(entry[0] / 1000, tz=UTC)


class Reading(models.Model):
    """One value of one channel at one time. `ts_ms` is epoch milliseconds (UTC) as on the
    wire: integer bucket arithmetic makes server-side downsampling cheap on both engines."""

    # No separate index on device: the unique (device, channel, ts_ms) index starts with it,
    # and one index less makes every insert cheaper.
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="readings", db_index=False)
    channel = models.CharField(max_length=16)
    ts_ms = models.BigIntegerField()
    value = models.FloatField()

    class Meta:
        constraints = [
            # Late and duplicate readings (QoS 1 redelivery, device retries) are stored once.
            models.UniqueConstraint(fields=["device", "channel", "ts_ms"], name="iot_reading_once")
        ]

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(self.ts_ms / 1000, tz=UTC)


class RuleKind(models.TextChoices):
    THRESHOLD = "threshold", _("Threshold with hysteresis")
    SCHEDULE = "schedule", _("Schedule (watering / fertigation window)")


class Rule(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=RuleKind.choices)
    sensor = models.ForeignKey(
        Device,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sensed_by_rules",
        verbose_name=_("sensor device"),
    )
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    target = models.ForeignKey(
        Device, on_delete=models.CASCADE, related_name="driven_by_rules", verbose_name=_("actuator device")
    )
    actuator = models.CharField(_("actuator"), max_length=16)
    # Kernel parameters (see iot/rules.py): thresholds, for_s, min_cycle_s, stale_after_s, windows...
    params = models.JSONField(_("parameters"), default=dict)
    state = models.JSONField(default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    paused_until = models.DateTimeField(null=True, blank=True, help_text=_("Manual override until"))
    last_reason = models.CharField(max_length=255, blank=True)
    last_evaluated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["site", "name"]

    def __str__(self) -> str:
        return self.name


class CommandStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACKED = "acked", _("Acknowledged")
    FAILED = "failed", _("Failed")


class Command(models.Model):
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="commands")
    request_id = models.CharField(max_length=32, unique=True)
    actuator = models.CharField(max_length=16)
    on = models.BooleanField()
    status = models.CharField(
        max_length=8, choices=CommandStatus.choices, default=CommandStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.SET_NULL, related_name="commands")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    acked_at = models.DateTimeField(null=True, blank=True)
    ack = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.device} {self.actuator} {'on' if self.on else 'off'} ({self.status})"


class AlertLevel(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Critical")


class Alert(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="alerts")
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=models.SET_NULL)
    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.SET_NULL)
    level = models.CharField(max_length=8, choices=AlertLevel.choices, default=AlertLevel.WARNING)
    message = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # {"line": "sent" | "error: ...", ...}: what each notifier did with it.
    deliveries = models.JSONField(default=dict, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message


class DryerBatch(models.Model):
    """One load in a solar dryer: what went in, what came out; its curve is the site's
    temperature and humidity readings between start and end."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="batches")
    product = models.CharField(_("product"), max_length=100)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    weight_in_kg = models.DecimalField(_("weight in (kg)"), max_digits=8, decimal_places=2)
    weight_out_kg = models.DecimalField(
        _("weight out (kg)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    notes = models.CharField(_("notes"), max_length=255, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.product} {self.started_at:%Y-%m-%d}"

    @property
    def yield_pct(self) -> float | None:
        if self.weight_out_kg is None or not self.weight_in_kg:
            return None
        return round(float(self.weight_out_kg) / float(self.weight_in_kg) * 100, 1)
