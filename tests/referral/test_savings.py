import pytest

from phangnga.referral import demo, kpis
from phangnga.referral.models import Referral


@pytest.fixture
def demo_data(places):
    from phangnga.core.demo import load_users

    load_users()
    demo.load()


@pytest.mark.parametrize(
    ("fy", "count", "baht"),
    [("2561", 158, 948_000), ("2562", 169, 1_014_000), ("2563", 140, 840_000), ("2020", 140, 840_000)],
)
def test_demo_reproduces_the_seed_table(api, make_user, demo_data, fy, count, baht):
    body = api(make_user("health_officer")).get(f"/api/v1/referrals/savings?fy={fy}").json()
    assert body["referrals"] == count
    assert body["referral_savings"] == baht and body["total"] == baht  # dialysis began in FY2564


def test_saving_per_case_is_configurable_and_dialysis_adds(api, make_user, demo_data):
    officer = api(make_user("health_officer"))
    assert officer.get("/api/v1/referrals/savings?fy=2561&per_case=5000").json()["total"] == 158 * 5000
    fy64 = officer.get("/api/v1/referrals/savings?fy=2564").json()
    assert (
        fy64["dialysis_savings"] > 0 and fy64["total"] == fy64["referral_savings"] + fy64["dialysis_savings"]
    )


def test_indicators_for_the_dashboard(demo_data):
    ind = kpis.indicators(2018)
    assert ind["referrals"] == 158 and ind["savings"] == 948_000
    assert 0 <= ind["within_80_pct"] <= 100


def test_demo_is_idempotent(demo_data):
    before = Referral.objects.count()
    demo.load()
    assert Referral.objects.count() == before


def test_bad_fiscal_year_is_422(api, make_user, places):
    response = api(make_user("health_officer")).get("/api/v1/referrals/savings?fy=soon")
    assert response.status_code == 422 and "fy" in response.json()["fields"]
