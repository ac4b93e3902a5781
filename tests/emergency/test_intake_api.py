"""POST /api/v1/emergency/incidents: the issue's example, idempotent retries, and bad input naming the field."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from phangnga.core.models import AuditEntry
from phangnga.emergency.models import EventKind, Incident, OutboxMessage

URL = "/api/v1/emergency/incidents"


def example(**over):
    body = {
        "lat": 8.655,
        "lon": 97.628,
        "kind": "near_drowning",
        "reported_at": timezone.localtime().replace(microsecond=0).isoformat(),
        "patients": [
            {
                "age": 34,
                "sex": "M",
                "nationality": "RU",
                "vitals": {"pr": 130, "rr": 0, "spo2": 80, "sbp": 80, "gcs": 6},
                "symptoms": ["unconscious", "not_breathing"],
            }
        ],
    }
    body.update(over)
    return body


@pytest.fixture
def dispatcher_api(api, make_user, units):
    return api(make_user("dispatcher"))


def test_issue_example_gives_triage_1_and_a_plan(dispatcher_api):
    response = dispatcher_api.post(URL, example(), headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"]
    assert body["patients"][0]["triage"] == 1
    assert "symptom:not_breathing" in body["patients"][0]["triage_reasons"]
    plan = body["plan"]
    assert plan["destination"]["code"].startswith("hosp-")
    assert plan["legs"] and {"mode", "from", "to", "duration_min"} <= set(plan["legs"][0])
    assert plan["eta_min"] > 0
    assert plan["meets_target"] == (plan["eta_min"] <= 80)
    # Similan incident: a boat goes, lands at a pier, an ambulance takes the patient on.
    modes = [leg["mode"] for leg in plan["legs"]]
    assert "sea" in modes and "road" in modes
    assert plan["pier"] is not None
    assert [e["kind"] for e in body["events"]] == [EventKind.CALL_RECEIVED]


def test_retry_with_same_key_returns_same_incident(dispatcher_api):
    key = str(uuid.uuid4())
    body = example()  # built once: example() stamps the current second, and a retry resends the same bytes
    first = dispatcher_api.post(URL, body, headers={"Idempotency-Key": key})
    again = dispatcher_api.post(URL, body, headers={"Idempotency-Key": key})
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert Incident.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_retry_with_same_client_id_returns_same_incident(dispatcher_api):
    cid = str(uuid.uuid4())
    body = example(client_id=cid)
    ids = {dispatcher_api.post(URL, body).json()["id"] for _ in range(3)}
    assert len(ids) == 1 and Incident.objects.count() == 1


def test_different_keys_make_different_incidents(dispatcher_api):
    a = dispatcher_api.post(URL, example(), headers={"Idempotency-Key": "a-1"}).json()["id"]
    b = dispatcher_api.post(URL, example(), headers={"Idempotency-Key": "b-1"}).json()["id"]
    assert a != b


@pytest.mark.parametrize(
    "over, field",
    [
        ({"lat": 13.75, "lon": 100.5}, "lat"),
        ({"lat": 8.6, "lon": 101.0}, "lon"),
        ({"lat": None, "lon": None, "place": "no-such-place"}, "place"),
        ({"kind": "shark_attack"}, "kind"),
        ({"patients": [{"age": 30, "vitals": {"pr": 400}}]}, "patients.0.vitals.pr"),
        ({"patients": [{"age": 30, "vitals": {"spo2": 130}}]}, "patients.0.vitals.spo2"),
        ({"patients": [{"age": 200}]}, "patients.0.age"),
        ({"patients": [{"age": 30, "symptoms": ["flying"]}]}, "patients.0.symptoms"),
        ({"patients": [{"age": 30, "vitals": {"bp": 120}}]}, "patients.0.vitals.bp"),
        ({"reported_at": (timezone.now() + timedelta(hours=3)).isoformat()}, "reported_at"),
    ],
)
def test_bad_input_is_422_naming_the_field(dispatcher_api, over, field):
    response = dispatcher_api.post(URL, example(**over))
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"], response.json()
    assert Incident.objects.count() == 0


def test_missing_vitals_triage_from_what_is_given_flagged_incomplete(dispatcher_api):
    body = example(
        patients=[{"age": 40, "symptoms": ["decompression_symptoms"]}], kind="decompression_illness"
    )
    p = dispatcher_api.post(URL, body).json()["patients"][0]
    assert p["triage"] == 2
    assert p["incomplete"] is True
    assert set(p["missing"]) >= {"pr", "rr", "spo2"}


def test_place_instead_of_gps(dispatcher_api, places):
    body = example(lat=None, lon=None, place="beach-nangthong")
    data = dispatcher_api.post(URL, body).json()
    assert data["place"]["code"] == "beach-nangthong"
    assert (data["lat"], data["lon"]) == (places["beach-nangthong"].lat, places["beach-nangthong"].lon)


def test_anonymous_cannot_report(api, units):
    assert api().post(URL, example()).status_code == 401


def test_read_is_audited_and_needs_a_right(dispatcher_api, api, make_user):
    incident_id = dispatcher_api.post(URL, example()).json()["id"]
    assert dispatcher_api.get(f"{URL}/{incident_id}").status_code == 200
    assert AuditEntry.objects.filter(action="read", object_id=str(incident_id)).exists()
    stranger = api(make_user("farmer"))
    assert stranger.get(f"{URL}/{incident_id}").status_code == 404  # hidden reads as missing


def test_reported_at_is_stored_in_utc(dispatcher_api):
    data = dispatcher_api.post(URL, example(reported_at="2026-01-05T10:20:00+07:00")).json()
    assert datetime.fromisoformat(data["reported_at"]) == datetime.fromisoformat("2026-01-05T03:20:00+00:00")


def test_reports_written_in_one_batch_with_a_repeated_key_share_one_incident(units, make_user):
    """Group commit: a retry that lands in the same batch as its original is not a second
    incident; a retry after the batch committed gets the recorded one."""
    from phangnga.emergency import intake, reports
    from phangnga.emergency.models import Incident

    user = make_user("dispatcher")
    body = {
        "kind": "marine_sting",
        "place": "beach-khaolak",
        "patients": [{"age": 30, "symptoms": ["sting"]}],
    }

    def job(key):
        return reports.IntakeJob(reports.prepare_incident(dict(body)), user, "api", key)

    first, retry, other = intake._write([job("k-1"), job("k-1"), job("k-2")])
    assert first.created and other.created and not retry.created
    assert retry.incident.pk == first.incident.pk != other.incident.pk
    assert Incident.objects.count() == 2

    (late,) = intake._write([job("k-1")])
    assert not late.created and late.incident.pk == first.incident.pk
    assert Incident.objects.count() == 2
