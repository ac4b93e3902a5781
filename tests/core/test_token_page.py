"""The "My API tokens" page (/accounts/tokens/), linked from the user menu: the signed-in user's
tokens with prefix, name, created and last used, in Thai or English; a form that makes one and shows
its value once; a revoke button that needs the page's CSRF token and shuts the token out at once.
Another account's token is a 404."""

from __future__ import annotations

import re

from django.test import Client

from phangnga.core.models import ApiToken, AuditEntry

PAGE = "/accounts/tokens/"


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_anonymous_is_sent_to_log_in(db):
    response = Client().get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_user_menu_links_to_the_page(make_user):
    html = signed_in(make_user("viewer")).get("/").content.decode()
    assert f'href="{PAGE}"' in html and "โทเค็น API ของฉัน" in html


def test_it_lists_only_my_tokens_in_thai_and_in_english(make_user):
    me, other = make_user("viewer"), make_user("viewer")
    mine, _ = ApiToken.issue(me, "field tablet")
    theirs, _ = ApiToken.issue(other, "someone else's")
    client = signed_in(me)
    html = client.get(PAGE).content.decode()
    assert "โทเค็น API ของฉัน" in html and "ยังไม่เคยใช้" in html  # Thai by default; never used yet
    assert f"{mine.prefix}…" in html and "field tablet" in html
    assert theirs.prefix not in html and "someone else" not in html
    client.post("/i18n/setlang/", {"language": "en", "next": PAGE})
    html = client.get(PAGE).content.decode()
    assert "My API tokens" in html and "Last used" in html and "never" in html


def test_creating_shows_the_value_once(make_user):
    me = make_user("viewer")
    client = signed_in(me)
    response = client.post(PAGE, {"name": "water pump"})
    assert response.status_code == 201
    token = ApiToken.objects.get(user=me, name="water pump")
    raw = re.search(r'value="(pn_[^"]+)"', response.content.decode()).group(1)
    assert raw.startswith(token.prefix)
    assert Client().get("/api/v1/tokens", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert raw not in client.get(PAGE).content.decode()


def test_revoking_needs_the_csrf_token_and_applies_at_once(api, make_user):
    me = make_user("dispatcher")
    device = api(me)
    token = ApiToken.objects.get(user=me)
    client = signed_in(me, enforce_csrf_checks=True)
    html = client.get(PAGE).content.decode()
    assert f'action="/accounts/tokens/{token.pk}/revoke"' in html
    assert client.post(f"/accounts/tokens/{token.pk}/revoke").status_code == 403  # no CSRF token
    token.refresh_from_db()
    assert not token.revoked
    response = client.post(f"/accounts/tokens/{token.pk}/revoke", {"csrfmiddlewaretoken": csrf_of(html)})
    assert response.status_code == 302 and response["Location"] == PAGE
    token.refresh_from_db()
    assert token.revoked
    assert device.get("/api/v1/emergency/incidents").status_code == 401
    assert AuditEntry.objects.filter(action="revoke", object_id=str(token.pk), channel="web").exists()
    html = client.get(PAGE).content.decode()
    assert "เพิกถอนแล้ว" in html and f"/accounts/tokens/{token.pk}/revoke" not in html


def test_someone_elses_token_is_not_found(make_user):
    owner, other = make_user("viewer"), make_user("viewer")
    token, _ = ApiToken.issue(owner)
    assert signed_in(other).post(f"/accounts/tokens/{token.pk}/revoke").status_code == 404
    token.refresh_from_db()
    assert not token.revoked
