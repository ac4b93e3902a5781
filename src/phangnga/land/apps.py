from django.apps import AppConfig


class LandConfig(AppConfig):
    name = "phangnga.land"
    label = "land"
    verbose_name = "Land readjustment"
