"""Land readjustment projects: parcels before, public land and reserve, new plots,
meetings and owner consent at each step. Geometry is GeoJSON in lon/lat (WGS84)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

LEGAL_BASIS = "Land Readjustment Act B.E. 2547 (2004)"

STEPS = [
    ("initiation", _("Initiation and owner survey")),
    ("survey", _("Parcel survey and valuation")),
    ("plan", _("Readjustment plan")),
    ("allocation", _("New plot allocation")),
    ("approval", _("Approval and registration")),
]


class Project(models.Model):
    name = models.CharField(max_length=200)
    name_th = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=300, blank=True)
    legal_basis = models.CharField(max_length=200, default=LEGAL_BASIS)
    boundary = models.JSONField(help_text="GeoJSON Polygon, lon/lat")
    boundary_area_m2 = models.FloatField(default=0)
    method = models.CharField(
        max_length=8, choices=[("area", _("Area method")), ("value", _("Value method"))], default="area"
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Zone(models.Model):
    """Unit land value (baht/m2) before the project and after it, by zone."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="zones")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=100, blank=True)
    value_before = models.FloatField()
    value_after = models.FloatField()

    class Meta:
        unique_together = [("project", "code")]
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.value_before:,.0f} -> {self.value_after:,.0f} baht/m2)"


class Parcel(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="parcels")
    deed_no = models.CharField(max_length=40)
    owners = models.JSONField(default=list)
    deed_area_m2 = models.FloatField(null=True, blank=True)
    computed_area_m2 = models.FloatField()
    area_flagged = models.BooleanField(default=False)
    zone = models.CharField(max_length=20, blank=True)
    geometry = models.JSONField()
    # The plot drawn for this owner by the layout (GeoJSON) and a hand-set area, if any.
    new_geometry = models.JSONField(null=True, blank=True)
    new_area_m2 = models.FloatField(null=True, blank=True)
    manual_area_m2 = models.FloatField(null=True, blank=True)

    class Meta:
        unique_together = [("project", "deed_no")]
        ordering = ["deed_no"]

    def __str__(self) -> str:
        return f"{self.deed_no} ({', '.join(self.owners)})"

    @property
    def area_difference_m2(self) -> float | None:
        return None if self.deed_area_m2 is None else round(self.computed_area_m2 - self.deed_area_m2, 2)


class PublicLand(models.Model):
    KINDS = [
        ("road", _("Road")),
        ("drainage", _("Drainage")),
        ("open_space", _("Open space")),
        ("reserve", _("Reserve land")),
    ]
    PHASES = [("before", _("Before")), ("after", _("After"))]
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="public_land")
    phase = models.CharField(max_length=6, choices=PHASES)
    kind = models.CharField(max_length=12, choices=KINDS)
    name = models.CharField(max_length=100, blank=True)
    geometry = models.JSONField()
    area_m2 = models.FloatField()

    class Meta:
        ordering = ["phase", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.get_kind_display()} {self.name}"


class Meeting(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meetings")
    step = models.CharField(max_length=12, choices=STEPS)
    date = models.DateField()
    attendees = models.TextField(help_text="one per line")
    resolution = models.TextField()
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.date}"

    @property
    def attendee_list(self) -> list[str]:
        return [a.strip() for a in self.attendees.splitlines() if a.strip()]


class Consent(models.Model):
    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="consents")
    step = models.CharField(max_length=12, choices=STEPS)
    agreed = models.BooleanField()
    date = models.DateField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        unique_together = [("parcel", "step")]
        ordering = ["parcel", "step"]

    def __str__(self) -> str:
        return f"{self.parcel.deed_no} {self.step} {'yes' if self.agreed else 'no'}"
