"""`phangnga iot-ingest`: MQTT telemetry into the database, rules, commands and acks."""

from __future__ import annotations

import logging
import signal
import time

from django.core.management.base import BaseCommand

from phangnga.iot.ingest import Ingester


class Command(BaseCommand):
    help = (
        "Subscribe to phangnga/<site>/<device>/telemetry and .../ack (QoS 1, persistent session) and store."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--client-id",
            default="phangnga-ingest",
            help="fixed MQTT client id: the broker keeps this session's messages while we are away",
        )
        parser.add_argument("--sites", default="", help="comma-separated site codes (default: all)")
        parser.add_argument(
            "--tick", type=float, default=15.0, help="seconds between timer runs of the rules"
        )
        parser.add_argument("--stats-every", type=float, default=60.0, help="seconds between stats lines")

    def handle(self, *args, **options):
        logging.getLogger("phangnga.iot").setLevel(logging.INFO)
        sites = [s.strip() for s in options["sites"].split(",") if s.strip()] or None
        ingester = Ingester(options["client_id"], sites, tick_s=options["tick"])
        running = {"on": True}

        def stop(signum, frame):
            running["on"] = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        ingester.start()
        self.stdout.write(f"iot-ingest: connected as {options['client_id']}, sites {sites or 'all'}")
        self.stdout.flush()
        last_stats = time.monotonic()
        while running["on"]:
            ingester.run_once(timeout=0.2)
            if time.monotonic() - last_stats >= options["stats_every"]:
                last_stats = time.monotonic()
                self.stdout.write(f"iot-ingest: {ingester.stats}")
                self.stdout.flush()
        ingester.stop()
        self.stdout.write(f"iot-ingest: stopped, {ingester.stats}")
