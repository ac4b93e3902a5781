"""The receiving hospital's pre-arrival notice reads like a clinical hand-over: triage level with its
name, age in years, sex in words, symptoms in words, vital signs with labels and units, what the
patient needs; in Thai by default and in English, on the page and in the API's hand-over text. No
stored codes or Python dicts reach the reader."""

from __future__ import annotations

import pytest
from django.test import Client

from phangnga.emergency.display import age_text, handover_vitals, needs_text

URL = "/api/v1/emergency/incidents"
PATIENT = {
    "age": 34,
    "sex": "M",
    "nationality": "RU",
    "vitals": {"pr": 130, "rr": 6, "spo2": 80, "sbp": 80, "dbp": 50, "gcs": 6, "temp": 35.5},
    "symptoms": ["unconscious", "near_drowning_symptoms"],
}
CODES = ("'pr'", "{'", "unconscious", "near_drowning_symptoms", "spo2", " M ", "surgery+icu", "None")


@pytest.fixture
def notice(api, make_user, units):
    dispatcher = api(make_user("dispatcher"))
    body = {"kind": "near_drowning", "place": "beach-khaolak", "patients": [PATIENT]}
    pk = dispatcher.post(URL, body).json()["id"]
    plan = dispatcher.post(f"{URL}/{pk}/plan/accept", {}).json()
    hospital = plan["destination"]["code"]
    nurse = make_user("hospital_staff", facility=hospital, username="er-nurse")
    return pk, nurse


def page(lang: str) -> str:
    client = Client()
    client.login(username="er-nurse", password="pw-test-123")
    if lang != "th":
        client.cookies["django_language"] = lang
    response = client.get("/emergency/hospital/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("data-notice=") :]


def test_the_notice_page_in_thai_reads_as_a_handover(notice):
    html = page("th")
    assert "34 ปี" in html and "ชาย" in html
    assert "หมดสติ ไม่ตอบสนอง" in html and "จมน้ำมีอาการ" in html
    for label, value in (("ชีพจร", "130 ครั้ง/นาที"), ("อัตราการหายใจ", "6 ครั้ง/นาที"), ("SpO₂", "80 %"),
                         ("ความดันโลหิต", "80/50 mmHg"), ("GCS (ระดับความรู้สึกตัว)", "6 /15"),
                         ("อุณหภูมิ", "35.5 °C")):  # fmt: skip
        assert f'<th scope="row">{label}</th><td>{value}</td>' in html
    assert "ระดับคัดแยก 1: วิกฤต" in html
    assert not any(code in html for code in CODES), [c for c in CODES if c in html]


def test_the_notice_page_in_english(notice):
    html = page("en")
    assert "34 years" in html and "male" in html
    assert "Unconscious / unresponsive" in html and '<th scope="row">Pulse</th><td>130 /min</td>' in html
    assert "Triage level 1: Resuscitation" in html
    assert not any(code in html for code in CODES), [c for c in CODES if c in html]


def test_the_api_gives_the_handover_text_with_the_codes_for_machines(notice, api):
    from phangnga.core.models import User

    _, nurse = notice
    item = api(User.objects.get(pk=nurse.pk)).get("/api/v1/emergency/notices").json()[0]
    assert item["summary"]["patients"][0]["symptoms"] == PATIENT["symptoms"]  # codes stay for machines
    text = item["handover"]
    assert text.splitlines()[1].startswith("ผู้ป่วย 1: ระดับ 1 วิกฤต")
    assert "34 ปี, ชาย" in text and "ชีพจร 130 ครั้ง/นาที" in text and "ต้องการ:" in text
    assert "{" not in text and "unconscious" not in text


def test_words_for_ages_needs_and_partial_blood_pressure():
    assert (
        age_text(0.25, "en") == "3 months"
        and age_text(1, "en") == "1 year"
        and age_text(None, "th") == "ไม่ทราบอายุ"
    )
    assert needs_text("surgery+icu", "en") == "Surgery, Intensive care"
    assert needs_text("hyperbaric", "th").startswith("ห้องปรับบรรยากาศ")
    assert handover_vitals({"sbp": 90}, "en") == [("Blood pressure", "90/– mmHg")]
