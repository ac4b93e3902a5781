"""A point outside the province gets the same answer wherever it is sent: 422 `out_of_region`
naming the request's own field (one error, raised by geo.places.require_in_region)."""

from pathlib import Path

import pytest

BANGKOK = (13.75, 100.5)


@pytest.mark.parametrize(
    "method, path, body, field",
    [
        ("post", "/api/v1/emergency/incidents", {"kind": "trauma", "lat": BANGKOK[0], "lon": 98.3}, "lat"),
        ("get", f"/api/v1/emergency/resources/ranking?lat={BANGKOK[0]}&lon=98.3", None, "lat"),
        ("get", f"/api/v1/emergency/aeds/nearest?lat=8.4&lon={BANGKOK[1]}", None, "lon"),
        ("post", "/api/v1/iot/sites", {"code": "far-away", "name_th": "ไกล", "name_en": "Far", "kind": "greenhouse",
                                       "lat": BANGKOK[0], "lon": BANGKOK[1]}, "lat"),
        ("post", "/api/v1/travel/signs", {"attraction": "similan", "installed_lat": BANGKOK[0],
                                          "installed_lon": BANGKOK[1]}, "installed_lat"),
    ],
    ids=["incident", "ranking", "aeds", "iot site", "travel sign"],
)  # fmt: skip
def test_outside_the_province_is_one_error(api, make_user, places, method, path, body, field):
    from phangnga.travel.catalogue import load_catalogue

    load_catalogue()  # the sign's attraction
    admin = api(make_user("admin"))
    response = getattr(admin, method)(path, body) if body is not None else admin.get(path)
    assert response.status_code == 422, response.content
    error = response.json()
    assert error["error"] == "out_of_region", error
    assert field in error["fields"] and "outside the region" in error["fields"][field]


def test_the_error_is_written_once():
    src = Path(__file__).parents[2] / "src" / "phangnga"
    raisers = sorted(
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if '"out_of_region"' in p.read_text(encoding="utf-8")
    )
    # the one raiser, and the routing kernel's own OutOfRegion error that it maps from
    assert raisers == ["geo/places.py", "geo/routing/errors.py"]
