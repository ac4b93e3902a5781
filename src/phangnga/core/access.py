"""Which API tokens an account sees: the one rule for the token API and the "My API tokens" page."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken, User


def visible_tokens(user: User | None) -> QuerySet[ApiToken]:
    """An admin sees every account's tokens; anyone else only their own. A token outside this
    answers 404, so nobody learns which token ids exist."""
    qs = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.has_role("admin"):
        return qs
    return qs.filter(user=user)
