from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "phangnga.dashboard"
    label = "dashboard"
    verbose_name = "Provincial KPI dashboard"
