"""Every emergency page renders for the role that uses it (with the demo data loaded)."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def demo(places, make_user):
    from phangnga.core.demo import load_users
    from phangnga.emergency.demo import load

    load_users()
    load()


def client_for(username: str) -> Client:
    c = Client()
    c.login(username=username, password="phangnga-demo")
    return c


PAGES = [
    ("dispatcher", "/emergency/board"),
    ("dispatcher", "/emergency/"),
    ("dispatcher", "/emergency/intake"),
    ("crew", "/emergency/report"),
    ("crew", "/emergency/crew"),
    ("hospital", "/emergency/hospital/"),
    ("healthofficer", "/emergency/kpis?fy=2564"),
    ("viewer", "/emergency/kpis?fy=2019&kind=drowning"),
    ("dispatcher", "/emergency/registry/outbox"),
]


def test_every_page_renders_for_its_role_and_the_rest_is_guarded(demo):
    """One test (the demo takes seconds to load): pages, public pages, print view, guards, home link."""
    for user, path in PAGES:
        response = client_for(user).get(path)
        assert response.status_code == 200, (path, response.status_code)
    assert client_for("farmer").get("/emergency/board").status_code == 403
    assert client_for("crew").get("/emergency/registry/outbox").status_code == 403
    assert 'href="/emergency/board"' in Client().get("/").content.decode()

    from phangnga.emergency.models import Incident

    incident = Incident.objects.filter(is_demo=True, kind="near_drowning", channel="dispatcher").get()
    c = client_for("dispatcher")
    for suffix in ("", "?print=1"):
        response = c.get(f"/emergency/incidents/{incident.pk}{suffix}")
        assert response.status_code == 200
        assert "T1" in response.content.decode()
