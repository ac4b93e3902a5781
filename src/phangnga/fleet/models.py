"""The unit registry (rescue boats, hospital boats, speedboats, ambulances, seasonal medical
units) and which unit is held by what.

Only `holds.py` writes these tables; other apps read them through `registry.py`. The
registry's table kept the name it had in emergency (`emergency_resource`): the move to this
app changed the code, not the database.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    RESCUE_BOAT = "rescue_boat", _("Rescue boat")
    HOSPITAL_BOAT = "hospital_boat", _("Hospital boat")
    SPEEDBOAT = "speedboat", _("Speedboat")
    AMBULANCE = "ambulance", _("Ambulance")
    MEDICAL_UNIT = "medical_unit", _("Seasonal medical unit")


BOAT_KINDS = (ResourceKind.RESCUE_BOAT, ResourceKind.HOSPITAL_BOAT, ResourceKind.SPEEDBOAT)


class ResourceStatus(models.TextChoices):
    # Resgrid-like unit states.
    AVAILABLE = "available", _("Available")
    DISPATCHED = "dispatched", _("Dispatched")
    ON_SCENE = "on_scene", _("On scene")
    TRANSPORTING = "transporting", _("Transporting")
    AT_HOSPITAL = "at_hospital", _("At hospital")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


# The statuses that mean "working on a job" (an incident or a referral).
WORKING = frozenset(
    {
        ResourceStatus.DISPATCHED,
        ResourceStatus.ON_SCENE,
        ResourceStatus.TRANSPORTING,
        ResourceStatus.AT_HOSPITAL,
    }
)


class BoatClass(models.TextChoices):
    SPEEDBOAT = "speedboat", _("Speedboat")
    RESCUE_BOAT = "rescue_boat", _("Rescue boat")
    HOSPITAL_BOAT = "hospital_boat", _("Hospital boat")
    FERRY = "ferry", _("Ferry")
    LONGTAIL = "longtail", _("Longtail")


class Resource(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_th = models.CharField(_("name (Thai)"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices, db_index=True)
    boat_class = models.CharField(_("boat class"), max_length=16, choices=BoatClass.choices, blank=True)
    base = models.ForeignKey("geo.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("base"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ResourceStatus.choices,
        default=ResourceStatus.AVAILABLE,
        db_index=True,
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    position_at = models.DateTimeField(_("position time"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Seasonal units: "MM-DD" bounds (inclusive); a season may wrap over the new year.
    season_start = models.CharField(_("season start (MM-DD)"), max_length=5, blank=True)
    season_end = models.CharField(_("season end (MM-DD)"), max_length=5, blank=True)
    # (The crew table keeps its name too: emergency_resource_crew, from the db_table below.)
    crew = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="emergency_resources")
    is_demo = models.BooleanField(default=False)

    class Meta:
        db_table = "emergency_resource"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def in_season(self, day: date) -> bool:
        if not (self.season_start and self.season_end):
            return True
        md = day.strftime("%m-%d")
        if self.season_start <= self.season_end:
            return self.season_start <= md <= self.season_end
        return md >= self.season_start or md <= self.season_end

    @property
    def position(self) -> tuple[float, float]:
        if self.lat is not None and self.lon is not None:
            return self.lat, self.lon
        return self.base.lat, self.base.lon

    @property
    def is_boat(self) -> bool:
        """Carries a patient by sea (a medical unit does when it has a boat class)."""
        return self.kind in BOAT_KINDS or (self.kind == ResourceKind.MEDICAL_UNIT and bool(self.boat_class))

    @property
    def sailing_class(self) -> str:
        """The routing engine's boat class for this unit."""
        return self.boat_class or (self.kind if self.kind in BOAT_KINDS else "speedboat")


class Holder(models.TextChoices):
    INCIDENT = "incident", _("Emergency incident")
    REFERRAL = "referral", _("Referral")


class Role(models.TextChoices):
    BOAT = "boat", _("Boat")
    AMBULANCE = "ambulance", _("Ambulance")
    UNIT = "unit", _("Unit")  # a medical unit without a boat, sent by a dispatcher


class Hold(models.Model):
    """A unit working on an incident or a referral, from dispatch (or transport arranged) until
    released. The holder is named by kind and id, not by a foreign key: incidents and referrals
    are other apps' tables."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="holds")
    holder = models.CharField(max_length=10, choices=Holder.choices)
    holder_id = models.PositiveBigIntegerField()
    role = models.CharField(max_length=10, choices=Role.choices)
    eta_min = models.FloatField(null=True, blank=True)
    held_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)
    # Why it ended, when not by its holder: e.g. "diverted to incident 12".
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["held_at", "id"]
        indexes = [models.Index(fields=["holder", "holder_id"])]
        constraints = [
            # A unit works one job at a time: a second open hold fails even under a race.
            models.UniqueConstraint(
                fields=["resource"], condition=models.Q(released_at=None), name="fleet_unit_held_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} on {self.holder} #{self.holder_id}"
