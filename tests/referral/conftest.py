"""Referral fixtures: the emergency unit registry that referral plans are made over."""

from __future__ import annotations

import pytest


@pytest.fixture
def fleet(places):
    """The demo boats and ambulances (emergency's registry) by code, available unless a test
    says otherwise."""
    from phangnga.fleet.demo import load_resources
    from phangnga.fleet.models import Resource

    load_resources()
    return {r.code: r for r in Resource.objects.all()}
