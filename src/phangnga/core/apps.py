from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "phangnga.core"
    label = "core"
    verbose_name = "Core: accounts, roles, audit"

    def ready(self) -> None:
        from . import checkpoint, jobs, login, validation

        checkpoint.install()
        validation.install()
        login.install()
        jobs.install()
