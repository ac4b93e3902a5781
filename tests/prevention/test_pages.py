"""Every prevention page renders for the role that uses it (with the demo data loaded), and the
registry pages keep the Andaman Hub's nav (its links to the dispatch pages)."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def demo(places):
    from phangnga.core.demo import load_users
    from phangnga.prevention.demo import load

    load_users()
    load()


def client_for(username: str) -> Client:
    c = Client()
    c.login(username=username, password="phangnga-demo")
    return c


REGISTRIES = ("aeds", "risks", "volunteers", "drills", "screenings")


def test_every_page_renders_for_its_role_and_the_rest_is_guarded(demo):
    dispatcher = client_for("dispatcher")
    for what in REGISTRIES:
        response = dispatcher.get(f"/emergency/registry/{what}")
        assert response.status_code == 200, (what, response.status_code)
        html = response.content.decode()
        assert 'href="/emergency/board"' in html and 'href="/emergency/registry/drills"' in html
    aeds = dispatcher.get("/emergency/registry/aeds").content.decode()
    assert "/emergency/aeds/" in aeds and "/check" in aeds  # a dispatcher may record a check
    for path in ("/emergency/screening?lang=ru", "/emergency/warnings"):
        assert Client().get(path).status_code == 200
    assert dispatcher.get("/emergency/registry/nothing").status_code == 404
    assert Client().get("/emergency/registry/aeds").status_code == 302  # log in first
