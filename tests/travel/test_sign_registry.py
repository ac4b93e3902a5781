"""The sign registry: codes assigned on creation, installed location and condition, errors that
name the field, officer-only changes."""

import pytest

pytestmark = pytest.mark.django_db


def test_create_list_and_update_a_sign(api, make_user, catalogue, settings):
    settings.PUBLIC_BASE_URL = "https://pn.example"
    officer = api(make_user("tourism_officer"))
    r = officer.post(
        "/api/v1/travel/signs",
        {
            "attraction": "samet-nangshe",
            "location_note": "Car park",
            "installed_lat": 8.2601,
            "installed_lon": 98.4603,
            "installed_on": "2026-02-01",
            "condition": "good",
        },
    )
    assert r.status_code == 201, r.content
    sign = r.json()
    assert len(sign["code"]) == 6 and sign["url"] == f"https://pn.example/s/{sign['code']}"
    listed = api().get("/api/v1/travel/signs?attraction=samet-nangshe").json()
    assert [s["code"] for s in listed["signs"]] == [sign["code"]]
    r = officer.patch(
        f"/api/v1/travel/signs/{sign['code']}", {"condition": "faded", "checked_on": "2026-03-01"}
    )
    assert r.status_code == 200 and r.json()["condition"] == "faded"
    assert r.json()["installed_lat"] == 8.2601  # untouched fields stay
    faded = api().get("/api/v1/travel/signs?condition=faded").json()
    assert faded["count"] == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({"attraction": "atlantis"}, "attraction"),
        ({"attraction": "similan", "installed_lat": 13.75, "installed_lon": 100.5}, "installed_lat"),
        ({"attraction": "similan", "installed_lat": 8.6}, "installed_lon"),
        ({"attraction": "similan", "condition": "shiny"}, "condition"),
    ],
)
def test_bad_input_names_the_field(api, make_user, catalogue, body, field):
    r = api(make_user("tourism_officer")).post("/api/v1/travel/signs", body)
    assert r.status_code == 422, r.content
    assert field in r.json()["fields"]


def test_only_officers_change_signs(api, make_user, make_sign):
    sign = make_sign()
    assert api(make_user("farmer")).post("/api/v1/travel/signs", {"attraction": "similan"}).status_code == 403
    assert api().patch(f"/api/v1/travel/signs/{sign.code}", {"condition": "missing"}).status_code == 401


def test_officer_registry_page(client, make_user, make_sign):
    sign = make_sign("similan", location_note="Thap Lamu pier")
    client.force_login(make_user("tourism_officer"))
    page = client.get("/travel/signs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert sign.code in html and "Thap Lamu pier" in html
    assert f"/api/v1/travel/signs/{sign.code}/sign.pdf?size=A5" in html
    batch = client.get("/travel/signs/print.pdf?size=A4")
    assert batch.status_code == 200 and batch.content.startswith(b"%PDF")
