"""The API is closed by default: these are the only operations open without an account, and
every other one answers an anonymous caller with 401. A new open route must be added here, on
purpose, with the reason it may be open."""

import re

import pytest

from phangnga.api import api

PUBLIC = {
    # a tourist in trouble, without an account (the phone holds an idempotency secret)
    "POST /api/v1/emergency/help",
    "GET /api/v1/emergency/help/{ref}",
    "POST /api/v1/emergency/screenings",
    "GET /api/v1/emergency/aeds/nearest",
    "GET /api/v1/emergency/alerts",
    "GET /api/v1/emergency/alerts.cap",
    # farmers' advice and public rates
    "POST /api/v1/farm/fertilizer",
    "GET /api/v1/farm/fertilizer/tables",
    "GET /api/v1/farm/fertilizer/products",
    "GET /api/v1/farm/centres",
    "GET /api/v1/farm/rates",
    # maps: the places registry and the region
    "GET /api/v1/places",
    "GET /api/v1/places/{place_id}",
    "GET /api/v1/geo/land",
    "GET /api/v1/geo/region",
    "GET /api/v1/geo/route",  # the public route planner page
    "POST /api/v1/geo/matrix",  # bounded: origins x destinations are capped by its schema
    # hospital queue displays and a patient's own ticket (no personal data)
    "GET /api/v1/health/queue/status/{token}",
    "GET /api/v1/health/queue/{facility}/now-serving",
    # what a tourist's phone opens from a QR sign, and the printable signs
    "GET /api/v1/travel/attractions",
    "GET /api/v1/travel/attractions/{code}",
    "GET /api/v1/travel/signs",
    "GET /api/v1/travel/signs/{code}/qr.png",
    "GET /api/v1/travel/signs/{code}/qr.svg",
    "GET /api/v1/travel/signs/{code}/sign.pdf",
    "GET /api/v1/travel/signs/{code}/sign.svg",
}


def operations() -> dict[str, dict]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}": op for path, ops in schema["paths"].items() for method, op in ops.items()
    }


def test_only_the_listed_operations_are_open():
    open_ops = {name for name, op in operations().items() if not op.get("security")}
    assert open_ops - PUBLIC == set(), "open without an account: add it to PUBLIC on purpose, or give it auth"
    assert PUBLIC - open_ops == set(), "listed as public but now needs an account: update PUBLIC"


@pytest.mark.parametrize("name", sorted(set(operations()) - PUBLIC))
def test_every_other_operation_refuses_an_anonymous_caller(client, db, name):
    method, path = name.split(" ", 1)
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = client.generic(method, url, "{}", content_type="application/json")
    assert response.status_code == 401, (name, response.status_code, response.content[:200])
    assert response.json()["error"] == "unauthorized"
