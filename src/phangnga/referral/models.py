"""Referral data: patients, referrals with their state history, follow-ups, the fuel fund
and the dialysis transport programme."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import workflow

STATE_CHOICES = [
    (workflow.REQUESTED, _("Requested")),
    (workflow.ACCEPTED, _("Accepted by destination")),
    (workflow.TRANSPORT_ARRANGED, _("Transport arranged")),
    (workflow.DEPARTED, _("Departed")),
    (workflow.AT_PIER, _("At pier")),
    (workflow.ARRIVED, _("Arrived")),
    (workflow.HANDED_OVER, _("Handed over")),
    (workflow.COMPLETED, _("Completed")),
    (workflow.DECLINED, _("Declined")),
    (workflow.CANCELLED, _("Cancelled")),
]
SCHEME_CHOICES = [
    ("UC", _("Universal Coverage (UC)")),
    ("SSS", _("Social Security (SSS)")),
    ("CSMBS", _("Civil servant (CSMBS)")),
    ("foreign", _("Foreigner")),
    ("self_pay", _("Self-pay")),
]
SEX_CHOICES = [("M", _("Male")), ("F", _("Female")), ("U", _("Unknown"))]
URGENCY_CHOICES = [("emergency", _("Emergency")), ("urgent", _("Urgent")), ("elective", _("Elective"))]


class ProgrammeConfig(models.Model):
    """One row of settings an officer can change in the admin (the seed's figures are defaults)."""

    saving_per_case = models.PositiveIntegerField(_("saving per referral (baht)"), default=6000)
    guarantee_min = models.PositiveIntegerField(_("referral time guarantee (min)"), default=80)
    chain_stop_min = models.PositiveIntegerField(_("assessment time at each chain stop (min)"), default=30)
    fuel_price_per_litre = models.DecimalField(
        _("fuel price per litre (baht)"), max_digits=7, decimal_places=2, default=32
    )
    # Litres per km by boat class: a twin-outboard speedboat burns far more than a longtail.
    boat_l_per_km = models.JSONField(_("boat consumption (L/km)"), default=dict, blank=True)

    DEFAULT_L_PER_KM = {
        "hospital_boat": 2.2,
        "rescue_boat": 2.0,
        "speedboat": 2.5,
        "ferry": 3.5,
        "longtail": 0.6,
    }

    @classmethod
    def get(cls) -> ProgrammeConfig:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    def l_per_km(self, boat: str) -> float:
        return float({**self.DEFAULT_L_PER_KM, **(self.boat_l_per_km or {})}.get(boat, 2.5))

    def __str__(self) -> str:
        return "Referral programme settings"


class Patient(models.Model):
    cid = models.CharField(_("national ID"), max_length=13, blank=True)
    passport = models.CharField(_("passport number"), max_length=20, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, default="THA")
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=SEX_CHOICES)
    scheme = models.CharField(_("insurance scheme"), max_length=10, choices=SCHEME_CHOICES)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cid"], condition=~models.Q(cid=""), name="referral_patient_unique_cid"
            ),
            models.CheckConstraint(
                condition=~models.Q(cid="", passport=""), name="referral_patient_has_identifier"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def identifier(self) -> str:
        return self.cid or f"passport {self.passport}"


class Referral(models.Model):
    client_id = models.CharField(max_length=128, blank=True, db_index=True)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="referrals")
    origin = models.ForeignKey("geo.Place", on_delete=models.PROTECT, related_name="referrals_out")
    destination = models.ForeignKey(
        "geo.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_in"
    )
    icd10 = models.CharField(_("diagnosis (ICD-10)"), max_length=8)
    triage = models.PositiveSmallIntegerField(_("triage level"))
    reason = models.TextField(_("reason"))
    capability = models.CharField(_("required capability"), max_length=32, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=URGENCY_CHOICES, default="emergency")
    sea_state = models.CharField(max_length=10, default="calm")
    state = models.CharField(max_length=20, choices=STATE_CHOICES, default=workflow.REQUESTED, db_index=True)
    requested_at = models.DateTimeField(db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    transport_arranged_at = models.DateTimeField(null=True, blank=True)
    departed_at = models.DateTimeField(null=True, blank=True)
    at_pier_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    plan = models.JSONField(default=dict, blank=True)
    chain_plan = models.JSONField(default=dict, blank=True)
    why_chosen = models.TextField(blank=True)
    routing_engine = models.CharField(max_length=16, blank=True)
    predicted_min = models.FloatField(null=True, blank=True)
    declined_by = models.JSONField(default=list, blank=True)  # place codes that said no, in order
    # Patient details sent with the request that differ from the patient's record:
    # {"fields": {field: {"recorded", "reported"}}, "applied": bool} (services.upsert_patient).
    reported_patient = models.JSONField(_("patient details as reported"), default=dict, blank=True)
    breach = models.BooleanField(default=False, db_index=True)
    breach_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Referral #{self.pk} {self.origin_id}->{self.destination_id} ({self.state})"

    def stamp(self, state: str):
        return getattr(self, f"{state}_at", None)

    @property
    def door_to_door_min(self) -> float | None:
        if self.departed_at and self.arrived_at:
            return (self.arrived_at - self.departed_at).total_seconds() / 60
        return None


class ReferralEvent(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20)  # a state, or "replanned", "note"
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]


