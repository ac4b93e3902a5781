"""`phangnga emergency-push`: send queued incident snapshots to the regional command centre."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from phangnga.emergency import conf
from phangnga.emergency.outbox import push_pending


class Command(BaseCommand):
    help = "Push pending incident messages to EMERGENCY_REGIONAL_URL (retries failures that are due)."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="override EMERGENCY_REGIONAL_URL")
        parser.add_argument(
            "--all", action="store_true", help="also retry failures whose backoff is not over"
        )
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, **options):
        url = options["url"] or conf.regional_url()
        if not url:
            raise CommandError("Set EMERGENCY_REGIONAL_URL (or pass --url); messages stay queued meanwhile.")
        result = push_pending(url=url, limit=options["limit"], force=options["all"])
        self.stdout.write(json.dumps(result))
        if result["failed"]:
            raise CommandError(f"{result['failed']} message(s) failed; they stay queued and will be retried")
