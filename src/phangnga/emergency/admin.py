from django.contrib import admin

from phangnga.core.admin_audit import AuditedReadsAdmin

from . import models as m


class PatientInline(admin.TabularInline):
    model = m.Patient
    extra = 0
    fields = (
        "seq",
        "age",
        "sex",
        "nationality",
        "triage_level",
        "computed_level",
        "override_reason",
        "outcome",
        "disposition",
        "definitive_care_at",
    )


class EventInline(admin.TabularInline):
    model = m.IncidentEvent
    extra = 0
    fields = ("kind", "at", "by_name", "resource", "note")


@admin.register(m.Incident)
class IncidentAdmin(AuditedReadsAdmin):
    list_display = ("id", "kind", "status", "priority", "reported_at", "place", "channel", "is_demo")
    list_filter = ("status", "kind", "channel", "is_demo")
    date_hierarchy = "reported_at"
    inlines = [PatientInline, EventInline]
    raw_id_fields = ("place", "created_by")


@admin.register(m.OutboxMessage)
class OutboxAdmin(admin.ModelAdmin):
    list_display = ("id", "incident", "status", "attempts", "last_error", "next_attempt_at", "sent_at")
    list_filter = ("status",)


@admin.register(m.DispatchPlan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("id", "incident", "status", "destination", "eta_min", "meets_target", "changed")


@admin.register(m.PreArrivalNotice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("id", "incident", "hospital", "created_at", "acknowledged_at")
