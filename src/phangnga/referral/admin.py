from django.contrib import admin

from phangnga.core.admin_audit import AuditedReadsAdmin

from .models import (
    DialysisPatient,
    DialysisTrip,
    FollowUpTask,
    FuelContribution,
    FuelTrip,
    Patient,
    ProgrammeConfig,
    Referral,
    ReferralEvent,
)


@admin.register(ProgrammeConfig)
class ProgrammeConfigAdmin(admin.ModelAdmin):
    list_display = ("__str__", "saving_per_case", "guarantee_min", "fuel_price_per_litre")


@admin.register(Patient)
class PatientAdmin(AuditedReadsAdmin):
    list_display = ("name", "cid", "passport", "scheme", "is_demo")
    search_fields = ("name", "cid", "passport")


class EventInline(admin.TabularInline):
    model = ReferralEvent
    extra = 0
    readonly_fields = ("kind", "at", "by", "note", "data")


@admin.register(Referral)
class ReferralAdmin(AuditedReadsAdmin):
    list_display = (
        "id",
        "origin",
        "destination",
        "state",
        "triage",
        "icd10",
        "predicted_min",
        "breach",
        "requested_at",
    )
    list_filter = ("state", "breach", "triage", "is_demo")
    raw_id_fields = ("patient",)
    inlines = [EventInline]


admin.site.register(FollowUpTask)
admin.site.register(FuelContribution)
admin.site.register(FuelTrip)
admin.site.register(DialysisPatient, AuditedReadsAdmin)
admin.site.register(DialysisTrip)
