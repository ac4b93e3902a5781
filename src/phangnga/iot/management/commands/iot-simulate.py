"""`phangnga iot-simulate`: the demo sites' devices publish telemetry and obey commands."""

from __future__ import annotations

import logging
import signal
import time

from django.core.management.base import BaseCommand

from phangnga.iot.models import Device
from phangnga.iot.sims import sim_device
from phangnga.iot.simulator import Simulator


class Command(BaseCommand):
    help = "Publish realistic telemetry for the (demo) sites, obey commands on .../cmd and ack them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sites", default="", help="comma-separated site codes (default: all demo sites)"
        )
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between samples")
        parser.add_argument("--duration", type=float, default=0, help="stop after this many seconds (0: run)")

    def handle(self, *args, **options):
        logging.getLogger("phangnga.iot").setLevel(logging.INFO)
        devices = Device.objects.select_related("site").filter(active=True)
        codes = [s.strip() for s in options["sites"].split(",") if s.strip()]
        devices = devices.filter(site__code__in=codes) if codes else devices.filter(site__is_demo=True)
        sims = [sim_device(d) for d in devices]
        if not sims:
            self.stderr.write("no devices: run `phangnga demo` first or pass --sites")
            return
        simulator = Simulator(sims)
        running = {"on": True}
        previous = {
            sig: signal.signal(sig, lambda *a: running.update(on=False))
            for sig in (signal.SIGTERM, signal.SIGINT)
        }
        simulator.start()
        self.stdout.write(f"iot-simulate: {len(sims)} devices, every {options['interval']} s")
        self.stdout.flush()
        started = time.monotonic()
        seen = 0
        while running["on"]:
            sent = simulator.step_all()
            for cmd in simulator.commands_seen[seen:]:
                self.stdout.write(f"command {cmd['topic']}: {cmd['body'].get('params')} -> acked")
            seen = len(simulator.commands_seen)
            self.stdout.write(f"published {sent} readings")
            self.stdout.flush()
            if options["duration"] and time.monotonic() - started >= options["duration"]:
                break
            deadline = time.monotonic() + options["interval"]
            while running["on"] and time.monotonic() < deadline:
                time.sleep(0.1)
        simulator.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
