"""`phangnga unlock-login NAME` (or `--address`) lifts a failed log-in lockout at once, audited."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from phangnga.core.models import AuditEntry, LoginFailure


@pytest.fixture(autouse=True)
def limits(settings):
    settings.PHANGNGA_LOGIN_ACCOUNT_FAILURES = 3
    settings.PHANGNGA_LOGIN_ADDRESS_FAILURES = 3


def attempt(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_unlocking_an_account_lets_its_owner_in(make_user, client):
    user = make_user("viewer")
    for _ in range(3):
        attempt(client, user.username, "wrong")
    assert attempt(client, user.username, "pw-test-123").status_code == 429
    call_command("unlock-login", user.username.upper())  # typed in any case: the same account
    assert not LoginFailure.objects.exists()
    assert attempt(client, user.username, "pw-test-123").status_code == 302
    assert AuditEntry.objects.filter(action="login_unlocked", object_id=user.username, channel="cli").exists()


def test_unlocking_an_address(make_user):
    user = make_user("viewer")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(3):
        attempt(client, f"guess-{n}", "wrong")
    assert attempt(client, user.username, "pw-test-123").status_code == 429
    call_command("unlock-login", "--address", "203.0.113.9")
    assert attempt(client, user.username, "pw-test-123").status_code == 302


def test_it_needs_an_account_or_an_address(db):
    with pytest.raises(CommandError):
        call_command("unlock-login")


def test_an_admin_sees_and_can_clear_the_failures_in_the_admin(make_user, client):
    user = make_user("viewer")
    for _ in range(3):
        attempt(client, user.username, "wrong")
    boss = make_user("admin")
    boss.is_staff = boss.is_superuser = True
    boss.save()
    admin_client = Client()
    admin_client.force_login(boss)
    html = admin_client.get("/admin/core/loginfailure/").content.decode()
    assert html.count(user.username) >= 3
    ids = list(LoginFailure.objects.values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/core/loginfailure/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not LoginFailure.objects.exists()
    assert attempt(client, user.username, "pw-test-123").status_code == 302
