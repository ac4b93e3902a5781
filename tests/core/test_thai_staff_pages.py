"""The main staff pages in Thai (the staff default) leave no known English label behind: route
planner options, TV counters, IoT channel and switch names, fertilizer notes and sources (no
citation of the project's internal files), AED problems, incident kinds in the KPIs, the KPI board's
module names; and their dates carry Buddhist-era years."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from phangnga.core.thai import be_year


@pytest.fixture
def staff(make_user, places):
    make_user("admin", username="boss")
    client = Client()
    client.login(username="boss", password="pw-test-123")
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def absent(html: str, *english: str) -> None:
    left = [e for e in english if e in html]
    assert left == [], left


def test_route_planner_options(staff):
    html = page(staff, "/map/route")
    absent(html, ">Speedboat<", ">Longtail boat<", ">Ambulance<", ">calm<", ">rough<")
    assert "เรือเร็ว" in html and "เรือหางยาว" in html and "ทะเลสงบ" in html


def test_tv_counters(staff, places):
    from phangnga.health import queue

    facility = places["hosp-phangnga"]
    points = {p.name: p for p in queue.ensure_points(facility)}
    queue.issue_ticket(facility)
    queue.call_next(points["Registration 1"])
    html = page(staff, f"/health/tv/{facility.code}/")
    absent(html, "Registration 1")
    assert "ลงทะเบียน 1" in html


def test_iot_labels(staff, make_user):
    from phangnga.iot import services

    site = services.create_site(code="gh-th", kind="greenhouse", name_th="โรงเรือน", name_en="Greenhouse",
                                lat=8.38, lon=98.45, owner=make_user("farmer"))  # fmt: skip
    device, _ = services.create_device(site, code="ctl", name="Controller", channels=["soil_moisture"],
                                       actuators=["fan"])  # fmt: skip
    html = page(staff, f"/iot/sites/{site.code}/")
    absent(html, "<strong>fan</strong>", ">soil_moisture<")
    assert "พัดลม" in html


def test_fertilizer_notes_and_sources(staff):
    html = page(
        staff,
        "/farm/fertilizer/?crop=rice_south&variety_type=non_ps&om_pct=1.2&p_ppm=4&k_ppm=70&area_rai=6&ph=4.5",
    )
    absent(html, "REFERENCE.md", "ph_below_optimum", "Rice Department soil-test fertilizer table")
    assert "ต่ำกว่า" in html and "กรมการข้าว" in html


def test_fertilizer_crop_and_variety_options_in_the_page_language(staff):
    html = page(staff, "/farm/fertilizer/")
    absent(html, "Photoperiod-sensitive rice", "Plant cane", "Leafy vegetables", "(rubber)")
    assert "ข้าวไวต่อช่วงแสง" in html and "อ้อยปลูก" in html
    staff.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = page(staff, "/farm/fertilizer/")
    assert "Plant cane" in english and "อ้อยปลูก" not in english


def test_aed_problems_incident_kinds_and_module_names(staff, api, make_user):
    from phangnga.emergency.demo import load_resources
    from phangnga.emergency.models import Aed

    load_resources()

    today = timezone.localdate()
    Aed.objects.create(code="aed-old", owner="Beach rescue", owner_kind="beach", location="Tower 2", lat=8.62,
                       lon=98.238, pads_expiry=today - timedelta(days=3), battery_expiry=today + timedelta(days=400))  # fmt: skip
    html = page(staff, "/emergency/registry/aeds")
    absent(html, "pads: expired", "check: overdue")
    assert "แผ่นอิเล็กโทรด: หมดอายุ" in html

    dispatcher = api(make_user("dispatcher"))
    body = {"kind": "near_drowning", "place": "beach-khaolak", "patients": [{"age": 30}]}
    pk = dispatcher.post("/api/v1/emergency/incidents", body).json()["id"]
    html = page(staff, "/emergency/kpis")
    absent(html, "<td>near_drowning</td>")
    html = page(staff, f"/emergency/incidents/{pk}")
    assert str(be_year(timezone.localdate().year)) in html  # "Call received at" in BE

    html = page(staff, "/dashboard/")
    absent(html, 'class="src">emergency<', 'class="src">referral<', 'class="src">farm<')
