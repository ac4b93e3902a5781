from django.contrib import admin

from .models import District, Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_th", "kind", "district", "level", "accuracy_m", "needs_check", "active")
    list_filter = ("kind", "district", "needs_check", "active", "is_demo")
    search_fields = ("name_en", "name_th", "code")


admin.site.register(District)
