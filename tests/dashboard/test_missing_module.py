"""A module that is missing, raises, or changed its figures shows 'not available'; the
other cards still come from their modules. Real stand-in modules, no mocks."""

import sys
import types

import pytest
from django.utils import translation

from phangnga.dashboard import sources


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def fake_module():
    """Install a real module object as phangnga.<name>.kpis for the test, then remove it."""
    installed = []

    def install(app: str, indicators=None, missing=False):
        name = f"phangnga.{app}.kpis"
        installed.append((name, sys.modules.get(name)))
        if missing:
            sys.modules[name] = None  # import of it raises ImportError
        else:
            mod = types.ModuleType(name)
            mod.indicators = indicators
            sys.modules[name] = mod

    yield install
    for name, old in installed:
        if old is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = old


def test_missing_module_is_not_available(db, fake_module):
    fake_module("iot", missing=True)
    [card] = [c for c in sources.cards(2021) if c.key == "iot_labour_saved"]
    assert card.status == "not_available" and card.value is None and not card.available
    assert "not installed" in card.reason
    assert card.url.startswith("/")


def test_failing_module_is_not_available_and_others_still_show(db, fake_module):
    def boom(fy):
        raise RuntimeError("database on fire")

    fake_module("travel", boom)
    fake_module(
        "farm",
        lambda fy: {
            "households_registered": 12,
            "households_registered_in_year": 3,
            "households_updated": 7,
            "soil_tests": 4,
            "fertilizer_saved_baht": 1500.5,
        },
    )
    cards = {c.key: c for c in sources.cards(2021, ("travel", "farm"))}
    assert cards["sign_scans"].status == "not_available" and "RuntimeError" in cards["sign_scans"].reason
    assert cards["farmers_registered"].value == 12 and cards["farmers_registered"].detail == "3 new this year"
    assert cards["fertilizer_saved"].value == 1500.5


def test_changed_figures_are_not_available_not_guessed(db, fake_module):
    fake_module("referral", lambda fy: {"within_80_pct": "ninety"})
    cards = {c.key: c for c in sources.cards(2021, ("referral",))}
    assert cards["referral_within_80"].status == "not_available"
    assert cards["referral_savings"].status == "not_available" and cards["referral_savings"].value is None
    assert cards["referral_savings"].reported is None  # FY2564 has no seed figure


def test_api_survives_a_failing_module(api, make_user, fake_module):
    fake_module("health", lambda fy: 1 / 0)
    r = api(make_user("viewer")).get("/api/v1/dashboard?fy=2563")
    assert r.status_code == 200
    cards = {c["key"]: c for c in r.json()["indicators"]}
    assert cards["ckd_slowed"]["status"] == "not_available" and cards["ckd_slowed"]["value"] is None
    assert cards["ckd_slowed"]["reported"] == 65.63  # the reported figure still shows, marked as such


def test_no_data_is_not_zero(db, fake_module):
    fake_module("iot", lambda fy: {"labour_saved_baht": None, "sites": 0, "devices_online": 0, "devices": 0})
    [card] = sources.cards(2021, ("iot",))
    assert card.status == "no_data" and card.value is None and card.available


def test_failures_are_not_cached(db, fake_module):
    fake_module("farm", lambda fy: 1 / 0)
    assert sources.cards(2021, ("farm",))[0].status == "not_available"
    fake_module(
        "farm",
        lambda fy: {
            "households_registered": 5,
            "households_registered_in_year": 1,
            "households_updated": 2,
            "soil_tests": 0,
            "fertilizer_saved_baht": 0.0,
        },
    )
    assert sources.cards(2021, ("farm",))[0].value == 5
