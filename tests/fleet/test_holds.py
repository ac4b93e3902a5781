"""A unit works one job at a time: fleet.holds refuses a unit that is not offered, the table
refuses a second open hold even past the code, and a dispatcher's diversion releases the old
hold explicitly and says so on the old incident's timeline."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from phangnga.fleet import holds, registry
from phangnga.fleet.models import Hold, Holder, ResourceStatus

URL = "/api/v1/emergency/incidents"


def _status(code: str) -> str:
    return registry.unit(code).status


def test_hold_takes_an_offered_unit_once(units):
    now = timezone.now()
    boat = units["rb-thaplamu-1"]
    first = holds.hold(boat, Holder.REFERRAL, 7, "boat", now)
    assert first is not None and _status(boat.code) == ResourceStatus.DISPATCHED
    # Held (and so no longer available): nobody else gets it, not even the same job again.
    assert holds.hold(registry.unit(boat.code), Holder.INCIDENT, 1, "boat", now) is None
    assert registry.holders(Holder.REFERRAL) == {boat.code: 7}
    assert holds.release(Holder.REFERRAL, 7, now) == [boat.code]
    assert _status(boat.code) == ResourceStatus.AVAILABLE
    assert holds.hold(registry.unit(boat.code), Holder.INCIDENT, 1, "boat", now) is not None


def test_hold_refuses_out_of_season_and_out_of_service(units):
    similan = units["mu-similan"]  # in season 15 Oct - 15 May
    july = timezone.make_aware(datetime(2026, 7, 1, 10, 0))
    assert holds.hold(similan, Holder.REFERRAL, 1, "boat", july) is None
    holds.set_status(units["sb-chonglad"], ResourceStatus.OUT_OF_SERVICE)
    assert holds.hold(registry.unit("sb-chonglad"), Holder.REFERRAL, 1, "boat", timezone.now()) is None
    assert not Hold.objects.exists()


def test_the_database_refuses_a_second_open_hold(units):
    now = timezone.now()
    boat = units["rb-thaplamu-2"]
    Hold.objects.create(resource=boat, holder=Holder.INCIDENT, holder_id=1, role="boat", held_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Hold.objects.create(resource=boat, holder=Holder.REFERRAL, holder_id=2, role="boat", held_at=now)
    # A released hold does not count.
    Hold.objects.filter(holder_id=1).update(released_at=now)
    Hold.objects.create(resource=boat, holder=Holder.REFERRAL, holder_id=2, role="boat", held_at=now)


def test_advance_leaves_a_unit_taken_out_of_service_unless_told(units):
    now = timezone.now()
    boat, amb = units["hb-kohyao"], units["amb-kohyao"]
    holds.hold(boat, Holder.REFERRAL, 3, "boat", now)
    holds.hold(amb, Holder.REFERRAL, 3, "ambulance", now)
    holds.set_status(registry.unit(amb.code), ResourceStatus.OUT_OF_SERVICE)
    assert holds.advance(Holder.REFERRAL, 3, ResourceStatus.TRANSPORTING) == [boat.code]
    assert _status(amb.code) == ResourceStatus.OUT_OF_SERVICE
    holds.advance(Holder.REFERRAL, 3, ResourceStatus.AT_HOSPITAL, working_only=False)
    assert _status(amb.code) == ResourceStatus.AT_HOSPITAL


def _incident(client, lat=8.60, lon=98.20) -> int:
    body = {
        "kind": "near_drowning",
        "lat": lat,
        "lon": lon,
        "reported_at": timezone.now().isoformat(),
        "patients": [{"age": 30}],
    }
    return client.post(URL, body).json()["id"]


def test_a_dispatcher_diverts_a_boat_to_a_worse_incident(api, make_user, units):
    """Before the fleet app a dispatcher could already send a boat working one incident to
    another (both assignments then stayed open). That stays possible; the first incident's hold
    is now released and its timeline says where the boat went."""
    dispatcher = api(make_user("dispatcher"))
    crew = make_user("rescue_crew")
    units["rb-thaplamu-1"].crew.add(crew)
    first = _incident(dispatcher)
    assert dispatcher.post(f"{URL}/{first}/plan/accept", {"resource": "rb-thaplamu-1"}).status_code == 200
    worse = _incident(dispatcher, 8.62, 98.19)
    response = dispatcher.post(f"{URL}/{worse}/plan/accept", {"resource": "rb-thaplamu-1"})
    assert response.status_code == 200, response.content

    boat_holds = Hold.objects.filter(resource__code="rb-thaplamu-1").order_by("id")
    assert [(h.holder_id, h.released_at is None) for h in boat_holds] == [(first, False), (worse, True)]
    assert boat_holds[0].note == f"diverted to incident {worse}"
    assert _status("rb-thaplamu-1") == ResourceStatus.DISPATCHED

    old = dispatcher.get(f"{URL}/{first}").json()
    diverted = [e for e in old["events"] if e["kind"] == "unit_diverted"]
    assert len(diverted) == 1 and diverted[0]["resource"] == "rb-thaplamu-1"
    assert f"#{worse}" in diverted[0]["note"] and diverted[0]["label"] not in ("", "unit_diverted")
    assert {r["code"]: r["released"] for r in old["resources"]}["rb-thaplamu-1"] is True
    # The diversion is no step: the first incident still stands at "dispatched".
    step = dispatcher.post(f"{URL}/{first}/events", {"kind": "en_route"})
    assert step.status_code == 201, step.content

    # The crew sees both incidents (their boat worked the first), and records steps on both.
    mine = api(crew)
    assert mine.get(f"{URL}/{first}").status_code == 200
    assert mine.post(f"{URL}/{worse}/events", {"kind": "en_route"}).status_code == 201

    # Closing the first incident no longer frees the boat the worse one is using.
    assert dispatcher.post(f"{URL}/{first}/events", {"kind": "closed"}).status_code == 201
    assert _status("rb-thaplamu-1") == ResourceStatus.DISPATCHED
    assert registry.holders(Holder.INCIDENT)["rb-thaplamu-1"] == worse


def test_a_dispatcher_takes_a_boat_from_a_referral(api, make_user, units):
    now = timezone.now() - timedelta(minutes=5)
    holds.hold(units["sb-chonglad"], Holder.REFERRAL, 42, "boat", now)
    dispatcher = api(make_user("dispatcher"))
    incident = _incident(dispatcher, 8.20, 98.60)
    response = dispatcher.post(f"{URL}/{incident}/plan/accept", {"resource": "sb-chonglad"})
    assert response.status_code == 200, response.content
    taken = Hold.objects.get(holder=Holder.REFERRAL, holder_id=42)
    assert taken.released_at is not None and taken.note == f"diverted to incident {incident}"
    assert registry.holders(Holder.REFERRAL) == {}
    assert registry.holders(Holder.INCIDENT)["sb-chonglad"] == incident
