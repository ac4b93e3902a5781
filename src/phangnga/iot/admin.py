from django.contrib import admin

from .models import Alert, Command, Device, DryerBatch, Rule, Site


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "kind", "owner", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("code", "name_en", "name_th")


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ("code", "site", "name", "last_seen_at", "malformed_count", "active")
    list_filter = ("site__kind", "active")
    exclude = ("token_digest",)
    readonly_fields = (
        "token_prefix",
        "last_values",
        "actuator_state",
        "malformed_count",
        "last_malformed_reason",
    )


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("name", "site", "kind", "target", "actuator", "enabled", "last_reason")
    list_filter = ("kind", "enabled")


@admin.register(Command)
class CommandAdmin(admin.ModelAdmin):
    list_display = ("request_id", "device", "actuator", "on", "status", "attempts", "created_at", "acked_at")
    list_filter = ("status",)


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "site", "level", "message", "read_at")
    list_filter = ("level",)


@admin.register(DryerBatch)
class DryerBatchAdmin(admin.ModelAdmin):
    list_display = ("site", "product", "started_at", "ended_at", "weight_in_kg", "weight_out_kg")
