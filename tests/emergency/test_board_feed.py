"""The command board's feed: open incidents most urgent first, where each is in words or
coordinates, and the number to call back for a report from the public."""

from __future__ import annotations

import uuid

from django.utils import timezone

from phangnga.geo.models import Place

FEED = "/api/v1/emergency/board.json"


def test_the_feed_orders_by_triage_and_flags_public_reports(api, make_user, units):
    dispatcher = api(make_user("dispatcher"))
    now = timezone.now().isoformat()
    sting = dispatcher.post("/api/v1/emergency/incidents",
                            {"kind": "marine_sting", "place": "beach-khaolak", "reported_at": now,
                             "patients": [{"age": 30, "symptoms": ["sting"]}]}).json()["id"]  # fmt: skip
    public = (
        api()
        .client.post(
            "/api/v1/emergency/help",
            {
                "kind": "near_drowning",
                "lat": 8.6366,
                "lon": 98.239,
                "phone": "+66 81 234 5678",
                "signs": ["unconscious"],
            },
            content_type="application/json",
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        .json()["reference"]
    )
    closed = dispatcher.post("/api/v1/emergency/incidents",
                             {"kind": "medical", "place": "beach-khaolak", "reported_at": now}).json()["id"]  # fmt: skip
    assert (
        dispatcher.post(f"/api/v1/emergency/incidents/{closed}/events", {"kind": "closed"}).status_code == 201
    )

    queue = dispatcher.get(FEED).json()["queue"]
    assert [i["id"] for i in queue] == [public, sting]  # level 1 before level 4; closed left out
    first, second = queue
    assert first["place"] == "8.6366, 98.2390" and first["call_back"] == "+66 81 234 5678"
    assert (
        second["place"] == Place.objects.get(code="beach-khaolak").name_th
    )  # staff pages: Thai unless chosen
    assert second["call_back"] is None


def test_the_feed_names_places_and_units_in_the_callers_language(api, make_user, units):
    dispatcher = api(make_user("dispatcher"))
    now = timezone.now().isoformat()
    dispatcher.post("/api/v1/emergency/incidents", {"kind": "marine_sting", "place": "beach-khaolak",
                                                     "reported_at": now})  # fmt: skip
    beach = Place.objects.get(code="beach-khaolak")
    unit = units["amb-andamanhub"]
    for lang, place, name in (("th", beach.name_th, unit.name_th), ("en", beach.name_en, unit.name)):
        dispatcher.client.cookies["django_language"] = lang  # the language the dispatcher chose
        feed = dispatcher.get(FEED).json()
        assert feed["queue"][0]["place"] == place
        assert {u["code"]: u["name"] for u in feed["units"]}["amb-andamanhub"] == name
