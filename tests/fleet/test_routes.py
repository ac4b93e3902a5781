"""One routing adapter for dispatch and referral: one network per process, and one fallback
that really runs. A missing coastline cache is not a reason for it (the land is derived again
and cached); an officer's override file that is not valid JSON is: then both apps plan with
their straight-line estimate and say so."""

from __future__ import annotations

import pytest
from django.utils import timezone

from phangnga.emergency import planning as dispatch
from phangnga.fleet import routes
from phangnga.geo import routing_service
from phangnga.referral import planning as referral_planning


@pytest.fixture
def broken_boats_file(tmp_path, settings):
    """The officer's boats override, saved half-written."""
    path = tmp_path / "boats.json"
    path.write_text('{"speedboat": {"cruise_kn": ', encoding="utf-8")
    settings.PHANGNGA_ROUTING_BOATS = str(path)
    routing_service.reset()
    routes.reset()
    yield
    routing_service.reset()  # the next test builds the network from the real settings again
    routes.reset()


def test_both_apps_share_one_network(places):
    routes.reset()
    assert referral_planning.engine_name() == routes.engine_name() == "geo.routing"
    assert dispatch.router().net is routes.network()


def test_a_broken_override_file_makes_both_apps_estimate(places, broken_boats_file):
    from phangnga.fleet.demo import load_resources

    load_resources()
    assert routes.network() is None
    plan = dispatch.plan_for(
        (8.62, 97.64),  # off the Similans
        place_kind=None,
        kind="near_drowning",
        levels=[2],
        symptoms=set(),
        sea_state="calm",
        reported_at=timezone.now(),
    )
    assert plan["routing"] == "estimate" and plan["resource"] is not None and plan["legs"]
    assert referral_planning.engine_name() == "estimate"
    made = referral_planning.make_plan(places["rpst-phru-nai"], "ct", triage=2).to_dict()
    assert made["legs"]
