from django.core.management.base import BaseCommand

from phangnga.core.demo import DEMO_PASSWORD, load_all


class Command(BaseCommand):
    help = "Load or refresh the demo data and demo accounts (idempotent)."

    def handle(self, *args, **options):
        logins = load_all(self.stdout.write)
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD!r}): " + ", ".join(u for u, _ in logins))
