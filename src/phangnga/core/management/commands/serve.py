"""`phangnga serve`: migrate, (demo), collect static files, run a production server (granian)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from phangnga.core.demo import DEMO_PASSWORD, load_all


class Command(BaseCommand):
    help = "Set up and serve the platform with granian (not runserver)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="load demo data and demo accounts")
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "1")))
        # Threads per worker that run Django. Requests are CPU-bound Python, so more threads than
        # a few only add GIL hand-offs; they help when some requests wait on slow I/O.
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "8")))

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        from phangnga.geo.land import polygons
        from phangnga.geo.models import Place
        from phangnga.geo.places import load_registry

        if not Place.objects.exists():
            self.stdout.write(f"places registry: {load_registry()} places")
        self.stdout.write(f"coastline: {len(polygons().geoms)} land polygons (© OpenStreetMap contributors)")
        # Build the sea graph's disk cache here, once, before granian forks: otherwise every worker
        # of a fresh install builds it on its own (tens of seconds of CPU) while reports queue.
        from phangnga.geo.routing_service import prepare_sea_graph

        self.stdout.write(f"sea routing graph: {prepare_sea_graph()} vertices (cached on disk)")
        logins = load_all(self.stdout.write) if options["demo"] else []
        call_command("collectstatic", interactive=False, verbosity=0)
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"Phang Nga platform: {url}  (API docs {url}api/v1/docs)"))
        if logins:
            self.stdout.write(f"Demo logins, password {DEMO_PASSWORD!r}:")
            for username, display in logins:
                self.stdout.write(f"  {username:14s} {display}")
        companions = self.start_iot_loop() if options["demo"] else []
        self.stdout.flush()
        from granian import Granian
        from granian.constants import Interfaces

        try:
            Granian(
                "phangnga.wsgi:application",
                address=options["host"],
                port=options["port"],
                interface=Interfaces.WSGI,
                workers=options["workers"],
                blocking_threads=options["threads"],
            ).serve()
        finally:
            for process in companions:
                process.terminate()

    def start_iot_loop(self) -> list[subprocess.Popen]:
        """With demo data, run the MQTT ingester and the device simulator beside the web
        server so the IoT pages show live values and acks (only when a broker answers)."""
        try:
            socket.create_connection((settings.MQTT_HOST, settings.MQTT_PORT), timeout=1).close()
        except OSError:
            self.stdout.write(
                f"IoT live loop off: no MQTT broker at {settings.MQTT_HOST}:{settings.MQTT_PORT}"
            )
            return []
        base = [sys.executable, "-m", "phangnga.cli"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        processes = [
            subprocess.Popen([*base, "iot-ingest"], **quiet),
            subprocess.Popen([*base, "iot-simulate", "--interval", "10"], **quiet),
        ]
        self.stdout.write(
            f"IoT live loop: iot-ingest and iot-simulate on {settings.MQTT_HOST}:{settings.MQTT_PORT}"
        )
        return processes
