"""Issue 21.8: bodies the API will not read answer a JSON 4xx before anything parses them:
10 MB is a 413 (it was Django's HTML 400), text/plain is a 415 (it was parsed as JSON), and JSON
nested 100,000 deep is a 400 on a schema endpoint and a 422 on the telemetry endpoint (it was a
RecursionError)."""

from __future__ import annotations

import time

import pytest

from phangnga.core.audit import Actor
from phangnga.iot import services
from phangnga.iot.models import Reading

URL = "/api/v1/referrals/fuel/contributions"
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.fixture
def officer(api, make_user, places):
    return api(make_user("health_officer", facility="hosp-phangnga"))


def _is_json_error(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == code and response.json()["fields"]


def test_ten_megabytes_is_a_json_413(officer):
    body = b'{"note": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = officer.client.post(URL, body, content_type="application/json", headers=officer.headers)
    _is_json_error(response, 413, "body_too_large")


def test_text_plain_is_a_415_not_parsed_as_json(officer):
    body = '{"date": "2026-11-01", "contributor": "x", "amount": "10"}'
    response = officer.client.post(URL, body, content_type="text/plain", headers=officer.headers)
    _is_json_error(response, 415, "unsupported_media_type")
    form = officer.client.post(URL, {"date": "2026-11-01"}, headers=officer.headers)  # multipart
    _is_json_error(form, 415, "unsupported_media_type")


def test_fhir_json_is_still_json(api, make_user, places):
    nurse = api(make_user("referral_nurse", facility="rpst-phru-nai"))
    response = nurse.client.post(
        "/api/v1/referrals/fhir", b"{}", content_type="application/fhir+json", headers=nurse.headers
    )
    assert response.status_code == 422  # an empty Bundle: read, then refused for its content


def test_json_nested_100000_deep_is_a_400_on_a_schema_endpoint(officer):
    response = officer.client.post(URL, DEEP, content_type="application/json", headers=officer.headers)
    _is_json_error(response, 400, "too_deep")
    medium = b'{"note": ' + b"[" * 500 + b"]" * 500 + b"}"  # parses, but past the depth limit
    response = officer.client.post(URL, medium, content_type="application/json", headers=officer.headers)
    _is_json_error(response, 400, "too_deep")


def test_deep_raw_bodies_are_refused_too(api, make_user, places):
    nurse = api(make_user("referral_nurse", facility="rpst-phru-nai"))
    fhir = nurse.client.post(
        "/api/v1/referrals/fhir", DEEP, content_type="application/json", headers=nurse.headers
    )
    _is_json_error(fhir, 400, "too_deep")
    owner = make_user("farmer")
    site = services.create_site(
        Actor(),
        code="t-deep",
        kind="greenhouse",
        name_th="โรงเรือน",
        name_en="GH",
        lat=8.38,
        lon=98.45,
        owner=owner,
    )
    _device, token = services.create_device(
        Actor(), site, code="n1", name="N1", channels=["temperature"], actuators=[]
    )
    device = api()
    device.headers["Authorization"] = f"Bearer {token}"
    deep = device.client.post(
        "/api/v1/iot/telemetry", DEEP, content_type="application/json", headers=device.headers
    )
    _is_json_error(deep, 422, "malformed_telemetry")
    now = int(time.time() * 1000)
    cold = device.post("/api/v1/iot/telemetry", {"ts": now, "values": {"temperature": -1e308}})
    _is_json_error(cold, 422, "malformed_telemetry")
    assert Reading.objects.count() == 0


def test_a_page_whose_value_does_not_fit_its_column_is_a_422_naming_the_field(rf):
    """The check before every save raises FieldError; on a page the middleware answers 422."""
    from phangnga.core.errors import FieldError
    from phangnga.core.middleware import RequestBodyMiddleware

    middleware = RequestBodyMiddleware(lambda request: None)
    page = middleware.process_exception(rf.post("/farm/plots/1/"), FieldError("variety_type", "at most 32"))
    assert page.status_code == 422 and b"variety_type" in page.content
    assert middleware.process_exception(rf.post("/api/v1/x"), FieldError("a", "b")) is None  # Ninja's
    assert middleware.process_exception(rf.post("/farm/"), ValueError("other")) is None
