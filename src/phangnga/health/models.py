"""Smart Hospital queues (service points, visits, steps) and the CKD clinic registry
(patients, diagnoses, lab results, the editable 43-file LABTEST code map)."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class StepKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    SCREENING = "screening", _("Screening")
    DOCTOR = "doctor", _("Doctor")
    LAB = "lab", _("Laboratory")
    XRAY = "xray", _("X-ray")
    PHARMACY = "pharmacy", _("Pharmacy")
    PAYMENT = "payment", _("Payment")


# The usual path of an outpatient visit; lab and X-ray are added when ordered.
STEP_ORDER = [k.value for k in StepKind]
DEFAULT_ROUTE = ["registration", "screening", "doctor", "pharmacy", "payment"]


class ServicePoint(models.Model):
    """A counter or room at a facility where one step of a visit is served."""

    facility = models.ForeignKey("geo.Place", on_delete=models.CASCADE, related_name="service_points")
    kind = models.CharField(_("step"), max_length=16, choices=StepKind.choices)
    name = models.CharField(_("name"), max_length=64, help_text=_("e.g. Doctor room 2, Counter 1"))
    active = models.BooleanField(default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["facility", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="health_point_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


def new_token() -> str:
    return secrets.token_urlsafe(9)


class Visit(models.Model):
    """One patient's visit: a queue number for the day and an unguessable token for the
    public status page (the QR on the ticket). No name or ID is kept here on purpose."""

    class Source(models.TextChoices):
        LIVE = "live", _("Live queue")
        IMPORT = "import", _("Imported history")
        DEMO = "demo", _("Demo")

    facility = models.ForeignKey("geo.Place", on_delete=models.PROTECT, related_name="visits")
    day = models.DateField(_("day"), db_index=True)  # local (Asia/Bangkok) date
    number = models.PositiveIntegerField(_("queue number"))
    token = models.CharField(max_length=16, unique=True, default=new_token)
    route = models.JSONField(default=list)  # planned step kinds, in order
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.LIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "number"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "day", "number"], name="health_visit_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.facility.code} {self.day} #{self.number}"


class VisitStep(models.Model):
    """One step of a visit with its four timestamps (UTC)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=16, choices=StepKind.choices)
    seq = models.PositiveSmallIntegerField()
    point = models.ForeignKey(ServicePoint, null=True, blank=True, on_delete=models.SET_NULL)
    arrived_at = models.DateTimeField(db_index=True)
    called_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(default=False)  # called but did not come

    class Meta:
        ordering = ["visit", "seq"]
        constraints = [models.UniqueConstraint(fields=["visit", "seq"], name="health_step_unique_seq")]
        indexes = [models.Index(fields=["kind", "finished_at"])]

    def __str__(self) -> str:
        return f"{self.visit} {self.kind}"


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class CkdPatient(models.Model):
    cid = models.CharField(_("national ID"), max_length=13, unique=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    nationality = models.CharField(
        _("nationality"), max_length=8, help_text=_("43-file NATION code; 099 = Thai")
    )
    facility = models.ForeignKey("geo.Place", null=True, blank=True, on_delete=models.SET_NULL)
    hospcode = models.CharField(max_length=9, blank=True)
    pid = models.CharField(max_length=15, blank=True, help_text=_("43-file person id at HOSPCODE"))
    source = models.CharField(max_length=16, default="api")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cid"]
        indexes = [models.Index(fields=["hospcode", "pid"])]

    def __str__(self) -> str:
        return f"CKD patient {self.cid[:1]}-xxxx-xxxxx-{self.cid[10:12]}-{self.cid[12:]}"


class Diagnosis(models.Model):
    patient = models.ForeignKey(CkdPatient, on_delete=models.CASCADE, related_name="diagnoses")
    code = models.CharField(_("ICD-10"), max_length=8)  # normalised: N183, E112...
    diagnosed_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "code"], name="health_dx_unique")]

    def __str__(self) -> str:
        return self.code


class LabKind(models.TextChoices):
    CREATININE = "creatinine", _("Serum creatinine")
    EGFR = "egfr", _("eGFR")
    UACR = "uacr", _("Urine albumin/creatinine ratio")


class LabResult(models.Model):
    patient = models.ForeignKey(CkdPatient, on_delete=models.CASCADE, related_name="labs")
    date = models.DateField(_("date"))
    kind = models.CharField(max_length=12, choices=LabKind.choices)
    value = models.FloatField(_("value"))
    unit = models.CharField(max_length=16)  # mg/dL | umol/L | ml/min/1.73m2 | mg/g | mg/mmol
    source = models.CharField(max_length=16, default="api")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["patient", "date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date", "kind"], name="health_lab_unique_day_kind")
        ]
        # Covers the indicator's scan of a fiscal year (kind + date range) without
        # touching the table: at a million rows that is the difference between
        # sequential index pages and a random read per row.
        indexes = [
            models.Index(fields=["kind", "date", "patient", "value", "unit"], name="health_lab_kpi_cover")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.value} {self.unit} on {self.date}"


class LabTestCode(models.Model):
    """43-file LABFU LABTEST code -> what it measures. Editable in the admin because the
    codes we ship are assumptions (see docs/health.md)."""

    code = models.CharField(max_length=16, unique=True)
    kind = models.CharField(max_length=12, choices=LabKind.choices)
    unit = models.CharField(max_length=16)
    note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.code} -> {self.kind} ({self.unit})"
