from django.core.management.base import BaseCommand

from phangnga.geo.places import DATA_FILE, load_registry


class Command(BaseCommand):
    help = "Create or update the places registry from a data file (default: the shipped places.json)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE))

    def handle(self, *args, **options):
        count = load_registry(options["file"])
        self.stdout.write(f"{count} places loaded")
