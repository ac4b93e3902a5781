from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "phangnga.geo"
    label = "geo"
    verbose_name = "Places and routing"
