from django.contrib import admin

from phangnga.core.admin_audit import AuditedReadsAdmin

from .models import CkdPatient, Diagnosis, LabResult, LabTestCode, ServicePoint, Visit, VisitStep


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "facility", "active")
    list_filter = ("kind", "active")


class StepInline(admin.TabularInline):
    model = VisitStep
    extra = 0


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("facility", "day", "number", "source")
    list_filter = ("source", "facility")
    date_hierarchy = "day"
    inlines = [StepInline]


@admin.register(LabTestCode)
class LabTestCodeAdmin(admin.ModelAdmin):
    """The 43-file LABTEST code map: officers correct it here."""

    list_display = ("code", "kind", "unit", "note")


class DiagnosisInline(admin.TabularInline):
    model = Diagnosis
    extra = 0


@admin.register(CkdPatient)
class CkdPatientAdmin(AuditedReadsAdmin):
    list_display = ("__str__", "sex", "birth_date", "nationality", "hospcode", "is_demo")
    search_fields = ("cid",)
    inlines = [DiagnosisInline]


@admin.register(LabResult)
class LabResultAdmin(AuditedReadsAdmin):
    list_display = ("patient", "date", "kind", "value", "unit", "source")
    list_filter = ("kind", "source")
    raw_id_fields = ("patient",)
