"""End to end with a real module: the referral demo (which reproduces the seed's 158 /
169 / 140 referrals) gives the board the seed's savings as computed values."""

import pytest


@pytest.fixture
def referral_demo(places):
    from phangnga.core.demo import load_users

    load_users()
    from phangnga.referral import demo

    demo.load()


def test_referral_savings_computed_match_reported(referral_demo, api, make_user):
    body = api(make_user("viewer")).get("/api/v1/dashboard?fy=2561&years=3").json()
    card = next(c for c in body["indicators"] if c["key"] == "referral_savings")
    assert card["status"] == "ok" and card["source_module"] == "referral"
    from phangnga.referral.kpis import indicators

    assert card["value"] == indicators(2018)["referral_savings"]
    series = body["series"]["referral_savings"]
    assert [p["fy"] for p in series] == [2016, 2017, 2018]
    assert card["reported"] == 948_000
