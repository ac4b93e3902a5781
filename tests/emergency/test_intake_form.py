"""The dispatcher's 1669 intake form: creates a triaged incident with a plan, or shows field errors."""

from __future__ import annotations

from django.test import Client

from phangnga.emergency.models import Incident


def dispatcher_client(make_user) -> Client:
    make_user("dispatcher", username="somchai")
    c = Client()
    c.login(username="somchai", password="pw-test-123")
    return c


FORM = {
    "kind": "decompression_illness",
    "place": "dive-koh-bon",
    "patient_count": "1",
    "sea_state": "moderate",
    "reporter_name": "Dive boat captain",
    "reporter_phone": "0812345678",
    "boat_name": "Sea Dragon",
    "age": "38",
    "sex": "F",
    "nationality": "SE",
    "pr": "112",
    "spo2": "95",
    "symptoms": ["decompression_symptoms", "joint_pain_after_dive"],
    "client_id": "form-1",
}


def test_form_creates_incident_and_redirects(make_user, units):
    response = dispatcher_client(make_user).post("/emergency/intake", FORM)
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/emergency/incidents/{incident.pk}"
    assert incident.channel == "dispatcher" and incident.sea_state == "moderate"
    patient = incident.patients.get()
    assert patient.triage_level == 2 and patient.triage_incomplete  # rr, sbp, gcs not taken
    assert incident.plans.get().destination.code == "hosp-vachira"
    # the API's intake path: the audit entry written with the incident, naming the form's key
    from phangnga.core.models import AuditEntry

    entry = AuditEntry.objects.get(action="create", object_type="emergency.incident")
    assert entry.object_id == str(incident.pk) and entry.changes.get("idempotency_key") == "form-1"


def test_form_shows_field_errors(make_user, units):
    c = dispatcher_client(make_user)
    page = c.post("/emergency/intake", {**FORM, "place": "", "lat": "13.7", "lon": "100.5"})
    assert page.status_code == 200 and "outside the region" in page.content.decode()
    page = c.post("/emergency/intake", {**FORM, "pr": "400"})
    assert "impossible" in page.content.decode()
    assert not Incident.objects.exists()


def test_form_is_for_dispatchers(make_user, units):
    make_user("rescue_crew", username="anan")
    c = Client()
    c.login(username="anan", password="pw-test-123")
    assert c.get("/emergency/intake").status_code == 403


def test_web_accept_event_and_hospital_ack(make_user, units):
    from phangnga.emergency.models import PreArrivalNotice

    c = dispatcher_client(make_user)
    c.post("/emergency/intake", FORM)
    incident = Incident.objects.get()
    response = c.post(f"/emergency/incidents/{incident.pk}/accept", {"resource": "rb-khuraburi-1"})
    assert response.status_code == 302
    assert incident.plans.get(status="accepted").resource.code == "rb-khuraburi-1"
    c.post(f"/emergency/incidents/{incident.pk}/event", {"kind": "on_scene"})
    incident.refresh_from_db()
    assert incident.status == "on_scene"

    make_user("hospital_staff", facility="hosp-vachira", username="malee")
    h = Client()
    h.login(username="malee", password="pw-test-123")
    notice = PreArrivalNotice.objects.get()
    page = h.get("/emergency/hospital/").content.decode()
    assert f'data-notice="{notice.pk}"' in page
    assert h.post(f"/emergency/hospital/notices/{notice.pk}/ack").status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_at is not None


def test_a_second_submit_of_the_same_form_lands_on_the_first_incident(make_user, units):
    client = dispatcher_client(make_user)
    first = client.post("/emergency/intake", FORM)
    again = client.post("/emergency/intake", FORM)
    incident = Incident.objects.get()
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] == f"/emergency/incidents/{incident.pk}"
