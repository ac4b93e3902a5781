"""Issue 21.2: a fuel contribution too large for its 12-digit column is refused before it is
written (it was stored on SQLite and then every fund page and statement answered 500)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from phangnga.core.errors import FieldError
from phangnga.referral.models import FuelContribution

URL = "/api/v1/referrals/fuel/contributions"


@pytest.fixture
def officer(api, make_user, places):
    return api(make_user("health_officer", facility="hosp-phangnga"))


@pytest.mark.parametrize("amount", [2.88e16, "10000000000.00", "12.345", "NaN", "Infinity", -5])
def test_an_amount_the_column_cannot_hold_is_a_422_naming_amount(officer, amount):
    response = officer.post(URL, {"date": "2026-11-01", "contributor": "x", "amount": amount})
    assert response.status_code == 422, response.content
    assert "amount" in response.json()["fields"]
    assert FuelContribution.objects.count() == 0


def test_the_fund_still_answers_after_the_attack(officer):
    officer.post(URL, {"date": "2026-11-01", "contributor": "x", "amount": 2.88e16})
    ok = officer.post(URL, {"date": "2026-11-01", "contributor": "Ko Yao SAO", "amount": "9999999999.99"})
    assert ok.status_code == 201, ok.content
    assert officer.get("/api/v1/referrals/fuel/statement?fy=2570").status_code == 200


def test_the_last_check_before_the_write_refuses_it_on_any_path(db):
    """Whatever writes the row (a page, an import, the shell), the column's limit holds."""
    with pytest.raises(FieldError) as refused:
        FuelContribution.objects.create(date="2026-11-01", contributor="x", amount=Decimal("2.88e16"))
    assert "amount" in refused.value.fields
    with pytest.raises(FieldError) as refused:
        FuelContribution.objects.create(date="2026-11-01", contributor="x" * 201, amount=1)
    assert "contributor" in refused.value.fields
    assert FuelContribution.objects.count() == 0
