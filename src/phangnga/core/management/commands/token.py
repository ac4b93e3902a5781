from django.core.management.base import BaseCommand, CommandError

from phangnga.core.models import ApiToken, User


class Command(BaseCommand):
    help = "API tokens: `token create --user NAME [--name LABEL]` prints a new Bearer token (stored hashed)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("--user", required=True)
        parser.add_argument("--name", default="cli")

    def handle(self, *args, **options):
        try:
            user = User.objects.get(username=options["user"])
        except User.DoesNotExist:
            raise CommandError(f"no user named {options['user']!r}") from None
        _, raw = ApiToken.issue(user, options["name"])
        self.stdout.write(raw)
