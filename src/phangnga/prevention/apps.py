from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "phangnga.prevention"
    label = "prevention"
    verbose_name = "Andaman Hub prevention"
