from django.apps import AppConfig


class TravelConfig(AppConfig):
    name = "phangnga.travel"
    label = "travel"
    verbose_name = "Smart Travel: attractions, QR signs, scans"
