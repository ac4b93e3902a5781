"""Reports from the public without an account: triaged and planned like any report, marked for a
call-back, safe to retry, rate-limited per network for new reports only, with a status the
reporter's phone can poll that gives nothing away."""

from __future__ import annotations

import uuid

import pytest

from phangnga.emergency.models import Incident
from phangnga.emergency.public_help import receipt_ref

URL = "/api/v1/emergency/help"
KHAO_LAK = {"lat": 8.6366, "lon": 98.2390}  # a beach sign's coordinates


@pytest.fixture
def public(api, units):
    return api()  # anonymous (the rate limit starts fresh: conftest)


def secret_of(key: str) -> str:
    return f"the-phone's-secret-for-{key}"  # what outbox.js keeps with each report


def ref(key: str) -> str:
    return receipt_ref(key, secret_of(key))


def report(client, key=None, addr="203.0.113.5", **body):
    body = {"kind": "near_drowning", "phone": "+49 170 1234567", **KHAO_LAK, **body}
    key = key or str(uuid.uuid4())
    headers = {"Idempotency-Key": key, "Idempotency-Secret": secret_of(key)}
    return client.client.post(URL, body, content_type="application/json", headers=headers, REMOTE_ADDR=addr)


def test_an_anonymous_report_is_triaged_planned_and_marked_for_call_back(public):
    key = str(uuid.uuid4())
    response = report(public, key, signs=["not_breathing"], people=2, language="de", notes="am Strand")
    assert response.status_code == 201, response.content
    receipt = response.json()
    assert receipt["status"] == "received" and receipt["status_url"] == f"{URL}/{ref(key)}"
    incident = Incident.objects.get(pk=receipt["reference"])
    assert incident.channel == "public" and incident.created_by is None
    assert incident.client_id == f"public:{ref(key)}"
    assert incident.reporter_phone == "+49 170 1234567" and incident.patient_count == 2
    assert (
        "unverified" in incident.notes and "Language: de" in incident.notes and "am Strand" in incident.notes
    )
    assert incident.priority == 1  # "not breathing" is a level-1 sign
    assert incident.plans.count() == 1


def test_no_signs_means_unknown_severity_not_non_urgent(public):
    response = report(public, kind="missing_person")
    assert response.status_code == 201, response.content
    incident = Incident.objects.get(pk=response.json()["reference"])
    assert incident.patients.count() == 0 and incident.priority == 9


