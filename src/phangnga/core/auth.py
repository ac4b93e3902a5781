"""API authentication (Bearer tokens or the browser session) and role checks."""

from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .errors import ApiError
from .models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        try:
            api_token = ApiToken.objects.select_related("user").get(digest=hash_token(token), revoked=False)
        except ApiToken.DoesNotExist:
            return None
        if not api_token.user.is_active:
            return None
        # Touch last_used at most once a minute: a busy device must not turn reads into writes.
        now = timezone.now()
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.auth_user = api_token.user
        request.user = api_token.user
        return api_token.user


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
