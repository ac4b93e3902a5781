"""`phangnga unlock-login NAME` lifts a failed log-in lockout before its time (core/throttle.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from phangnga.core import throttle
from phangnga.core.audit import record


class Command(BaseCommand):
    help = (
        "Forget the failed log-ins of an account (`unlock-login NAME`) or of a client address "
        "(`unlock-login --address 203.0.113.7`), which lifts its lockout at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="the account's username as it is typed")
        parser.add_argument("--address", help="a client address (as the audit log shows it)")

    def handle(self, *args, username: str | None = None, address: str | None = None, **options):
        if not username and not address:
            raise CommandError("name an account, an --address, or both")
        if username:
            n = throttle.reset_account(username)
            record(None, "login_unlocked", object_type="core.user", object_id=throttle.account_key(username)[:64],
                   summary=f"account unlocked ({n} failures forgotten)")  # fmt: skip
            self.stdout.write(f"{username}: {n} failed log-ins forgotten")
        if address:
            n = throttle.reset_address(address)
            record(None, "login_unlocked", object_type="address", object_id=address[:64],
                   summary=f"address unlocked ({n} failures forgotten)")  # fmt: skip
            self.stdout.write(f"{address}: {n} failed log-ins forgotten")
