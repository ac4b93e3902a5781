"""Emergency fixtures: the demo resource registry on top of the shared places fixture."""

from __future__ import annotations

import pytest


@pytest.fixture
def units(places):
    from phangnga.fleet.demo import load_resources
    from phangnga.fleet.models import Resource

    load_resources()
    return {r.code: r for r in Resource.objects.select_related("base")}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The public report rate limit counts in the Django cache: no test may inherit another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
