"""The audit log's "from where" is the client's address as the server can know it: REMOTE_ADDR, or
behind PHANGNGA_NUM_PROXIES trusted proxies the address the outermost one saw. Whatever a client
writes into X-Forwarded-For itself is not believed; the public rate limit uses the same rule."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from phangnga.core.audit import client_ip
from phangnga.core.models import AuditEntry


def addr(settings, proxies, remote="127.0.0.1", forwarded=None):
    settings.NINJA_NUM_PROXIES = proxies
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_a_forged_forwarded_for_is_not_the_audited_address(api, make_user, places, settings):
    settings.NINJA_NUM_PROXIES = 0
    officer = make_user("tourism_officer")
    response = api(officer).post(
        "/api/v1/places",
        {"kind": "beach", "name_th": "หาดทดสอบ", "name_en": "Test beach", "lat": 8.41, "lon": 98.25,
         "source": "K", "accuracy_m": 500, "district": "thai_mueang"},
        headers={"X-Forwarded-For": "203.0.113.66"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert AuditEntry.objects.get(action="create", object_type="geo.place").source_ip == "127.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.66", "127.0.0.1"),  # no proxy: the header is the client's own words
        (1, "203.0.113.66", "203.0.113.66"),  # one proxy, which wrote the client's address
        (1, "198.51.100.1, 203.0.113.66", "203.0.113.66"),  # the client's forged part is on the left
        (2, "198.51.100.1, 203.0.113.66, 10.0.0.2", "203.0.113.66"),
        (3, "203.0.113.66", "203.0.113.66"),  # fewer hops than proxies: the leftmost there is
        (1, "not-an-address", "127.0.0.1"),  # garbage from a proxy: what the socket says
        (1, None, "127.0.0.1"),
    ],
)
def test_the_client_address_through_the_configured_proxies(settings, proxies, forwarded, expected):
    assert addr(settings, proxies, forwarded=forwarded) == expected


def test_the_public_rate_limit_counts_the_same_address(settings, db):
    from phangnga.emergency.public_help import NewReportThrottle

    settings.NINJA_NUM_PROXIES = 1
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.66")
    assert NewReportThrottle().get_ident(request) == client_ip(request) == "203.0.113.66"
