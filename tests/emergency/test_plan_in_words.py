"""The incident page tells the plan in the dispatcher's words, Thai by default or English: the
unit's approach apart from the patient's journey, with clock times, and no routing jargon."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

JARGON = ("navigable water", "(sea access)", "origin", "hospital_boat", "rescue_boat", "access origin")


@pytest.fixture
def donald_duck_incident(api, make_user, units):
    user = make_user("dispatcher", username="disp")
    body = {"kind": "near_drowning", "lat": 8.654, "lon": 97.642, "patients": [{"age": 34, "vitals": {"rr": 0}}],
            "reported_at": timezone.now().isoformat()}  # fmt: skip
    response = api(user).post("/api/v1/emergency/incidents", body)
    assert response.status_code == 201
    web = Client()
    web.force_login(user)
    return web, response.json()["id"]


def plan_section(html: str) -> str:
    return html[html.index('id="plan-map"') : html.index("Timeline") if "Timeline" in html else None]


def test_english_plan_in_words(donald_duck_incident):
    web, pk = donald_duck_incident
    web.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = web.get(f"/emergency/incidents/{pk}").content.decode()
    assert "Units on their way" in html and "Patient's journey" in html
    assert (
        "Similan seasonal medical unit leaves" in html
        and "Similan seasonal medical unit at the patient" in html
    )
    assert "patient carried to the shore" in html and "by speedboat to" in html
    section = plan_section(html).split("</script>", 1)[1]  # past the map's leg data
    for word in JARGON:
        assert word not in section, word


def test_thai_plan_in_words(donald_duck_incident):
    web, pk = donald_duck_incident
    html = web.get(f"/emergency/incidents/{pk}").content.decode()
    assert 'lang="th"' in html
    assert "ถึงตัวผู้ป่วย" in html and "เคลื่อนย้ายผู้ป่วยไปยังชายฝั่ง" in html and "โดยเรือเร็วไป" in html
    assert "ท่าเรือ" in html  # the landing pier by its Thai registry name
    assert "หน่วยแพทย์ฉุกเฉินตามฤดูกาล หมู่เกาะสิมิลัน ถึงตัวผู้ป่วย" in html  # the unit's Thai name
    section = plan_section(html).split("</script>", 1)[1]
    for word in JARGON:
        assert word not in section, word
    assert "ห้องฉุกเฉินที่ใกล้ที่สุด" in html and "nearest emergency department" not in html  # why this hospital


@pytest.mark.parametrize(
    "kind, levels, symptoms",
    [("decompression_illness", [2], set()), ("trauma", [1], set()), ("near_drowning", [1], set())],
)
def test_every_reason_for_the_hospital_is_said_in_thai(kind, levels, symptoms):
    from phangnga.emergency.plan_display import DESTINATION_WHY_TH
    from phangnga.emergency.planning import needed_capability

    _, why = needed_capability(kind, levels, symptoms)
    assert DESTINATION_WHY_TH[why]
