from django.apps import AppConfig


class FleetConfig(AppConfig):
    name = "phangnga.fleet"
    label = "fleet"
    verbose_name = "Fleet: boats, ambulances and medical units"
