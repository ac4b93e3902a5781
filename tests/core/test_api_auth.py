from phangnga.core.models import ApiToken

BEACH = {
    "kind": "beach",
    "name_th": "ชายหาด",
    "name_en": "A beach",
    "lat": 8.6,
    "lon": 98.24,
    "source": "K",
    "accuracy_m": 100,
}


def test_no_token_is_401_json(api, places):
    response = api().post("/api/v1/places", BEACH)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_viewer_cannot_write(api, make_user, places):
    response = api(make_user("viewer")).post("/api/v1/places", BEACH)
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_revoked_token_is_refused(api, make_user, places):
    officer = make_user("tourism_officer")
    client = api(officer)
    ApiToken.objects.filter(user=officer).update(revoked=True)
    assert client.post("/api/v1/places", BEACH).status_code == 401


def test_tokens_are_stored_hashed(make_user):
    user = make_user("viewer")
    token, raw = ApiToken.issue(user)
    assert raw not in (token.digest, token.prefix + token.digest)
    assert len(token.digest) == 64 and raw.startswith(token.prefix)


def test_unknown_api_path_is_json_404(client, db):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_token_command_prints_a_working_token(make_user, places):
    from io import StringIO

    from django.core.management import call_command
    from django.test import Client

    make_user("tourism_officer", username="officer")
    out = StringIO()
    call_command("token", "create", "--user", "officer", stdout=out)
    raw = out.getvalue().strip()
    response = Client().post(
        "/api/v1/places", BEACH, content_type="application/json", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 201
