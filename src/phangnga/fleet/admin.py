from django.contrib import admin

from . import models as m


@admin.register(m.Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "boat_class", "base", "status", "season_start", "season_end")
    list_filter = ("kind", "status")
    filter_horizontal = ("crew",)
