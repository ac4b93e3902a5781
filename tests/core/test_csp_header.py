"""The Content-Security-Policy header: on every document (pages, the API docs, the admin), from
settings, per path prefix where settings say so, report-only on request; not on JSON."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)


@pytest.mark.parametrize(
    "url", ["/", "/emergency/help", "/travel/", "/accounts/login/", "/api/v1/docs", "/admin/login/"]
)
def test_documents_carry_the_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY


def test_a_404_page_carries_it_too_and_json_does_not(client):
    assert client.get("/no-such-page")["Content-Security-Policy"] == POLICY
    response = client.get("/api/v1/openapi.json")
    assert response["Content-Type"].startswith("application/json")
    assert "Content-Security-Policy" not in response


def test_a_path_prefix_replaces_directives_longest_first(client):
    paths = {
        "/api/": {"img-src": ["'self'"]},
        "/api/v1/docs": {"img-src": ["'self'", "data:"], "worker-src": ["'none'"]},
    }
    with override_settings(CONTENT_SECURITY_POLICY_PATHS=paths):
        docs = client.get("/api/v1/docs")["Content-Security-Policy"]
        home = client.get("/")["Content-Security-Policy"]
    assert "img-src 'self' data:;" in docs and docs.endswith("worker-src 'none'")
    assert home == POLICY


def test_report_only_reports_without_blocking(client):
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=True):
        response = client.get("/")
    assert response["Content-Security-Policy-Report-Only"] == POLICY
    assert "Content-Security-Policy" not in response
