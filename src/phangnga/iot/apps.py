from django.apps import AppConfig


class IotConfig(AppConfig):
    name = "phangnga.iot"
    label = "iot"
    verbose_name = "IoT smart farm"
