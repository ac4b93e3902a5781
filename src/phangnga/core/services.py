"""The platform's services as the home page lists them: one entry per seed system."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Service:
    key: str
    title: object
    summary: object
    url_name: str
    icon: str

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


SERVICES = [
    Service(
        "emergency",
        _("Andaman Hub marine emergency"),
        _("Report an incident at sea, triage, dispatch boats and ambulances, command board"),
        "emergency:board",
        "🚑",
    ),
    Service(
        "referral",
        _("Koh Yao seamless referral"),
        _("Refer patients by the fastest safe route, 80-minute guarantee, fuel fund, dialysis trips"),
        "referral:home",
        "⛴️",
    ),
    Service(
        "travel",
        _("Phangnga Smart Travel"),
        _("QR smart signs, attractions, navigation, scan analytics"),
        "travel:home",
        "🏝️",
    ),
    Service(
        "health",
        _("Smart Hospital and CKD clinic"),
        _("Queues and waiting times; eGFR and the CKD indicator"),
        "health:home",
        "🏥",
    ),
    Service(
        "farm",
        _("Farmbook and fertilizer advisor"),
        _("Farmer households, plots, crop cycles, disaster compensation, soil-test fertilizer"),
        "farm:home",
        "🌾",
    ),
    Service(
        "iot",
        _("IoT smart farm"),
        _("Greenhouse, pig house and solar dryer telemetry and control"),
        "iot:home",
        "📡",
    ),
    Service(
        "land",
        _("Khok Kloi land readjustment"),
        _("Parcels, contribution ratio, new plots, owner statements"),
        "land:home",
        "🗺️",
    ),
    Service(
        "dashboard",
        _("Provincial KPI board"),
        _("The seed's indicators by Thai fiscal year"),
        "dashboard:home",
        "📊",
    ),
    Service(
        "map",
        _("Map of places"),
        _("Hospitals, piers, islands, beaches and dive sites on the coastline"),
        "core:map",
        "📍",
    ),
]
