from django.contrib import admin

from .models import Attraction, Scan, Sign


@admin.register(Attraction)
class AttractionAdmin(admin.ModelAdmin):
    list_display = ["code", "category", "place", "active", "fees_checked", "needs_boat"]
    list_filter = ["category", "active", "fees_checked"]
    search_fields = ["code", "names"]
    raw_id_fields = ["place"]


@admin.register(Sign)
class SignAdmin(admin.ModelAdmin):
    list_display = ["code", "attraction", "location_note", "condition", "checked_on"]
    list_filter = ["condition"]
    search_fields = ["code", "attraction__code"]


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    list_display = ["sign", "day", "language", "device"]
    list_filter = ["language", "device"]
    date_hierarchy = "day"
