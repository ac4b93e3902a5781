"""Attractions (each on a geo Place), physical QR signs, and anonymous scan counts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from phangnga.geo.models import Place

from .i18n import LANGS, pick_text


class Category(models.TextChoices):
    ISLAND = "island", _("Island")
    BEACH = "beach", _("Beach")
    DIVE = "dive", _("Dive site")
    VIEWPOINT = "viewpoint", _("Viewpoint")
    WATERFALL = "waterfall", _("Waterfall")
    NATURE = "nature", _("Nature and forest")
    CULTURE = "culture", _("Culture and heritage")
    MEMORIAL = "memorial", _("Memorial")


class Attraction(models.Model):
    """One attraction. Texts are {language: text} maps over LANGS; a missing language falls back
    to English (see i18n.pick_text) so officers can add translations one by one."""

    code = models.SlugField(max_length=64, unique=True)
    place = models.OneToOneField(Place, on_delete=models.PROTECT, related_name="travel_attraction")
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    names = models.JSONField(_("names"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict)
    # 4DNA-style identity notes: [{"aspect": "nature"|"history"|"way_of_life"|"craft_food", "text": {lang: str}}]
    identity = models.JSONField(_("cultural identity"), default=list, blank=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    hours_note = models.JSONField(_("opening note"), default=dict, blank=True)
    fee_thai_thb = models.PositiveIntegerField(_("fee, Thai adult (THB)"), null=True, blank=True)
    fee_foreign_thb = models.PositiveIntegerField(_("fee, foreign adult (THB)"), null=True, blank=True)
    fees_checked = models.BooleanField(
        _("fees checked"), default=False, help_text=_("Fees are indicative until an officer checks them")
    )
    # Season as month-day strings "MM-DD"; blank means open all year.
    season_start = models.CharField(_("season starts (MM-DD)"), max_length=5, blank=True)
    season_end = models.CharField(_("season ends (MM-DD)"), max_length=5, blank=True)
    needs_boat = models.BooleanField(_("reached by boat"), default=False)
    poster = models.CharField(_("poster file"), max_length=200, blank=True)
    clip = models.CharField(_("clip file"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name("en")[0]

    def name(self, lang: str) -> tuple[str, bool]:
        """(name, fell_back_to_english)."""
        return pick_text(self.names, lang)

    def description(self, lang: str) -> tuple[str, bool]:
        return pick_text(self.descriptions, lang)

    def missing_languages(self) -> list[str]:
        return [lang for lang in LANGS if not self.names.get(lang) or not self.descriptions.get(lang)]


class Condition(models.TextChoices):
    GOOD = "good", _("Good")
    FADED = "faded", _("Faded")
    DAMAGED = "damaged", _("Damaged")
    MISSING = "missing", _("Missing")
    NOT_INSTALLED = "not_installed", _("Not installed yet")


class Sign(models.Model):
    """A physical sign. Its code is printed in the QR and never changes, even when the sign is
    moved to another attraction."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    attraction = models.ForeignKey(Attraction, on_delete=models.PROTECT, related_name="signs")
    location_note = models.CharField(_("installed at"), max_length=200, blank=True)
    installed_lat = models.FloatField(_("latitude"), null=True, blank=True)
    installed_lon = models.FloatField(_("longitude"), null=True, blank=True)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    condition = models.CharField(
        _("condition"), max_length=16, choices=Condition.choices, default=Condition.NOT_INSTALLED
    )
    checked_on = models.DateField(_("last checked"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class DeviceClass(models.TextChoices):
    MOBILE = "mobile", _("Mobile")
    TABLET = "tablet", _("Tablet")
    DESKTOP = "desktop", _("Desktop")
    BOT = "bot", _("Bot")


class Scan(models.Model):
    """One landing-page view from a sign. Deliberately no IP, no User-Agent, no time of day:
    only the day, the language served and a coarse device class."""

    sign = models.ForeignKey(Sign, on_delete=models.CASCADE, related_name="scans")
    day = models.DateField(db_index=True)
    language = models.CharField(max_length=8)
    device = models.CharField(max_length=8, choices=DeviceClass.choices)
    is_demo = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["sign", "day"])]