def test_a_retry_returns_the_same_report(public):
    key = str(uuid.uuid4())
    first = report(public, key)
    again = report(public, key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"]
    assert Incident.objects.filter(client_id=f"public:{ref(key)}").count() == 1


@pytest.mark.parametrize(
    ("body", "key", "field"),
    [
        ({"phone": "call me"}, None, "phone"),
        ({"phone": "12345"}, None, "phone"),
        ({"signs": ["bored"]}, None, "signs"),
        ({"kind": "decompression_illness"}, None, "kind"),
        ({"lat": 13.75, "lon": 100.5}, None, "lat"),
        ({"lat": None, "lon": None}, None, "lat"),
        ({}, "short-key", "Idempotency-Key"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(public, body, key, field):
    response = report(public, key, **body)
    assert response.status_code == 422, response.content
    assert field in str(response.json()), response.json()
    assert not Incident.objects.exists()


def test_a_missing_key_is_refused(public):
    response = public.client.post(URL, {"kind": "medical", "phone": "0812345678", **KHAO_LAK},
                                  content_type="application/json")  # fmt: skip
    assert response.status_code == 422 and "Idempotency-Key" in response.json()["fields"]


def test_new_reports_are_rate_limited_per_network_but_retries_never(public, monkeypatch):
    monkeypatch.setenv("EMERGENCY_PUBLIC_RATE", "2/10m")
    keys = [str(uuid.uuid4()) for _ in range(3)]
    assert [report(public, k).status_code for k in keys[:2]] == [201, 201]
    refused = report(public, keys[2])
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited" and "1669" in refused.json()["detail"]
    assert not Incident.objects.filter(client_id=f"public:{ref(keys[2])}").exists()
    assert report(public, keys[0]).status_code == 200  # a lost answer's retry still gets its receipt
    assert report(public, keys[2], addr="198.51.100.7").status_code == 201  # another network


def test_a_forged_forwarded_for_does_not_escape_the_limit(public, monkeypatch):
    monkeypatch.setenv("EMERGENCY_PUBLIC_RATE", "1/10m")
    first = public.client.post(URL, {"kind": "medical", "phone": "0812345678", **KHAO_LAK},
                               content_type="application/json", REMOTE_ADDR="203.0.113.9",
                               headers={"Idempotency-Key": str(uuid.uuid4()), "X-Forwarded-For": "10.0.0.1"})  # fmt: skip
    second = public.client.post(URL, {"kind": "medical", "phone": "0812345678", **KHAO_LAK},
                                content_type="application/json", REMOTE_ADDR="203.0.113.9",
                                headers={"Idempotency-Key": str(uuid.uuid4()), "X-Forwarded-For": "10.0.0.2"})  # fmt: skip
    assert (first.status_code, second.status_code) == (201, 429)


def test_the_reporter_sees_help_coming_and_nothing_else(public, api, make_user):
    key = str(uuid.uuid4())
    receipt = report(public, key, signs=["unconscious"]).json()
    reference, status_url = receipt["reference"], receipt["status_url"]
    assert public.get(status_url).json()["status"] == "received"
    assert public.get(f"{URL}/{key}").status_code == 404  # the key alone names nothing
    dispatcher = api(make_user("dispatcher"))
    posted = dispatcher.post(f"/api/v1/emergency/incidents/{reference}/events", {"kind": "dispatched"})
    assert posted.status_code in (200, 201), posted.content
    status = public.get(status_url).json()
    assert status["status"] == "help_on_the_way" and status["reference"] == reference
    assert set(status) == {"reference", "status", "reported_at"}  # no phone, unit or position
    assert public.get(f"{URL}/{uuid.uuid4()}").status_code == 404


def test_a_staff_report_cannot_be_read_through_the_public_status(public, api, make_user):
    key = str(uuid.uuid4())
    created = api(make_user("dispatcher")).post(
        "/api/v1/emergency/incidents", {"kind": "medical", **KHAO_LAK}, headers={"Idempotency-Key": key}
    )
    assert created.status_code == 201
    assert public.get(f"{URL}/{key}").status_code == 404


@pytest.mark.parametrize("lang", ["en", "zh-hans", "ru", "de"])
def test_the_help_page_speaks_the_tourists_language_without_thai_leaking_in(client, places, lang):
    """Django falls back to the default language (Thai) for a missing word: every word must be there."""
    page = client.get(f"/emergency/help?lang={lang}&lat=8.6366&lon=98.239&at=Khao+Lak").content.decode()
    main = page.split("<main>", 1)[1].split("</main>", 1)[0]
    script = page.split('id="msgs">', 1)[1].split("</script>", 1)[0]
    thai = [c for c in main + script if "\u0e00" <= c <= "\u0e7f"]
    assert not thai, "".join(thai)
    assert 'name="lat" value="8.6366"' in main  # a plain number whatever the language's decimal comma


def test_a_position_outside_the_region_is_not_offered_as_the_sign(client, places):
    page = client.get("/emergency/help?lat=13.75&lon=100.5&at=Bangkok").content.decode()
    assert 'id="signloc"' not in page and "Bangkok" not in page


def test_the_incident_page_asks_the_dispatcher_to_call_back(public, make_user):
    from django.test import Client

    reference = report(public, phone="+49 170 1234567").json()["reference"]
    c = Client()
    c.force_login(make_user("dispatcher"))
    page = c.get(f"/emergency/incidents/{reference}").content.decode()
    assert 'id="call-back"' in page and 'href="tel:+491701234567"' in page


def test_collapsed_not_breathing_is_level_1_without_ticking_a_sign(public):
    reference = report(public, kind="cardiac_arrest").json()["reference"]
    assert Incident.objects.get(pk=reference).priority == 1
