"""Bearer tokens are remembered per process with their user and roles, but whether a token is
revoked or its user deactivated is read from the database on every request: a revocation made in
any process (here, or elsewhere without this process's signals) refuses the very next request. A
role change made in this process applies at once, one made elsewhere within TOKEN_CACHE_S."""

from __future__ import annotations

from django.contrib.auth.models import Group

from phangnga.core import auth
from phangnga.core.models import ApiToken


def test_revoking_a_token_here_locks_it_out_at_once(api, make_user):
    user = make_user("dispatcher")
    client = api(user)
    assert client.get("/api/v1/emergency/incidents").status_code == 200
    token = ApiToken.objects.get(user=user)
    token.revoked = True
    token.save()
    assert client.get("/api/v1/emergency/incidents").status_code == 401


def test_a_role_taken_away_here_applies_at_once(api, make_user):
    user = make_user("dispatcher")
    client = api(user)
    assert client.get("/api/v1/emergency/incidents").status_code == 200
    user.groups.remove(Group.objects.get(name="dispatcher"))
    assert client.get("/api/v1/emergency/incidents").status_code == 403


def test_a_revocation_by_another_process_applies_at_once(api, make_user):
    user = make_user("dispatcher")
    client = api(user)
    assert client.get("/api/v1/emergency/incidents").status_code == 200
    assert auth._tokens  # remembered
    ApiToken.objects.filter(user=user).update(revoked=True)  # no signal: as from another process
    assert client.get("/api/v1/emergency/incidents").status_code == 401
    assert auth._tokens == {}  # and forgotten


def test_a_user_deactivated_by_another_process_is_refused_at_once(api, make_user):
    user = make_user("dispatcher")
    client = api(user)
    assert client.get("/api/v1/emergency/incidents").status_code == 200
    type(user).objects.filter(pk=user.pk).update(is_active=False)  # no signal
    assert client.get("/api/v1/emergency/incidents").status_code == 401


def test_a_role_change_by_another_process_applies_after_the_cache_time(api, make_user, monkeypatch):
    user = make_user("dispatcher")
    client = api(user)
    assert client.get("/api/v1/emergency/incidents").status_code == 200
    Group.objects.get(name="dispatcher").user_set.through.objects.filter(user=user).delete()  # no m2m signal
    assert client.get("/api/v1/emergency/incidents").status_code == 200  # roles still remembered
    monkeypatch.setattr(auth, "TOKEN_CACHE_S", 0.0)
    auth._tokens.clear()  # entries carry their expiry; a zero cache time stores none that live
    assert client.get("/api/v1/emergency/incidents").status_code == 403


def test_an_unknown_token_is_refused_and_not_remembered(api, make_user):
    client = api(make_user("dispatcher"))
    client.headers["Authorization"] = "Bearer pn_not-a-real-token"
    assert client.get("/api/v1/emergency/incidents").status_code == 401
    assert auth._tokens == {}
