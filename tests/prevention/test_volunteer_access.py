"""The volunteer registry (names, phones, certificates) is for the command centre and the
provincial health office: its page and its API refuse everyone else alike."""

from __future__ import annotations

from conftest import ApiClient


def test_volunteer_registry_page_follows_its_api(client, make_user):
    for role, allowed in (("viewer", False), ("rescue_crew", False), ("farmer", False),
                          ("dispatcher", True), ("health_officer", True)):  # fmt: skip
        user = make_user(role)
        client.force_login(user)
        page = client.get("/emergency/registry/volunteers")
        feed = ApiClient(user).get("/api/v1/emergency/trainings/alerts")
        assert (page.status_code == 200) is allowed, (role, page.status_code)
        assert (feed.status_code == 200) is allowed, (role, feed.status_code)
        if not allowed:
            assert page.status_code == 403 and feed.status_code == 403
