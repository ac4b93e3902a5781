"""API tokens: list, create and revoke (the owner their own; an admin anyone's)."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from ninja import Query, Router, Schema

from . import tokens
from .access import visible_tokens
from .auth import SessionUserAuth, current_user, token_or_session
from .errors import ApiError
from .models import ApiToken, User
from .validation import column

router = Router(tags=["tokens"])
PREFIX = "/tokens"


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    user: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class TokenCreated(TokenOut):
    token: str  # the raw value, shown this once: only its SHA-256 is kept


class TokenIn(Schema):
    name: column(ApiToken, "name") = ""


class TokenFilters(Schema):
    user: column(User, "username") | None = None  # an admin's filter; others see only their own anyway
    revoked: bool | None = None


def token_out(token: ApiToken) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "user": token.user.get_username(),
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked": token.revoked,
    }


def _signed_in(request) -> User:
    user = current_user(request)
    if user is None:
        raise ApiError(401, "unauthorized", "Authentication required")
    return user


@router.get(
    "", auth=token_or_session, response=list[TokenOut], summary="API tokens: your own (an admin: all)"
)
def list_tokens(request, filters: Query[TokenFilters]):
    qs = visible_tokens(_signed_in(request))
    if filters.user:
        qs = qs.filter(user__username=filters.user)
    if filters.revoked is not None:
        qs = qs.filter(revoked=filters.revoked)
    return [token_out(t) for t in qs]


@router.post(
    "",
    auth=SessionUserAuth(),
    response={201: TokenCreated},
    summary="Create a token for yourself (browser session only); the value is shown once",
    description="Only from a logged-in session (with its CSRF token): a token cannot mint further tokens, "
    "so revoking a leaked token is enough to shut it out.",
)
def create_token(request, payload: TokenIn):
    token, raw = tokens.issue(request, _signed_in(request), payload.name)
    return 201, {**token_out(token), "token": raw}


@router.post(
    "/{token_id}/revoke",
    auth=token_or_session,
    response=TokenOut,
    summary="Revoke a token (your own; an admin: anyone's); refused from the next request on",
)
def revoke_token(request, token_id: int):
    token = visible_tokens(_signed_in(request)).filter(pk=token_id).first()
    if token is None:
        raise Http404(f"No token {token_id}")
    return token_out(tokens.revoke(request, token))
