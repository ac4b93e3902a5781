"""Each editor role adds only its own kinds of place (issue 21.5): a tourism officer's "hospital"
would be offered to ambulances."""

from __future__ import annotations

from phangnga.geo.models import Place


def _place(kind: str, name: str) -> dict:
    return {"kind": kind, "name_th": name, "name_en": name, "lat": 8.45, "lon": 98.53, "source": "test",
            "accuracy_m": 50}  # fmt: skip


def test_tourism_officer_cannot_add_a_hospital(api, make_user, places):
    tourism = api(make_user("tourism_officer"))
    response = tourism.post("/api/v1/places", _place("hospital", "Fake Hospital"))
    assert response.status_code == 403, response.content
    assert response.json()["fields"]["kind"].startswith("one of:")
    assert not Place.objects.filter(name_en="Fake Hospital").exists()
    assert tourism.post("/api/v1/places", _place("attraction", "New Viewpoint")).status_code == 201


def test_health_officer_adds_facilities_dispatcher_piers(api, make_user, places):
    assert (
        api(make_user("health_officer")).post("/api/v1/places", _place("hospital", "New Clinic")).status_code
        == 201
    )
    dispatcher = api(make_user("dispatcher"))
    assert dispatcher.post("/api/v1/places", _place("pier", "New Pier")).status_code == 201
    assert dispatcher.post("/api/v1/places", _place("hospital", "Other Clinic")).status_code == 403
    assert (
        api(make_user("admin")).post("/api/v1/places", _place("incubation_centre", "Centre")).status_code
        == 201
    )
