import pytest

from phangnga.referral import demo, kpis
from phangnga.referral.models import Referral


def test_demo_reproduces_the_seed_table(api, make_user, places):
    """One demo load (it is the slow part) checked every way the issue asks."""
    from phangnga.core.demo import load_users

    load_users()
    demo.load()
    officer = api(make_user("health_officer"))
    for fy, count, baht in (
        ("2561", 158, 948_000),
        ("2562", 169, 1_014_000),
        ("2563", 140, 840_000),
        ("2020", 140, 840_000),
        ("FY2561", 158, 948_000),
    ):
        body = officer.get(f"/api/v1/referrals/savings?fy={fy}").json()
        assert body["referrals"] == count, fy
        assert body["referral_savings"] == baht and body["total"] == baht, fy  # dialysis began in FY2564
    # the saving per case is configurable, and dialysis exemptions add to it from FY2564
    assert officer.get("/api/v1/referrals/savings?fy=2561&per_case=5000").json()["total"] == 158 * 5000
    fy64 = officer.get("/api/v1/referrals/savings?fy=2564").json()
    assert (
        fy64["dialysis_savings"] > 0 and fy64["total"] == fy64["referral_savings"] + fy64["dialysis_savings"]
    )
    # the dashboard's indicators
    ind = kpis.indicators(2018)
    assert ind["referrals"] == 158 and ind["savings"] == 948_000
    assert 0 <= ind["within_80_pct"] <= 100
    # demo history: every transferred referral has its departure and arrival
    assert not kpis.transferred(2018).filter(arrived_at=None).exists()
    # loading again changes nothing
    before = Referral.objects.count()
    demo.load()
    assert Referral.objects.count() == before


def test_bad_fiscal_year_is_422(api, make_user, places):
    response = api(make_user("health_officer")).get("/api/v1/referrals/savings?fy=soon")
    assert response.status_code == 422 and "fy" in response.json()["fields"]


@pytest.mark.parametrize("role", ["farmer", "tourism_officer"])
def test_savings_need_a_reporting_role(api, make_user, places, role):
    assert api(make_user(role)).get("/api/v1/referrals/savings?fy=2561").status_code == 403
