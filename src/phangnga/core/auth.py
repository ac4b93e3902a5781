"""API authentication (Bearer tokens or the browser session) and role checks."""

from __future__ import annotations

import time
from functools import cache

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .errors import ApiError
from .models import ApiToken, User, hash_token

# A phone or a device sends its token with every request; looking it up with its user and roles
# costs an ORM query (and its SQL compilation) and a role query each time. The user behind a valid
# token is remembered per process for TOKEN_CACHE_S, but whether the token is still unrevoked and
# its user still active is read from the database on every request (one row by primary key, SQL
# written once): a revocation or a deactivation made in any server process refuses the very next
# request in all of them. A changed role applies at once in the process that saved it (signals
# below) and within TOKEN_CACHE_S in the others.
TOKEN_CACHE_S = 10.0
_tokens: dict[str, tuple[float, int, User]] = {}  # digest -> (expiry, token id, user)


@cache
def _still_valid_sql() -> str:
    q = connection.ops.quote_name
    token, user = ApiToken._meta, User._meta
    return (
        f"SELECT 1 FROM {q(token.db_table)} INNER JOIN {q(user.db_table)} "
        f"ON {q(user.db_table)}.{q(user.pk.column)} = {q(token.db_table)}.{q(token.get_field('user').column)} "
        f"WHERE {q(token.db_table)}.{q(token.pk.column)} = %s AND {q(token.db_table)}.{q('revoked')} = %s "
        f"AND {q(user.db_table)}.{q('is_active')} = %s"
    )


def _still_valid(token_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(_still_valid_sql(), [token_id, False, True])
        return cursor.fetchone() is not None


def _user_for(digest: str) -> User | None:
    now = time.monotonic()
    hit = _tokens.get(digest)
    if hit is not None and hit[0] > now:
        if _still_valid(hit[1]):
            return hit[2]
        _tokens.pop(digest, None)
        return None
    try:
        api_token = ApiToken.objects.select_related("user").get(digest=digest, revoked=False)
    except ApiToken.DoesNotExist:
        _tokens.pop(digest, None)
        return None
    if not api_token.user.is_active:
        _tokens.pop(digest, None)
        return None
    # Touch last_used at most once a minute: a busy device must not turn reads into writes.
    moment = timezone.now()
    if api_token.last_used_at is None or (moment - api_token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=moment)
    _tokens[digest] = (now + TOKEN_CACHE_S, api_token.pk, api_token.user)
    return api_token.user


def forget_tokens(**kwargs) -> None:
    _tokens.clear()


post_save.connect(forget_tokens, sender=ApiToken, dispatch_uid="auth-forget-token-save")
post_delete.connect(forget_tokens, sender=ApiToken, dispatch_uid="auth-forget-token-delete")
post_save.connect(forget_tokens, sender=User, dispatch_uid="auth-forget-user-save")
m2m_changed.connect(forget_tokens, sender=User.groups.through, dispatch_uid="auth-forget-roles")


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = _user_for(hash_token(token))
        if user is None:
            return None
        request.auth_user = user
        request.user = user
        return user


class SessionUserAuth(SessionAuth):
    def __call__(self, request):
        # No logged-in session: answer 401 rather than a confusing CSRF failure.
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user:
            request.auth_user = user
        return user


# Either a Bearer token or a logged-in browser session.
token_or_session = [TokenAuth(), SessionUserAuth()]


def current_user(request):
    user = getattr(request, "auth_user", None) or getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def require_role(request, *roles: str):
    """The acting user if they hold one of `roles` (admin always does); else 401/403."""
    user = current_user(request)
    if user is None:
        raise ApiError(401, "unauthorized", "Authentication required")
    if not user.has_role(*roles):
        raise ApiError(403, "forbidden", f"Requires one of the roles: {', '.join(roles)}")
    return user
