"""The OpenAPI document carries example bodies for the two writes a newcomer tries first, and each
example is accepted as it stands: POST /api/v1/iot/telemetry (with a device's token) and
POST /api/v1/referrals (with a nurse's token)."""

from __future__ import annotations

import pytest
from django.test import Client

from phangnga.core.audit import Actor
from phangnga.iot import services as iot_services


def example(path: str) -> dict:
    doc = Client().get("/api/v1/openapi.json").json()
    return doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["example"]


@pytest.mark.django_db
def test_the_telemetry_example_is_stored(api, make_user):
    body = example("/api/v1/iot/telemetry")
    owner = make_user("farmer")
    site = iot_services.create_site(Actor(), code="gh-doc", kind="greenhouse", name_th="โรงเรือน", name_en="Greenhouse",
                                    lat=8.38, lon=98.45, owner=owner)  # fmt: skip
    device = (
        api(owner)
        .post(
            "/api/v1/iot/devices",
            {"site": site.code, "code": "node-1", "name": "Node 1", "channels": list(body["values"])},
        )
        .json()
    )
    client = api()
    client.headers["Authorization"] = f"Bearer {device['token']}"
    response = client.post("/api/v1/iot/telemetry", body)
    assert response.status_code == 202 and response.json()["accepted"] == len(body["values"]), (
        response.content
    )


def test_the_referral_example_is_accepted(api, make_user, places):
    body = example("/api/v1/referrals")
    nurse = make_user("referral_nurse", facility=body["origin_id"])
    response = api(nurse).post("/api/v1/referrals", body)
    assert response.status_code == 201, response.content
