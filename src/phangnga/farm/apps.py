from django.apps import AppConfig


class FarmConfig(AppConfig):
    name = "phangnga.farm"
    label = "farm"
    verbose_name = "Farmbook and fertilizer advisor"
