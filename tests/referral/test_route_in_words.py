"""The nurse's referral page tells the route in words (Thai or English): who comes, when the
patient is where; no routing jargon (access/transfer rows, "(sea access)", "navigable water")."""

from __future__ import annotations

import pytest
from django.test import Client

from phangnga.referral.models import Referral
from referral_factories import payload

JARGON = ("navigable water", "(sea access)", "origin", "destination", "hospital_boat")


@pytest.fixture
def referral(api, make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    response = api(nurse).post("/api/v1/referrals", payload(places), headers={"Idempotency-Key": "words-1"})
    assert response.status_code == 201, response.content
    return nurse, Referral.objects.get(pk=response.json()["id"])


@pytest.mark.parametrize("lang, boat_words", [("en", "by "), ("th", "โดยเรือ")])
def test_route_in_words(referral, lang, boat_words):
    nurse, r = referral
    web = Client()
    web.force_login(nurse)
    web.cookies["django_language"] = lang
    html = web.get(f"/referral/{r.id}/").content.decode()
    assert 'id="plan-journey"' in html
    journey = html[html.index('id="plan-journey"') : html.index("</ol>", html.index('id="plan-journey"'))]
    assert boat_words in journey  # Phru Nai is on Koh Yao Yai: the patient crosses by boat
    for word in JARGON:
        assert word not in journey, word
    if lang == "th":
        assert "ท่าเรือ" in journey  # piers by their Thai registry names
