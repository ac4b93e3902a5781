from django.urls import path

from . import media_views, views

app_name = "travel"
urlpatterns = [
    path("travel/", views.home, name="home"),
    path("travel/map", views.map_page, name="map"),
    path("travel/a/<slug:code>/", views.detail, name="detail"),
    path("travel/media/<path:relpath>", media_views.media, name="media"),
    path("travel/manifest.webmanifest", views.manifest, name="manifest"),
    path("travel/sw.js", views.service_worker, name="sw"),
    path("s/sw.js", views.service_worker, name="sw_signs"),
    path("travel/icon-<int:size>.png", views.icon, name="icon"),
    path("travel/signs/", views.signs_page, name="signs"),
    path("travel/signs/print.pdf", views.signs_batch_pdf, name="signs_pdf"),
    path("travel/analytics/", views.analytics, name="analytics"),
    path("travel/analytics.csv", views.analytics_csv, name="analytics_csv"),
    path("s/<str:code>", views.landing, name="landing"),
]
