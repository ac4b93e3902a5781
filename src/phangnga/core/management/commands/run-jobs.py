from django.core.management.base import BaseCommand

from phangnga.core import jobs


class Command(BaseCommand):
    help = "Run the queued jobs (large imports) now; server workers run them by themselves."

    def handle(self, *args, **options):
        jobs.requeue_stale()
        self.stdout.write(f"{jobs.run_pending()} jobs run")
