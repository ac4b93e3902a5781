from django.apps import AppConfig


class EmergencyConfig(AppConfig):
    name = "phangnga.emergency"
    label = "emergency"
    verbose_name = "Andaman Hub marine emergency"

    def ready(self) -> None:
        from . import warmup

        warmup.install()
