"""Prevention pages, under /emergency/ as they were when they were the emergency app's (QR codes
on AEDs and the screening posters point here)."""

from django.urls import path

from . import aed_views, views

app_name = "prevention"
urlpatterns = [
    path("emergency/screening", views.screening_page, name="screening"),
    path("emergency/warnings", views.warnings_page, name="warnings"),
    path("emergency/registry/<str:what>", views.registry, name="registry"),
    path("emergency/aeds/<slug:code>/check", aed_views.check_aed, name="aed_check"),
]
