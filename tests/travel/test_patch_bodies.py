"""A PATCH body must be a JSON object: Ninja read an array through attribute access, so `[null,
null]` went through as an empty change (core.validation.JsonObject; the fuzzer found it)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_an_array_body_names_the_fault(api, make_user, make_sign):
    sign = make_sign("nang-thong-beach")
    r = api(make_user("tourism_officer")).patch(f"/api/v1/travel/signs/{sign.code}", [None, None])
    assert r.status_code == 422
    assert r.json()["fields"] == {"payload": "Value error, the body must be a JSON object"}


@pytest.mark.parametrize("body", [[None, None], "x", 3])
def test_a_patch_body_that_is_not_an_object_is_refused(api, make_user, make_sign, body):
    sign = make_sign("nang-thong-beach")
    officer = api(make_user("tourism_officer"))
    r = officer.patch(f"/api/v1/travel/signs/{sign.code}", body)
    assert r.status_code in (400, 422), r.content  # a JSON string is refused by Ninja already (400)
    assert officer.patch("/api/v1/travel/attractions/nang-thong-beach", body).status_code in (400, 422)
    assert officer.patch(f"/api/v1/travel/signs/{sign.code}", {"condition": "good"}).status_code == 200
