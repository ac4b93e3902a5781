"""An Idempotency-Key replay never returns someone else's record: a staff key is its caller's, a
public report's key needs the secret the phone holds, the same key with another body is 409
naming the key, a replay is audited, and the demo data's keys cannot be guessed."""

from __future__ import annotations

import uuid

import pytest

from phangnga.core.models import AuditEntry
from phangnga.emergency.models import Incident, IncidentEvent

URL = "/api/v1/emergency/incidents"
HELP = "/api/v1/emergency/help"
SIMILAN = {"lat": 8.655, "lon": 97.628}


@pytest.fixture
def dispatcher(api, make_user, units):
    return api(make_user("dispatcher"))


def dispatcher_report(dispatcher, key):
    body = {
        "kind": "near_drowning",
        **SIMILAN,
        "reporter_phone": "081-999-0000",
        "patients": [{"age": 34, "vitals": {"pr": 130, "rr": 0, "spo2": 80}, "symptoms": ["unconscious"]}],
    }
    response = dispatcher.post(URL, body, headers={"Idempotency-Key": key})
    assert response.status_code == 201, response.content
    return body, response.json()


def test_a_farmers_token_replaying_a_dispatchers_key_gets_nothing_of_theirs(dispatcher, api, make_user):
    _, theirs = dispatcher_report(dispatcher, "live-1")
    farmer = api(make_user("farmer"))
    assert farmer.get(f"{URL}/{theirs['id']}").status_code == 404  # hidden reads as missing
    attack = farmer.post(
        URL, {"kind": "trauma", "lat": 8.64, "lon": 98.25}, headers={"Idempotency-Key": "live-1"}
    )
    assert attack.status_code == 403, attack.content  # staff intake is for dispatch staff and crews
    assert "081-999-0000" not in attack.content.decode()


def test_a_crews_token_replaying_a_dispatchers_key_gets_a_report_of_its_own(dispatcher, api, make_user):
    """A crew may report, but cannot read the dispatcher's incident: the same key is a new report."""
    _, theirs = dispatcher_report(dispatcher, "live-1c")
    crew = api(make_user("rescue_crew"))
    assert crew.get(f"{URL}/{theirs['id']}").status_code in (403, 404)
    attack = crew.post(
        URL, {"kind": "trauma", "lat": 8.64, "lon": 98.25}, headers={"Idempotency-Key": "live-1c"}
    )
    assert attack.status_code == 201, attack.content
    assert attack.json()["id"] != theirs["id"]
    assert "081-999-0000" not in attack.content.decode()
    assert Incident.objects.get(pk=theirs["id"]).kind == "near_drowning"


def test_the_same_key_with_another_body_is_409_and_a_replay_is_audited(dispatcher):
    body, first = dispatcher_report(dispatcher, "live-2")
    again = dispatcher.post(URL, body, headers={"Idempotency-Key": "live-2"})
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    replay = AuditEntry.objects.get(action="read", object_id=str(first["id"]), summary__contains="replay")
    assert replay.changes == {"replay": "live-2"}

    other = dispatcher.post(URL, {**body, "kind": "trauma"}, headers={"Idempotency-Key": "live-2"})
    assert other.status_code == 409, other.content
    error = other.json()
    assert error["error"] == "idempotency_key_reused" and "live-2" in error["detail"]
    assert "Idempotency-Key" in error["fields"]
    assert Incident.objects.count() == 1


def test_a_timeline_key_is_its_callers_and_bound_to_its_incident(dispatcher, api, make_user):
    _, one = dispatcher_report(dispatcher, "inc-a")
    _, two = dispatcher_report(dispatcher, "inc-b")
    step = {"kind": "dispatched"}
    first = dispatcher.post(f"{URL}/{one['id']}/events", step, headers={"Idempotency-Key": "ev-1"})
    assert first.status_code == 201, first.content
    moved = dispatcher.post(f"{URL}/{two['id']}/events", step, headers={"Idempotency-Key": "ev-1"})
    assert moved.status_code == 409 and "ev-1" in moved.json()["detail"]
    colleague = api(make_user("dispatcher"))
    own = colleague.post(f"{URL}/{two['id']}/events", step, headers={"Idempotency-Key": "ev-1"})
    assert own.status_code == 201, own.content  # the colleague's own key: a step of their own
    assert IncidentEvent.objects.filter(kind="dispatched").count() == 2


def public_report(client, key, secret=None, **over):
    headers = {"Idempotency-Key": key}
    if secret:
        headers["Idempotency-Secret"] = secret
    body = {"kind": "near_drowning", "phone": "+49 170 1234567", "lat": 8.6366, "lon": 98.239, **over}
    return client.client.post(HELP, body, content_type="application/json", headers=headers)


def test_a_public_key_without_its_secret_never_returns_the_report(api, units):
    phone, attacker = api(), api()
    key, secret = str(uuid.uuid4()), str(uuid.uuid4())
    first = public_report(phone, key, secret)
    assert first.status_code == 201, first.content
    assert public_report(phone, key, secret).json()["reference"] == first.json()["reference"]
    assert attacker.get(f"{HELP}/{key}").status_code == 404  # the key alone names no status either
    for guess in (None, str(uuid.uuid4())):
        stolen = public_report(attacker, key, guess)
        assert stolen.status_code == 201, stolen.content  # at most a new report of their own
        assert stolen.json()["reference"] != first.json()["reference"]
    changed = public_report(phone, key, secret, kind="trauma")
    assert changed.status_code == 409 and key in changed.json()["detail"]


def test_demo_keys_cannot_be_guessed(places, units, make_user, settings):
    from phangnga.emergency import demo_live as demo

    make_user("dispatcher", username="dispatcher")
    demo.live_incidents({})
    keys = list(Incident.objects.values_list("client_id", flat=True))
    assert len(keys) == 5 and all(keys)
    assert not [k for k in keys if "demo" in k]
    assert demo.demo_key("demo-live-1") != demo.demo_key("demo-live-2")
    settings.SECRET_KEY = "another deployment"
    assert demo.demo_key("demo-live-1") not in "".join(keys)  # a deployment's keys are its own
