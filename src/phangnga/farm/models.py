"""Farmbook, after farmOS: assets (households, plots) and logs (crop cycles, soil tests),
plus disasters, compensation rates, fertilizer prices and imported fertilizer tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phangnga.core.thai import M2_PER_RAI, format_rai_ngan_wah

from . import crops


class HouseholdStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Household(models.Model):
    """One house registration, represented by one adult Thai (the head)."""

    code = models.CharField(_("Farmbook code"), max_length=32, unique=True)
    head_name = models.CharField(_("head of household"), max_length=150)
    head_national_id = models.CharField(_("head's national ID"), max_length=13, unique=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    district = models.ForeignKey(
        "geo.District",
        to_field="code",
        on_delete=models.PROTECT,
        related_name="farm_households",
        verbose_name=_("district"),
    )
    subdistrict = models.CharField(_("subdistrict"), max_length=32)
    moo = models.PositiveSmallIntegerField(_("village number (Moo)"))
    village = models.CharField(_("village"), max_length=100)
    house_no = models.CharField(_("house number"), max_length=32, blank=True)
    water_source = models.CharField(_("water source"), max_length=100, blank=True)
    machinery = models.CharField(_("machinery"), max_length=200, blank=True)
    registered_on = models.DateField(_("registered on"))
    last_update_on = models.DateField(_("last update"))
    status = models.CharField(
        _("status"), max_length=16, choices=HouseholdStatus.choices, default=HouseholdStatus.PENDING
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The farmer's own login: they see and edit this household only.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="farm_household",
        verbose_name=_("farmer's account"),
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["district_id", "code"]
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.head_name}"


class Member(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=150)
    national_id = models.CharField(_("national ID"), max_length=13, blank=True)
    relation = models.CharField(_("relation to the head"), max_length=50, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year (CE)"), null=True, blank=True)
    farms = models.BooleanField(_("works on the farm"), default=True)

    def __str__(self) -> str:
        return self.name


class LandDocument(models.TextChoices):
    CHANOTE = "chanote", _("Title deed (Chanote, Nor Sor 4 Jor)")
    NS3K = "ns3k", _("Nor Sor 3 Kor")
    NS3 = "ns3", _("Nor Sor 3")
    SPK401 = "spk401", _("Sor Por Kor 4-01 (land reform)")
    STK = "stk", _("Sor Tor Kor (forest use permit)")
    PBT5 = "pbt5", _("Por Bor Tor 5 (tax receipt)")
    LEASE = "lease", _("Lease contract")
    NONE = "none", _("No document")


class Tenure(models.TextChoices):
    OWNED = "owned", _("Owned")
    LEASED = "leased", _("Leased")


class Plot(models.Model):
    """A land parcel the household farms (a farmOS land asset)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="plots")
    name = models.CharField(_("plot name"), max_length=100)
    geometry = models.JSONField(_("boundary (GeoJSON)"))
    area_m2 = models.FloatField(_("area (m²)"))
    centroid_lat = models.FloatField()
    centroid_lon = models.FloatField()
    land_document = models.CharField(_("land document"), max_length=16, choices=LandDocument.choices)
    land_document_no = models.CharField(_("document number"), max_length=64, blank=True)
    tenure = models.CharField(_("owned or leased"), max_length=8, choices=Tenure.choices)
    # Where the land lies (ที่ตั้งแปลง, as on the land document), which may differ from the
    # household's address: disasters are declared over the land, not over where people live.
    district = models.ForeignKey(
        "geo.District",
        to_field="code",
        on_delete=models.PROTECT,
        related_name="farm_plots",
        verbose_name=_("district where the plot lies"),
    )
    subdistrict = models.CharField(_("subdistrict where the plot lies"), max_length=32)
    registered_on = models.DateField(_("registered on"))
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household_id", "id"]
        indexes = [models.Index(fields=["district", "subdistrict"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.area_text})"

    @property
    def area_rai(self) -> float:
        return self.area_m2 / M2_PER_RAI

    @property
    def area_text(self) -> str:
        return format_rai_ngan_wah(self.area_m2)

    @property
    def has_land_document(self) -> bool:
        return self.land_document != LandDocument.NONE and bool(self.land_document_no.strip())


CROP_CHOICES = [(c.code, c.name_en) for c in crops.CROPS.values()]


class CropCycle(models.Model):
    """One production cycle, or one perennial planting, reported by the rule of its crop group
    (crops.py, data/crops.json; a farmOS seeding log). A perennial's `expected_harvest` is the
    end of its productive life unless the farmer gave one."""

    plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="cycles")
    crop = models.CharField(_("crop"), max_length=32, choices=CROP_CHOICES)
    variety = models.CharField(_("variety"), max_length=100, blank=True)
    planting_date = models.DateField(_("planting date"))
    expected_harvest = models.DateField(_("expected harvest"))
    area_rai = models.FloatField(_("area (rai)"))
    tree_count = models.PositiveIntegerField(_("number of trees"), null=True, blank=True)
    reported_on = models.DateField(_("reported on"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planting_date", "-id"]

    def __str__(self) -> str:
        return f"{self.crop_obj.name_en} {self.planting_date}"

    @property
    def crop_obj(self) -> crops.Crop:
        return crops.CROPS[self.crop]


class SoilTest(models.Model):
    """A soil sample of a plot and the fertilizer advice given for it (a farmOS lab-test log)."""

    plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="soil_tests")
    sampled_on = models.DateField(_("sampled on"))
    ph = models.FloatField(_("pH"), null=True, blank=True)
    om_pct = models.FloatField(_("organic matter (%)"), null=True, blank=True)
    p_ppm = models.FloatField(_("phosphorus P (ppm)"), null=True, blank=True)
    k_ppm = models.FloatField(_("potassium K (ppm)"), null=True, blank=True)
    # The field kit reads classes (low / medium / high) rather than numbers.
    om_level = models.CharField(_("OM class (kit)"), max_length=16, blank=True)
    p_level = models.CharField(_("P class (kit)"), max_length=16, blank=True)
    k_level = models.CharField(_("K class (kit)"), max_length=16, blank=True)
    crop = models.CharField(_("crop"), max_length=32)
    variety_type = models.CharField(_("variety type"), max_length=32, blank=True)
    area_rai = models.FloatField(_("area (rai)"))
    usual_grade = models.CharField(_("usual fertilizer formula"), max_length=16, blank=True)
    usual_kg_per_rai = models.FloatField(_("usual kg per rai"), null=True, blank=True)
    advice = models.JSONField(default=dict)
    cost_baht = models.FloatField(default=0)
    usual_cost_baht = models.FloatField(null=True, blank=True)
    saving_baht = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sampled_on", "-id"]

    def __str__(self) -> str:
        return f"soil test {self.sampled_on} plot {self.plot_id}"


class CompensationRate(models.Model):
    """Baht per rai by crop group; officers edit these when the rates change."""

    group = models.CharField(_("crop group"), max_length=32, unique=True)
    baht_per_rai = models.DecimalField(_("baht per rai"), max_digits=9, decimal_places=2)
    source = models.CharField(_("source"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.group}: {self.baht_per_rai}"


class FertilizerPrice(models.Model):
    grade = models.CharField(_("formula"), max_length=16, unique=True)
    baht_per_bag = models.DecimalField(_("baht per bag"), max_digits=9, decimal_places=2)
    bag_kg = models.FloatField(_("kg per bag"), default=50)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["grade"]

    def __str__(self) -> str:
        return f"{self.grade} {self.baht_per_bag}/{self.bag_kg:g} kg"


class FertilizerTable(models.Model):
    """A corrected class-to-rate table an officer imported; the newest per crop replaces the built-in one."""

    crop = models.CharField(_("crop"), max_length=32, db_index=True)
    data = models.JSONField()
    source = models.CharField(_("source"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]


class DisasterKind(models.TextChoices):
    FLOOD = "flood", _("Flood")
    DROUGHT = "drought", _("Drought")
    STORM = "storm", _("Storm")
    PEST = "pest", _("Pest outbreak")


class Disaster(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=DisasterKind.choices)
    name = models.CharField(_("name"), max_length=200)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # Affected area: whole districts, a drawn polygon, or both (a plot counts if either holds it).
    districts = models.JSONField(_("affected districts"), default=list, blank=True)
    # ["<district>/<subdistrict>", ...]: affected subdistricts (tambon) of other districts.
    subdistricts = models.JSONField(_("affected subdistricts"), default=list, blank=True)
    area = models.JSONField(_("affected area (GeoJSON)"), null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.name


class DamageAssessment(models.Model):
    """An officer's finding on one plot after a disaster (form กษ.01/กษ.02): the crop
    damaged, the damaged area, and whether that loss is total (only total loss is paid)."""

    disaster = models.ForeignKey(Disaster, on_delete=models.CASCADE, related_name="assessments")
    plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="assessments")
    cycle = models.ForeignKey(
        CropCycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments"
    )
    damaged_m2 = models.FloatField(_("damaged area (m²)"))
    total_loss = models.BooleanField(_("total loss"), default=False)
    # The officer's order for the 30-rai household cap (1 first); empty: highest rate first.
    cap_priority = models.PositiveSmallIntegerField(_("order in the 30-rai cap"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["disaster_id", "plot_id"]
        constraints = [
            models.UniqueConstraint(fields=["disaster", "plot"], name="farm_one_assessment_per_plot")
        ]

    def __str__(self) -> str:
        return f"{self.disaster_id}/{self.plot_id}: {self.damaged_text}"

    @property
    def damaged_rai(self) -> float:
        return self.damaged_m2 / M2_PER_RAI

    @property
    def damaged_text(self) -> str:
        return format_rai_ngan_wah(self.damaged_m2)
