"""Dispatch pages under /emergency/; the prevention pages there are prevention/urls.py's."""

from django.urls import path

from . import help_views, views

app_name = "emergency"
urlpatterns = [
    path("emergency/", views.board, name="home"),
    path("emergency/board", views.board, name="board"),
    path("emergency/intake", views.intake, name="intake"),
    path("emergency/report", views.mobile_report, name="report"),
    path("emergency/help", help_views.help_page, name="help"),
    path("emergency/sw.js", help_views.service_worker, name="sw"),
    path("emergency/crew", views.crew, name="crew"),
    path("emergency/hospital/", views.hospital, name="hospital"),
    path("emergency/hospital/notices/<int:pk>/ack", views.hospital_ack, name="hospital_ack"),
    path("emergency/incidents/<int:pk>", views.incident_detail, name="incident"),
    path("emergency/incidents/<int:pk>/accept", views.accept_plan, name="accept_plan"),
    path("emergency/incidents/<int:pk>/event", views.add_event, name="add_event"),
    path("emergency/kpis", views.kpi_page, name="kpis"),
    path("emergency/kpis/export.<str:fmt>", views.kpi_export, name="kpi_export"),
    # Before the prevention app's /emergency/registry/<what> (apps mount in PHANGNGA_APPS order).
    path("emergency/registry/outbox", views.outbox, name="outbox"),
]
