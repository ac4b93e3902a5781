"""API tokens through /api/v1/tokens: an account lists and revokes its own, an admin anyone's (with a
filter by user); another account's token is a 404 to everyone else. A token is created only from a
logged-in browser session (a token cannot mint tokens) and its value is shown once. A revoked token
is refused on the very next request."""

from __future__ import annotations

from django.test import Client

from phangnga.core.models import ApiToken, AuditEntry, hash_token


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_account_lists_only_its_own_tokens(api, make_user):
    mine, theirs = make_user("viewer"), make_user("dispatcher")
    ApiToken.issue(mine, "phone")
    ApiToken.issue(theirs, "tablet")
    response = api(mine).get("/api/v1/tokens")
    assert response.status_code == 200
    rows = response.json()
    assert {(r["user"], r["name"]) for r in rows} == {(mine.username, "phone"), (mine.username, "test")}
    assert all(
        set(r) == {"id", "name", "prefix", "user", "created_at", "last_used_at", "revoked"} for r in rows
    )
    # asking for another account's tokens shows nothing of theirs
    assert api(mine).get(f"/api/v1/tokens?user={theirs.username}").json() == []


def test_an_admin_lists_everyones_and_filters_by_user(api, make_user):
    boss, crew = make_user("admin"), make_user("crew")
    token, _ = ApiToken.issue(crew, "boat phone")
    everyone = api(boss).get("/api/v1/tokens").json()
    assert {r["user"] for r in everyone} >= {boss.username, crew.username}
    only_crew = api(boss).get(f"/api/v1/tokens?user={crew.username}").json()
    assert [r["id"] for r in only_crew] == [token.pk]
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)
    assert api(boss).get(f"/api/v1/tokens?user={crew.username}&revoked=false").json() == []


def test_creating_a_token_from_a_session_shows_the_value_once(make_user, places):
    user = make_user("tourism_officer")
    response = session(user).post("/api/v1/tokens", {"name": "sign printer"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    raw = body["token"]
    token = ApiToken.objects.get(pk=body["id"])
    assert (token.user, token.name, token.digest, body["prefix"]) == (
        user,
        "sign printer",
        hash_token(raw),
        raw[:8],
    )
    # it works, and no listing shows the value again
    assert Client().get("/api/v1/tokens", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    listed = session(user).get("/api/v1/tokens").json()
    assert all("token" not in r for r in listed)
    assert AuditEntry.objects.filter(
        action="create", object_type="core.apitoken", object_id=str(token.pk)
    ).exists()


def test_a_token_cannot_mint_tokens(api, make_user):
    user = make_user("viewer")
    response = api(user).post("/api/v1/tokens", {"name": "more"})
    assert response.status_code == 401
    assert ApiToken.objects.filter(user=user).count() == 1  # the test client's own


def test_the_owner_revokes_and_the_token_is_refused_at_once(api, make_user):
    user = make_user("dispatcher")
    client = api(user)  # this client's token is the one revoked
    assert client.get("/api/v1/emergency/incidents").status_code == 200
    own = ApiToken.objects.get(user=user)
    response = client.post(f"/api/v1/tokens/{own.pk}/revoke")
    assert response.status_code == 200 and response.json()["revoked"] is True
    assert client.get("/api/v1/emergency/incidents").status_code == 401
    assert client.get("/api/v1/tokens").status_code == 401
    entry = AuditEntry.objects.get(action="revoke", object_type="core.apitoken")
    assert (entry.object_id, entry.user) == (str(own.pk), user)


def test_an_admin_revokes_anyones_token(api, make_user):
    boss, crew = make_user("admin"), make_user("crew")
    crew_client = api(crew)
    token = ApiToken.objects.get(user=crew)
    assert api(boss).post(f"/api/v1/tokens/{token.pk}/revoke").status_code == 200
    assert crew_client.get("/api/v1/emergency/incidents").status_code == 401


def test_someone_elses_token_is_not_found(api, make_user):
    owner, other = make_user("dispatcher"), make_user("dispatcher")
    owner_client = api(owner)
    token = ApiToken.objects.get(user=owner)
    response = api(other).post(f"/api/v1/tokens/{token.pk}/revoke")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    assert api(other).post("/api/v1/tokens/999999999/revoke").status_code == 404  # same answer as no such id
    token.refresh_from_db()
    assert not token.revoked
    assert owner_client.get("/api/v1/emergency/incidents").status_code == 200


def test_anonymous_gets_401(api, make_user):
    token, _ = ApiToken.issue(make_user("viewer"))
    assert api().get("/api/v1/tokens").status_code == 401
    assert api().post(f"/api/v1/tokens/{token.pk}/revoke").status_code == 401
    assert api().post("/api/v1/tokens", {"name": "x"}).status_code == 401
