from django.urls import path

from . import views

app_name = "iot"
urlpatterns = [
    path("iot/", views.home, name="home"),
    path("iot/sites/<slug:code>/", views.site_detail, name="site"),
    path("iot/sites/<slug:code>/live", views.site_live, name="live"),
    path("iot/sites/<slug:code>/devices/<int:device_id>/command", views.command, name="command"),
    path("iot/sites/<slug:code>/rules/new", views.rule_edit, name="rule_new"),
    path("iot/sites/<slug:code>/rules/<int:rule_id>/edit", views.rule_edit, name="rule_edit"),
    path("iot/sites/<slug:code>/alerts/read", views.alerts_read, name="alerts_read"),
    path("iot/sites/<slug:code>/batches/new", views.batch_start, name="batch_start"),
    path("iot/sites/<slug:code>/batches/<int:batch_id>/", views.batch_detail, name="batch"),
    path("iot/commands/<int:command_id>/status", views.command_status, name="command_status"),
]
