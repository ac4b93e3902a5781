from django import forms
from django.contrib import admin

from phangnga.core import limits
from phangnga.core.admin_audit import AuditedReadsAdmin

from . import models as m


class WarningSignForm(forms.ModelForm):
    """The sign's photo must be an image by its content (not an HTML or SVG file named .jpg)
    and at most core/limits.py's MAX_PHOTO_BYTES."""

    class Meta:
        model = m.WarningSign
        fields = "__all__"

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            try:
                limits.check_image(limits.read_upload(photo, "photo", limits.MAX_PHOTO_BYTES), "photo")
            except limits.UploadRefused as exc:
                raise forms.ValidationError(exc.translated()) from None
            photo.seek(0)
        return photo


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


class SignInline(admin.TabularInline):
    model = m.WarningSign
    form = WarningSignForm
    extra = 0


@admin.register(m.RiskPoint)
class RiskPointAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "severity", "active")
    list_filter = ("kind", "active")
    inlines = [SignInline]


@admin.register(m.WarningSign)
class WarningSignAdmin(admin.ModelAdmin):
    form = WarningSignForm
    list_display = ("risk_point", "installed_on", "condition", "last_inspected_on")


admin.site.register(m.SignInspection)


@admin.register(m.Aed)
class AedAdmin(admin.ModelAdmin):
    list_display = ("code", "owner", "owner_kind", "location", "pads_expiry", "battery_expiry", "last_check")
    list_filter = ("owner_kind",)


class TrainingInline(admin.TabularInline):
    model = m.Training
    extra = 0


@admin.register(m.Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organisation", "district")
    list_filter = ("kind",)
    inlines = [TrainingInline]


@admin.register(m.Screening)
class ScreeningAdmin(admin.ModelAdmin):
    list_display = ("operator", "activity", "language", "risk_level", "created_at")
    list_filter = ("risk_level", "operator")


class DrillStepInline(admin.TabularInline):
    model = m.DrillStep
    extra = 0


@admin.register(m.Drill)
class DrillAdmin(admin.ModelAdmin):
    list_display = ("name", "held_on", "participant_count")
    inlines = [DrillStepInline]


@admin.register(m.SeaWarning)
class SeaWarningAdmin(admin.ModelAdmin):
    list_display = ("kind", "headline", "area", "onset", "expires", "active")


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
