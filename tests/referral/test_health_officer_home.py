"""A health officer following the README or the home page's link to /referral/ lands on the province's
referral figures (80-minute compliance, savings), not a 403, and sees no facility's patient list."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_health_officer_reaches_the_referral_figures(client, make_user):
    make_user("health_officer", username="ho")
    client.login(username="ho", password="pw-test-123")
    response = client.get("/referral/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/referral/savings/")


@pytest.mark.django_db
def test_a_farmer_still_may_not(client, make_user):
    make_user("farmer", username="fa")
    client.login(username="fa", password="pw-test-123")
    assert client.get("/referral/").status_code == 403
