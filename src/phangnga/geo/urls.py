"""Pages of the geo app (mounted at the site root by phangnga/urls.py)."""

from django.urls import path

from . import routing_views

app_name = "geo"
urlpatterns = [
    path("map/route", routing_views.route_map, name="route"),
]
