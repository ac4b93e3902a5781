"""Smart Travel fixtures: the attraction catalogue on the places registry, media in a temp folder."""

from __future__ import annotations

import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def catalogue(places, media_root):
    from phangnga.travel.catalogue import load_catalogue

    return {a.code: a for a in load_catalogue()}


@pytest.fixture
def make_sign(catalogue):
    from phangnga.travel.services import create_sign

    def make(attraction_code: str = "similan", **fields):
        return create_sign(catalogue[attraction_code], **fields)

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The weather answer is cached; tests must not see each other's readings."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
