from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "phangnga.geo"
    label = "geo"
    verbose_name = "Places and routing"

    def ready(self) -> None:
        from . import place_cache  # noqa: F401 - connects the snapshot's invalidation signals
