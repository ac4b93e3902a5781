"""Issuing and revoking API tokens for an account, audited; used by the API and the tokens page."""

from __future__ import annotations

from django.db import transaction

from .audit import record
from .models import ApiToken, User


def issue(request, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; the raw value is returned once and never stored."""
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name)
        record(request, "create", token, summary=f"API token {token.prefix}… {name}"[:255])
    return token, raw


def revoke(request, token: ApiToken) -> ApiToken:
    """Revoke at once: core.auth checks `revoked` in the database on every request, in every
    server process. Revoking a revoked token changes nothing and is not audited again."""
    if token.revoked:
        return token
    with transaction.atomic():
        token.revoked = True
        token.save(update_fields=["revoked"])
        record(request, "revoke", token, summary=f"API token {token.prefix}… of {token.user.get_username()}")
    return token
