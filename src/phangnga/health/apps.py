from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "phangnga.health"
    label = "health"
    verbose_name = "Smart Hospital and CKD clinic"
