from django.contrib import admin

from .models import (
    CompensationRate,
    CropCycle,
    DamageAssessment,
    Disaster,
    FertilizerPrice,
    FertilizerTable,
    Household,
    Member,
    Plot,
    SoilTest,
)


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "head_name",
        "district",
        "subdistrict",
        "moo",
        "status",
        "registered_on",
        "last_update_on",
    )
    list_filter = ("district", "status", "is_demo")
    search_fields = ("code", "head_name", "head_national_id", "village")
    inlines = [MemberInline]
    raw_id_fields = ("user", "approved_by")


@admin.register(Plot)
class PlotAdmin(admin.ModelAdmin):
    list_display = ("name", "household", "area_m2", "land_document", "tenure", "registered_on")
    list_filter = ("land_document", "tenure", "is_demo")
    raw_id_fields = ("household",)


@admin.register(CropCycle)
class CropCycleAdmin(admin.ModelAdmin):
    list_display = ("plot", "crop", "variety", "planting_date", "expected_harvest", "area_rai", "reported_on")
    list_filter = ("crop",)
    raw_id_fields = ("plot", "reported_by")


@admin.register(SoilTest)
class SoilTestAdmin(admin.ModelAdmin):
    list_display = ("plot", "sampled_on", "crop", "om_pct", "p_ppm", "k_ppm", "cost_baht", "saving_baht")
    raw_id_fields = ("plot", "created_by")


@admin.register(Disaster)
class DisasterAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "started_on", "ended_on")


admin.site.register(CompensationRate)
admin.site.register(FertilizerPrice)
admin.site.register(FertilizerTable)


@admin.register(DamageAssessment)
class DamageAssessmentAdmin(admin.ModelAdmin):
    list_display = (
        "disaster",
        "plot",
        "cycle",
        "damaged_m2",
        "total_loss",
        "cap_priority",
        "assessed_on",
        "assessed_by",
    )
    list_filter = ("disaster", "total_loss")
    raw_id_fields = ("plot", "cycle")
