"""The incident page shows a patient's triage in words: vitals with units, reasons and symptoms
labelled from the triage criteria (in Thai for Thai users), whole ages, long ETAs in hours."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from phangnga.emergency.display import duration_text, patient_display, vitals_text

PATIENT = {
    "age": 34.0,
    "vitals": {"pr": 130, "rr": 0, "spo2": 80, "sbp": 80, "gcs": 6, "temp": 35.5},
    "symptoms": ["unconscious", "not_breathing"],
    "triage_reasons": ["symptom:unconscious", "apnoea", "gcs_le_8", "resources:2", "retired_rule"],
}


def test_vitals_read_in_a_fixed_order_with_units():
    assert (
        vitals_text({"gcs": 6, "pr": 130, "spo2": 80, "temp": 35.5})
        == "PR 130/min · SpO₂ 80% · GCS 6 · T 35.5 °C"
    )
    assert vitals_text({}) == ""


def test_reasons_and_symptoms_come_from_the_criteria_in_english_and_thai():
    en = patient_display(PATIENT, "en")
    assert en["age"] == "34"
    assert en["reasons"] == [
        "Unconscious / unresponsive",
        "Respiratory rate 0 (apnoea)",
        "GCS 8 or less",
        "Expected resources: 2",
        "retired_rule",  # a code the criteria no longer have stays visible as it is
    ]
    assert en["symptoms"] == ["Unconscious / unresponsive", "Not breathing / apnoea"]
    th = patient_display(PATIENT, "th")
    assert th["reasons"][:3] == ["หมดสติ ไม่ตอบสนอง", "ไม่หายใจ (RR 0)", "GCS ≤ 8"]
    assert patient_display({"age": 0.25}, "en")["age"] == "0.25"


def test_durations():
    assert duration_text(79.6) == "80 min"
    assert duration_text(157.4) == "2 h 37 min"
    assert duration_text(30 * 60 + 5) == "1 d 6 h"
    assert duration_text(None) == "—"


@pytest.mark.django_db
def test_the_incident_page_shows_the_words_not_the_codes(api, make_user, units):
    dispatcher = make_user("dispatcher")
    body = {"lat": 8.655, "lon": 97.628, "kind": "near_drowning", "reported_at": timezone.now().isoformat(),
            "patients": [{"age": 34, "sex": "M", "nationality": "RU",
                          "vitals": {"pr": 130, "rr": 0, "spo2": 80, "sbp": 80, "gcs": 6},
                          "symptoms": ["unconscious", "not_breathing"]}]}  # fmt: skip
    created = api(dispatcher).post("/api/v1/emergency/incidents", body)
    assert created.status_code == 201, created.content
    c = Client()
    c.force_login(dispatcher)
    page = c.get(f"/emergency/incidents/{created.json()['id']}").content.decode()  # Thai, the default
    assert "PR 130/min · RR 0/min · SpO₂ 80% · SBP 80 mmHg · GCS 6" in page
    assert "ไม่หายใจ (RR 0)" in page and "gcs_le_8" not in page
    assert "อายุ 34 ·" in page and "34.0" not in page