class FollowUpTask(models.Model):
    KINDS = [("back_referral", _("Back-referral")), ("home_visit", _("Home visit"))]
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=16, choices=KINDS)
    facility = models.ForeignKey("geo.Place", on_delete=models.PROTECT, related_name="referral_tasks")
    due = models.DateField()
    note = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["done_at", "due"]


class FuelContribution(models.Model):
    date = models.DateField(db_index=True)
    contributor = models.CharField(_("contributor"), max_length=200)
    amount = models.DecimalField(_("amount (baht)"), max_digits=12, decimal_places=2)
    note = models.CharField(max_length=255, blank=True)
    client_id = models.CharField(max_length=128, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["date", "id"]


class FuelTrip(models.Model):
    PROPOSED, APPROVED = "proposed", "approved"
    date = models.DateField(db_index=True)
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="fuel_trip"
    )
    boat = models.CharField(max_length=20)
    distance_km = models.DecimalField(max_digits=8, decimal_places=2)
    litres = models.DecimalField(max_digits=9, decimal_places=2)
    price_per_litre = models.DecimalField(max_digits=7, decimal_places=2)
    cost = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=10, default=PROPOSED)
    overdraft_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["date", "id"]


class DialysisPatient(models.Model):
    patient = models.OneToOneField(Patient, on_delete=models.PROTECT, related_name="dialysis")
    home_facility = models.ForeignKey("geo.Place", on_delete=models.PROTECT, related_name="+")
    centre = models.ForeignKey("geo.Place", on_delete=models.PROTECT, related_name="+")
    weekdays = models.JSONField(default=list)  # 0 = Monday
    session_time = models.TimeField(_("session time"), null=True, blank=True)
    boat_fare = models.DecimalField(max_digits=8, decimal_places=2, default=300)
    car_fare = models.DecimalField(max_digits=8, decimal_places=2, default=200)
    enrolled_on = models.DateField()
    ends_on = models.DateField(_("last session on"), null=True, blank=True)
    active = models.BooleanField(default=True)
    is_demo = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.patient} -> {self.centre}"


class DialysisTrip(models.Model):
    enrolment = models.ForeignKey(DialysisPatient, on_delete=models.CASCADE, related_name="trips")
    date = models.DateField(db_index=True)
    boat_fare_exempt = models.DecimalField(max_digits=8, decimal_places=2)
    car_fare_exempt = models.DecimalField(max_digits=8, decimal_places=2)
    attended = models.BooleanField(null=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "date"], name="referral_dialysis_trip_once")
        ]

    @property
    def exempt_total(self):
        return self.boat_fare_exempt + self.car_fare_exempt
