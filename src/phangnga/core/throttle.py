"""Failed log-ins counted per account and per client address, and the lockout that follows.

The counts live in the database (`LoginFailure` rows), not in a per-process cache: the server runs
several worker processes, and a guesser spread over them must meet one count. An account is
locked when it has `PHANGNGA_LOGIN_ACCOUNT_FAILURES` failures within the last
`PHANGNGA_LOGIN_WINDOW_S`; an address when it has `PHANGNGA_LOGIN_ADDRESS_FAILURES` (failures for
any usernames). A refused attempt during a lockout is not a failure: it cannot tell whether the
password was right, and counting it would let a lockout feed itself forever.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure

USERNAME_MAX = LoginFailure._meta.get_field("username").max_length


@dataclass(frozen=True)
class Lockout:
    scope: Literal["account", "address"]
    until: datetime  # aware, UTC

    def seconds_left(self, now: datetime | None = None) -> int:
        left = (self.until - (now or timezone.now())).total_seconds()
        return max(1, int(left + 0.999))


def window() -> timedelta:
    return timedelta(seconds=settings.PHANGNGA_LOGIN_WINDOW_S)


def account_key(username: str) -> str:
    """The account a typed username counts against: NFKC as Django normalises usernames, then
    case-folded, so "Admin" and "ADMIN" are one count (conservative on a case-sensitive database)."""
    return unicodedata.normalize("NFKC", username or "").casefold()[:USERNAME_MAX]


def lockout(username: str, address: str | None, now: datetime | None = None) -> Lockout | None:
    """The lockout that refuses a log-in as `username` from `address` now, if any (the account's
    first: it is the one the user can do something about, by asking for an unlock)."""
    now = now or timezone.now()
    since = now - window()
    checks: list[tuple[Literal["account", "address"], dict, int]] = [
        ("account", {"username": account_key(username)}, settings.PHANGNGA_LOGIN_ACCOUNT_FAILURES)
    ]
    if address:
        checks.append(("address", {"address": address}, settings.PHANGNGA_LOGIN_ADDRESS_FAILURES))
    for scope, match, limit in checks:
        if limit <= 0:
            continue  # a limit of 0 switches this count off
        recent = list(
            LoginFailure.objects.filter(at__gt=since, **match)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            # Locked until fewer than `limit` failures are left in the window: the oldest of the
            # latest `limit` leaves it first.
            return Lockout(scope, recent[-1] + window())
    return None


def record_failure(username: str, address: str | None, now: datetime | None = None) -> None:
    now = now or timezone.now()
    LoginFailure.objects.create(at=now, username=account_key(username), address=address or None)
    # Failures past the window count for nothing any more; the audit log keeps the history.
    LoginFailure.objects.filter(at__lte=now - window()).delete()


def reset_account(username: str) -> int:
    """Forget the account's failures (a successful log-in, or an admin unlocking it). The
    address's count stays: one good password must not clear a guesser's record."""
    deleted, _ = LoginFailure.objects.filter(username=account_key(username)).delete()
    return deleted


def reset_address(address: str) -> int:
    deleted, _ = LoginFailure.objects.filter(address=address).delete()
    return deleted
