"""The main staff pages in Thai (the staff default) leave no known English label behind: route
planner options, TV counters, IoT channel and switch names, fertilizer notes and sources (no
citation of the project's internal files), AED problems, incident kinds in the KPIs, the KPI board's
module names; and their dates carry Buddhist-era years."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from phangnga.core.audit import Actor
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

    site = services.create_site(Actor(), code="gh-th", kind="greenhouse", name_th="โรงเรือน", name_en="Greenhouse",
                                lat=8.38, lon=98.45, owner=make_user("farmer"))  # fmt: skip
    device, _ = services.create_device(Actor(), site, code="ctl", name="Controller", channels=["soil_moisture"],
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
    from phangnga.fleet.demo import load_resources
    from phangnga.prevention.models import Aed

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


# ---- issue #20 point 6: no English label left on the pages staff read most ----------------------

from phangnga.core.i18n_check import english_words, visible_text  # noqa: E402


def english_left(html: str, *words: str) -> list[str]:
    """Which of these English UI words the page still shows (visible text, whole words)."""
    shown = set(english_words(visible_text(html)))
    return [w for w in words if w in shown]


def test_incident_intake_and_hospital_notice(staff, api, make_user):
    from phangnga.fleet.demo import load_resources

    load_resources()
    dispatcher = api(make_user("dispatcher"))
    body = {
        "kind": "decompression_illness",
        "place": "dive-richelieu",
        "patients": [{"symptoms": ["decompression_symptoms", "anaphylaxis"], "vitals": {"pr": 110}}],
    }
    response = dispatcher.post("/api/v1/emergency/incidents", body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    html = page(staff, f"/emergency/incidents/{pk}")
    assert english_left(html, "proposed", "speedboat", "ambulance", "boat", "unit", "medical", "Rescue",
                        "seasonal", "age", "Decompression", "illness", "Richelieu", "Rock") == []  # fmt: skip
    assert "rb-thaplamu-1" not in visible_text(html) and "amb-phangnga" not in visible_text(html)
    assert "เสนอ" in html and "เรือกู้ภัยทับละมุ" in html

    html = page(staff, "/emergency/intake")
    assert english_left(html, "Abdominal", "Anaphylaxis", "Cardiac", "Decompression", "Hypothermia",
                        "Seasickness", "Sunburn", "Bang", "Niang", "beach", "pier", "waterfall") == []  # fmt: skip
    assert "ปวดท้อง" in html and "หาดบางเนียง" in html

    accepted = dispatcher.post(f"/api/v1/emergency/incidents/{pk}/plan/accept", {})
    assert accepted.status_code == 200, accepted.content  # the pre-arrival notice is posted
    html = page(staff, "/emergency/hospital/")
    assert english_left(html, "Decompression", "Resuscitation", "Emergency", "hyperbaric", "chamber",
                            "seasonal", "medical", "unit", "boat", "Rescue") == []  # fmt: skip


def test_registries_show_buddhist_era_dates(staff):
    from phangnga.prevention.models import Aed

    Aed.objects.create(code="aed-x", owner="โรงแรมเขาหลัก", owner_kind="hotel", location="เคาน์เตอร์ต้อนรับ",
                       lat=8.64, lon=98.25, pads_expiry=timezone.localdate().replace(month=3, day=1),
                       battery_expiry=timezone.localdate())  # fmt: skip
    text = visible_text(page(staff, "/emergency/registry/aeds"))
    year = timezone.localdate().year
    assert f"มีนาคม {year}" not in text and f"มีนาคม {be_year(year)}" in text


def test_health_queue_desk_and_tv(staff, places):
    from phangnga.health import queue

    facility = places["rpst-kyy-centre"]
    points = {p.name: p for p in queue.ensure_points(facility)}
    queue.issue_ticket(facility)
    queue.call_next(points["Registration 1"])
    words = ("Registration", "Doctor", "Laboratory", "Payment", "Pharmacy", "Screening", "X-ray", "Now", "serving",
             "Yai", "centre", "room")  # fmt: skip
    assert english_left(page(staff, f"/health/queue/{facility.code}/"), *words) == []
    assert english_left(page(staff, f"/health/tv/{facility.code}/"), *words) == []
    assert english_left(page(staff, f"/health/point/{points['Doctor room 1'].pk}/"), *words) == []


def test_iot_site_and_rule_form(staff, make_user):
    from phangnga.iot import services
    from phangnga.iot.models import Alert, AlertLevel, Rule

    site = services.create_site(Actor(), code="pig-th", kind="pig_house", name_th="โรงเรือนสุกร", name_en="Pig house",
                                lat=8.40, lon=98.46, owner=make_user("farmer"))  # fmt: skip
    device, _ = services.create_device(Actor(), site, code="ctl", name="ตัวควบคุม", channels=["temperature", "humidity"],
                                       actuators=["fan", "mist"])  # fmt: skip
    Rule.objects.create(site=site, name="พัดลมคุมอุณหภูมิ", kind="threshold", sensor=device, channel="temperature",
                        target=device, actuator="fan", params={"direction": "above", "on_at": 30, "off_at": 28},
                        last_reason="28.96 at or below 30; already off")  # fmt: skip
    for message in ("ตัวควบคุม is offline (last seen 29/11 08:31)", "ตัวควบคุม is back online",
                    "พัดลมคุมอุณหภูมิ: value 33.4 at or above alarm level 33"):  # fmt: skip
        Alert.objects.create(site=site, device=device, level=AlertLevel.WARNING, message=message)
    words = ("hysteresis", "above", "below", "already", "offline", "online", "last", "seen", "value", "alarm",
             "level", "fan", "mist", "Pig", "house")  # fmt: skip
    assert english_left(page(staff, f"/iot/sites/{site.code}/"), *words) == []
    html = page(staff, f"/iot/sites/{site.code}/rules/new")
    assert english_left(html, "temperature", "humidity", "soil_moisture", "fan", "pump", "valve", "mist", "heater",
                        "Pig", "house") == []  # fmt: skip
    assert "เครื่องทำความร้อน" in html


def test_farm_household_and_fertilizer_settings(staff, api, make_user, places):
    from phangnga.core.thai import national_id_check_digit

    first12 = "310040012345"
    body = {
        "head_name": "บุญมี รักนา", "head_national_id": first12 + str(national_id_check_digit(first12)),
        "district": "takua_thung", "subdistrict": "krasom", "moo": 4, "village": "บ้านกระโสม",
        "phone": "081-234-5678", "members": [{"name": "มาลี รักนา", "relation": "คู่สมรส", "birth_year": 1980}],
    }  # fmt: skip
    response = api(make_user("farmer")).post("/api/v1/farm/households", body)
    assert response.status_code == 201, response.content
    html = page(staff, f"/farm/households/{response.json()['id']}/")
    text = visible_text(html)
    assert "1980" not in text and "2523" in text  # the birth year in Buddhist era

    html = page(staff, "/farm/settings/")
    assert "REFERENCE" not in html and ".md" not in visible_text(html)
    assert english_left(html, "Derived", "Department", "Rubber", "GAP", "durian", "Ministry", "Finance",
                        "Replace", "Typical", "oil_palm") == []  # fmt: skip
    assert "การยางแห่งประเทศไทย" in html and "ระเบียบกระทรวงการคลัง" in html


def test_land_participation_and_account_pages(staff):
    from phangnga.land.demo import create_project

    project = create_project()
    html = page(staff, f"/land/{project.pk}/participation/")
    assert english_left(html, "Khok", "Kloi", "Municipality", "Owners", "agree", "Survey", "accepted", "plots",
                        "Treasury", "Office", "line", "asks", "review") == []  # fmt: skip
    assert f"{be_year(2020)}" in visible_text(html)

    for url in ("/accounts/password_change/", "/accounts/password_reset/", "/accounts/password_reset/done/"):
        html = page(staff, url)
        assert english_left(html, "Django", "Skip", "password", "Please", "Enter", "Your", "email") == [], url


def test_referral_detail_names_units_in_thai(staff, api, make_user, places):
    import referral_factories as factories
    from phangnga.fleet.demo import load_resources

    load_resources()
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    response = api(nurse).post("/api/v1/referrals", factories.payload(places, reason="สงสัยหลอดเลือดสมอง"))
    assert response.status_code == 201, response.content
    html = page(staff, f"/referral/{response.json()['id']}/")
    text = visible_text(html)
    assert english_left(html, "speedboat", "ambulance", "boat", "Rescue", "Hospital", "seasonal", "medical",
                        "proposed") == []  # fmt: skip
    assert "amb-" not in text and "sb-" not in text and "rb-" not in text
