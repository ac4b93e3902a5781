"""Fleet fixtures: the demo unit registry on top of the shared places fixture."""

from __future__ import annotations

import pytest


@pytest.fixture
def units(places):
    from phangnga.fleet.demo import load_resources
    from phangnga.fleet.models import Resource

    load_resources()
    return {r.code: r for r in Resource.objects.select_related("base")}
