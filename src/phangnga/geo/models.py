"""The places registry: every facility, pier, island, attraction, beach and town."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    HEALTH_CENTRE = "health_centre", _("Health centre (RPST)")
    DISTRICT_HEALTH_OFFICE = "district_health_office", _("District health office")
    PIER = "pier", _("Pier")
    ISLAND = "island", _("Island")
    ATTRACTION = "attraction", _("Attraction")
    DIVE_SITE = "dive_site", _("Dive site")
    BEACH = "beach", _("Beach")
    TOWN = "town", _("Town")
    COMMAND_CENTRE = "command_centre", _("Command centre")
    MEDICAL_UNIT = "medical_unit", _("Medical unit")
    INCUBATION_CENTRE = "incubation_centre", _("Farm incubation centre")


class FacilityLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional hospital")
    GENERAL = "general", _("General hospital")
    COMMUNITY = "community", _("Community hospital")
    RPST = "rpst", _("Sub-district health-promoting hospital (RPST)")


CAPABILITIES = {
    "emergency": _("Emergency department"),
    "icu": _("Intensive care"),
    "surgery": _("Surgery"),
    "ct": _("CT scanner"),
    "hyperbaric": _("Hyperbaric (recompression) chamber"),
    "dialysis": _("Haemodialysis"),
    "obstetrics": _("Obstetrics"),
}


class District(models.Model):
    code = models.SlugField(max_length=32, unique=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en


class Place(models.Model):
    code = models.SlugField(
        max_length=64, unique=True, help_text=_("Stable code used by data files and links")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=PlaceKind.choices, db_index=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="places"
    )
    level = models.CharField(_("level"), max_length=16, choices=FacilityLevel.choices, blank=True)
    capabilities = models.JSONField(_("capabilities"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=255)
    accuracy_m = models.PositiveIntegerField(_("accuracy (m)"))
    needs_check = models.BooleanField(_("to be checked"), default=False)
    # Piers: where the boat meets open water, and the time up the channel to it.
    sea_access_lat = models.FloatField(null=True, blank=True)
    sea_access_lon = models.FloatField(null=True, blank=True)
    river_min = models.FloatField(null=True, blank=True)
    active = models.BooleanField(default=True)
    is_demo = models.BooleanField(default=False)
    extra = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name_en"]
        indexes = [models.Index(fields=["lat", "lon"])]

    def __str__(self) -> str:
        return self.name_en

    def has_capability(self, code: str) -> bool:
        return code in (self.capabilities or [])
