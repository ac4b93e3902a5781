"""Issue 21.8: a PATCH with null for a column that cannot be empty is a 422 naming the field
(`{"condition": null}` and `{"active": null}` were IntegrityErrors, 500)."""

from __future__ import annotations

import pytest

from phangnga.travel.models import Attraction


@pytest.fixture
def officer(api, make_user):
    return api(make_user("tourism_officer"))


def test_null_condition_and_null_active_are_422(officer, make_sign):
    sign = make_sign()
    response = officer.patch(f"/api/v1/travel/signs/{sign.code}", {"condition": None})
    assert response.status_code == 422 and "condition" in response.json()["fields"]
    attraction = sign.attraction
    response = officer.patch(f"/api/v1/travel/attractions/{attraction.code}", {"active": None})
    assert response.status_code == 422 and "active" in response.json()["fields"]
    assert Attraction.objects.get(pk=attraction.pk).active == attraction.active


def test_null_clears_what_may_be_empty(officer, make_sign):
    sign = make_sign()
    response = officer.patch(f"/api/v1/travel/signs/{sign.code}", {"checked_on": None})
    assert response.status_code == 200 and response.json()["checked_on"] is None
    far = officer.patch(f"/api/v1/travel/signs/{sign.code}", {"installed_on": "9999-12-31"})
    assert far.status_code == 422 and "installed_on" in far.json()["fields"]
