"""Pages: site list, dashboard (live values, charts, controls), rule editor, permissions."""

from __future__ import annotations

import pytest
from django.test import Client

from phangnga.iot import demo
from phangnga.iot.models import Command, Rule, Site


@pytest.fixture
def demo_site(make_user):
    farmer = make_user("farmer", username="farmer")
    make_user("agriculture_officer", username="agri")
    demo.load()
    return Site.objects.get(code="demo-pig-takuathung"), farmer


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_owner_sees_sites_kpis_and_dashboard(demo_site):
    site, farmer = demo_site
    home = client_for(farmer).get("/iot/")
    assert home.status_code == 200
    assert b'data-site="demo-pig-takuathung"' in home.content
    assert b'data-site="wx-khaolak"' not in home.content  # the officer's station, not the farmer's
    assert home.context["kpis"]["sites"] == 2  # the strip counts what this farmer owns
    page = client_for(farmer).get(f"/iot/sites/{site.code}/").content.decode()
    assert "24,000" in page  # labour saved a year, from the seed
    assert 'data-channel="temperature"' in page
    assert page.count('<svg class="chart"') == 2  # temperature and humidity
    assert 'data-switch="fan-on"' in page and 'data-switch="mist-off"' in page
    week = client_for(farmer).get(f"/iot/sites/{site.code}/?range=7d").content.decode()
    assert "<polyline" in week


def test_charts_are_downsampled_server_side(demo_site):
    from phangnga.iot.readings import series

    site, _ = demo_site
    device = site.devices.get()
    day, week = series(device, "temperature", "24h"), series(device, "temperature", "7d")
    assert 280 <= len(day) <= 290  # 5-minute buckets
    assert 165 <= len(week) <= 170  # hourly buckets over 7 days of 5-minute data
    assert all(p["min"] <= p["avg"] <= p["max"] for p in week)


def test_other_farmers_and_anonymous_users_are_kept_out(demo_site, make_user):
    site, _ = demo_site
    assert client_for(make_user("farmer")).get(f"/iot/sites/{site.code}/").status_code == 404  # as if missing
    assert Client().get(f"/iot/sites/{site.code}/").status_code == 302
    viewer = client_for(make_user("viewer"))
    page = viewer.get(f"/iot/sites/{site.code}/")
    assert page.status_code == 200 and b'data-switch="fan-on"' not in page.content
    assert (
        viewer.post(
            f"/iot/sites/{site.code}/devices/{site.devices.get().id}/command",
            {"actuator": "fan", "state": "on"},
        ).status_code
        == 403
    )


def test_button_press_creates_a_command_and_the_status_partial_polls(demo_site, settings):
    settings.MQTT_PORT = 1  # broker unreachable: the command stays pending and says why
    site, farmer = demo_site
    device = site.devices.get()
    response = client_for(farmer).post(
        f"/iot/sites/{site.code}/devices/{device.id}/command",
        {"actuator": "fan", "state": "on"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    command = Command.objects.filter(device=device, reason="manual").get()
    assert 'data-status="pending"' in html and f"/iot/commands/{command.id}/status" in html
    Command.objects.filter(pk=command.pk).update(status="acked")
    done = client_for(farmer).get(f"/iot/commands/{command.id}/status").content.decode()
    assert 'data-status="acked"' in done and "hx-trigger" not in done


def test_rule_editor_creates_and_reports_field_errors(demo_site):
    site, farmer = demo_site
    device = site.devices.get()
    client = client_for(farmer)
    form = {
        "name": "Heat lamp when cold",
        "kind": "threshold",
        "sensor": device.id,
        "channel": "temperature",
        "target": device.id,
        "actuator": "mist",
        "enabled": "on",
        "direction": "below",
        "on_at": "22",
        "off_at": "20",
        "windows": "",
    }
    bad = client.post(f"/iot/sites/{site.code}/rules/new", form)
    assert bad.status_code == 200 and b'data-error="off_at"' in bad.content
    form["off_at"] = "24"
    assert client.post(f"/iot/sites/{site.code}/rules/new", form).status_code == 302
    rule = Rule.objects.get(name="Heat lamp when cold")
    assert rule.params == {"direction": "below", "on_at": 22.0, "off_at": 24.0}
    edit = client.get(f"/iot/sites/{site.code}/rules/{rule.id}/edit").content.decode()
    assert 'value="Heat lamp when cold"' in edit


def test_schedule_windows_from_the_form(demo_site):
    site, farmer = demo_site
    device = site.devices.get()
    form = {
        "name": "Mist at noon",
        "kind": "schedule",
        "target": device.id,
        "actuator": "mist",
        "windows": "12:00 15 0,1,2,3,4\n",
        "channel": "",
    }
    assert client_for(farmer).post(f"/iot/sites/{site.code}/rules/new", form).status_code == 302
    assert Rule.objects.get(name="Mist at noon").params["windows"] == [
        {"start": "12:00", "minutes": 15, "weekdays": [0, 1, 2, 3, 4]}
    ]
    form["windows"] = "noon"
    response = client_for(farmer).post(f"/iot/sites/{site.code}/rules/new", form)
    assert b'data-error="windows"' in response.content
