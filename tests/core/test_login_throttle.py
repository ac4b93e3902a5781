"""Failed log-ins are throttled per account and per client address (core/throttle.py, core/login.py).

After PHANGNGA_LOGIN_ACCOUNT_FAILURES failures within the window the account refuses every log-in,
the right password too, with a 429 and a message in the user's language saying when to try again;
a client address is refused after PHANGNGA_LOGIN_ADDRESS_FAILURES failures whatever the usernames.
The address is core.audit.client_ip's: a client's own X-Forwarded-For counts for nothing without a
proxy. The counts are rows in the database, so every server process sees them. A successful log-in
resets the account's count. Failures and refusals are in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from phangnga.core import throttle
from phangnga.core.models import AuditEntry, LoginFailure

PASSWORD = "pw-test-123"  # tests/conftest.py make_user
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.PHANGNGA_LOGIN_ACCOUNT_FAILURES = 5
    settings.PHANGNGA_LOGIN_ADDRESS_FAILURES = 8
    settings.PHANGNGA_LOGIN_WINDOW_S = 15 * 60
    settings.NINJA_NUM_PROXIES = 0


def attempt(client: Client, username: str, password: str, url: str = LOGIN, **extra):
    return client.post(url, {"username": username, "password": password, "next": "/"}, **extra)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, username: str, times: int, **extra) -> None:
    for _ in range(times):
        response = attempt(client, username, "wrong-password", **extra)
        assert response.status_code == 200, response.status_code  # the form again, not yet throttled


def test_five_failures_lock_the_account_even_against_the_right_password(make_user, client):
    user = make_user("viewer")
    fail(client, user.username, 5)
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    body = response.content.decode()
    assert 'data-error="throttled"' in body
    assert "บัญชีนี้เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป" in body  # staff pages speak Thai by default
    # It says when: the oldest failure leaves the 15-minute window then.
    oldest = LoginFailure.objects.filter(username=user.username).order_by("at").first().at
    until = timezone.localtime(oldest + timedelta(minutes=15)).strftime("%H:%M")
    assert f"ลองใหม่ได้เวลา {until} น." in body
    assert 0 < int(response["Retry-After"]) <= 15 * 60


def test_the_message_is_english_for_an_english_user(make_user, client):
    user = make_user("viewer")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    fail(client, user.username, 5)
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed log-ins for this account. Try again at " in body
    assert "min), or ask an administrator to unlock it." in body
    assert "บัญชีนี้" not in body


def test_four_failures_still_let_the_right_password_in(make_user, client):
    user = make_user("viewer")
    fail(client, user.username, 4)
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_successful_log_in_resets_the_account(make_user):
    user = make_user("viewer")
    first = Client()
    fail(first, user.username, 4)
    assert attempt(first, user.username, PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username=user.username).exists()
    second = Client()
    fail(second, user.username, 4)  # four more: a count of four again, not eight
    assert attempt(second, user.username, PASSWORD).status_code == 302 and logged_in(second)


def test_the_lock_lifts_when_the_window_has_passed(make_user, client):
    user = make_user("viewer")
    fail(client, user.username, 5)
    assert attempt(client, user.username, PASSWORD).status_code == 429
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=15, seconds=1))
    assert attempt(client, user.username, PASSWORD).status_code == 302 and logged_in(client)


def test_the_count_is_the_databases_so_every_worker_sees_it(make_user, client):
    """Failures another server process wrote (rows in the shared database) lock the account here."""
    user = make_user("viewer")
    for _ in range(5):
        LoginFailure.objects.create(username=user.username, address="192.0.2.9")
    assert attempt(client, user.username, PASSWORD).status_code == 429


def test_case_variants_of_a_username_count_as_one_account(make_user, client):
    make_user("viewer", username="somchai")
    for typed in ("Somchai", "SOMCHAI", "somchai", "SomChai", "somchaI"):
        attempt(client, typed, "wrong-password")
    assert attempt(client, "somchai", PASSWORD).status_code == 429


def test_one_address_is_locked_across_usernames(make_user):
    victim = make_user("viewer")
    guesser = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(8):
        attempt(guesser, f"guess-{n}", "wrong-password")  # one failure per name: no account is locked
    response = attempt(guesser, victim.username, PASSWORD)
    assert response.status_code == 429 and not logged_in(guesser)
    assert "ที่อยู่เครือข่ายของท่าน" in response.content.decode()
    colleague = Client(REMOTE_ADDR="203.0.113.51")  # another address: not locked
    assert attempt(colleague, victim.username, PASSWORD).status_code == 302


def test_a_forwarded_for_written_by_the_client_is_ignored_without_a_proxy(make_user):
    victim = make_user("viewer")
    guesser = Client(REMOTE_ADDR="203.0.113.60")
    for n in range(8):  # a new "address" each time, by the client's own words
        attempt(guesser, f"guess-{n}", "wrong-password", headers={"X-Forwarded-For": f"198.51.100.{n}"})
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"203.0.113.60"}
    response = attempt(guesser, victim.username, PASSWORD, headers={"X-Forwarded-For": "198.51.100.99"})
    assert response.status_code == 429


def test_behind_a_proxy_the_forwarded_client_address_counts(make_user, settings):
    settings.NINJA_NUM_PROXIES = 1
    victim = make_user("viewer")
    proxy = Client(REMOTE_ADDR="10.0.0.2")  # every request comes through the same proxy
    for n in range(8):
        attempt(proxy, f"guess-{n}", "wrong-password", headers={"X-Forwarded-For": "203.0.113.70"})
    # the guesser is locked out ...
    locked = attempt(proxy, victim.username, PASSWORD, headers={"X-Forwarded-For": "203.0.113.70"})
    assert locked.status_code == 429
    # ... and another client behind the same proxy is not
    other = attempt(proxy, victim.username, PASSWORD, headers={"X-Forwarded-For": "203.0.113.71"})
    assert other.status_code == 302


def test_the_admin_log_in_is_throttled_too(make_user, client):
    boss = make_user("admin", username="boss")
    boss.is_staff = True
    boss.save()
    for _ in range(5):
        assert attempt(client, "boss", "wrong-password", url="/admin/login/").status_code == 200
    response = attempt(client, "boss", PASSWORD, url="/admin/login/")
    assert response.status_code == 429 and not logged_in(client)
    assert "บัญชีนี้เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป" in response.content.decode()
    # and the site's form sees the same lock
    assert attempt(client, "boss", PASSWORD).status_code == 429


def test_failures_and_refusals_are_audited(make_user, settings):
    settings.NINJA_NUM_PROXIES = 1
    user = make_user("viewer")
    client = Client(REMOTE_ADDR="10.0.0.2")
    forwarded = {"X-Forwarded-For": "203.0.113.80"}
    fail(client, user.username, 5, headers=forwarded)
    attempt(client, user.username, PASSWORD, headers=forwarded)
    failed = AuditEntry.objects.filter(action="login_failed", object_id=user.username)
    assert failed.count() == 5
    assert set(failed.values_list("source_ip", "channel")) == {("203.0.113.80", "web")}
    refused = AuditEntry.objects.get(action="login_throttled")
    assert (refused.object_id, refused.source_ip, refused.changes["scope"]) == (
        user.username,
        "203.0.113.80",
        "account",
    )
    assert (
        not AuditEntry.objects.filter(action="login_failed", object_id=user.username)
        .exclude(pk__in=failed.values("pk"))
        .exists()
    )  # the refused attempt is not a failure: it never reached the password check


def test_a_refused_attempt_does_not_extend_the_lock(make_user, client):
    user = make_user("viewer")
    fail(client, user.username, 5)
    for _ in range(3):
        assert attempt(client, user.username, "wrong-password").status_code == 429
    assert LoginFailure.objects.filter(username=user.username).count() == 5
    lock = throttle.lockout(user.username, "127.0.0.1")
    assert lock is not None and lock.scope == "account"
