"""Arranging transport takes the planned boat and ambulance off the registry's free list the
way emergency dispatch does; handing over, completing, cancelling or declining gives them back."""

import pytest

import referral_factories as factories
from phangnga.core.audit import Actor
from phangnga.fleet.models import Resource, ResourceStatus


def _status(code: str) -> str:
    return Resource.objects.get(code=code).status


@pytest.fixture
def sides(api, make_user, places, fleet):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    referral = api(nurse).post("/api/v1/referrals", factories.payload(places)).json()
    hospital = make_user("hospital_staff", facility=referral["destination"]["code"])
    origin, dest = api(nurse), api(hospital)
    assert dest.post(f"/api/v1/referrals/{referral['id']}/events", {"state": "accepted"}).status_code == 200
    return referral, origin, dest


def _event(client, rid, state, **extra):
    response = client.post(f"/api/v1/referrals/{rid}/events", {"state": state, **extra})
    assert response.status_code == 200, response.content
    return response.json()


def test_arranging_marks_the_units_and_handing_over_releases_them(places, sides):
    referral, origin, dest = sides
    rid, boat, amb = referral["id"], referral["plan"]["unit"]["code"], referral["plan"]["ambulance"]["code"]
    body = _event(origin, rid, "transport_arranged")
    assert _status(boat) == ResourceStatus.DISPATCHED and _status(amb) == ResourceStatus.DISPATCHED
    assert {(u["role"], u["code"]) for u in body["units"]} == {("boat", boat), ("ambulance", amb)}
    assert body["events"][-1]["data"]["boat"] == boat
    # A unit busy with this referral is not offered to another referral's plan.
    other = origin.post("/api/v1/referrals", factories.payload(places)).json()
    assert all((o["unit"] or {}).get("code") != boat for o in [other["plan"], *other["plan"]["alternatives"]])
    held = {u["code"]: u for u in other["plan"]["availability"]["unavailable"]}
    assert held[boat]["reason_code"] == "referral" and held[boat]["referral"] == rid
    _event(origin, rid, "departed")
    assert _status(boat) == ResourceStatus.TRANSPORTING
    _event(dest, rid, "arrived")
    assert _status(boat) == ResourceStatus.AT_HOSPITAL
    body = _event(dest, rid, "handed_over")
    assert _status(boat) == ResourceStatus.AVAILABLE and _status(amb) == ResourceStatus.AVAILABLE
    assert all(u["released_at"] for u in body["units"])
    _event(dest, rid, "completed")
    assert _status(boat) == ResourceStatus.AVAILABLE


def test_cancelling_releases_the_units(sides):
    referral, origin, _dest = sides
    rid, boat = referral["id"], referral["plan"]["unit"]["code"]
    _event(origin, rid, "transport_arranged")
    assert _status(boat) == ResourceStatus.DISPATCHED
    _event(origin, rid, "cancelled", reason="patient improved")
    assert _status(boat) == ResourceStatus.AVAILABLE


def test_a_decline_after_arrangement_releases_the_units(sides):
    referral, origin, dest = sides
    rid, boat = referral["id"], referral["plan"]["unit"]["code"]
    _event(origin, rid, "transport_arranged")
    body = _event(dest, rid, "declined", reason="CT down")
    assert body["state"] == "requested" and _status(boat) == ResourceStatus.AVAILABLE


def test_a_planned_boat_taken_meanwhile_is_replanned_for_the_same_destination(sides):
    referral, origin, _dest = sides
    rid, boat = referral["id"], referral["plan"]["unit"]["code"]
    Resource.objects.filter(code=boat).update(status=ResourceStatus.DISPATCHED)  # an emergency took it
    body = _event(origin, rid, "transport_arranged")
    assert body["destination"]["code"] == referral["destination"]["code"]
    new_boat = body["plan"]["unit"]["code"]
    assert new_boat != boat and _status(new_boat) == ResourceStatus.DISPATCHED
    assert body["events"][-1]["data"]["replanned"] is True
    assert _status(boat) == ResourceStatus.DISPATCHED  # still the emergency's


def test_a_unit_taken_out_of_service_during_the_trip_stays_out(sides):
    referral, origin, dest = sides
    rid, boat = referral["id"], referral["plan"]["unit"]["code"]
    _event(origin, rid, "transport_arranged")
    _event(origin, rid, "departed")
    Resource.objects.filter(code=boat).update(status=ResourceStatus.OUT_OF_SERVICE)  # engine failure
    _event(dest, rid, "arrived")
    _event(dest, rid, "handed_over")
    assert _status(boat) == ResourceStatus.OUT_OF_SERVICE


def test_the_page_shows_the_unit_or_the_no_unit_flag(make_user, places, fleet):
    from datetime import date

    from django.test import Client

    from phangnga.referral import services

    def payload():
        data = factories.payload(places)
        data["patient"]["birth_date"] = date(1961, 4, 2)
        return data

    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    client = Client()
    client.force_login(nurse)
    r = services.create_referral(Actor(nurse), payload())
    page = client.get(f"/referral/{r.id}/").content.decode()
    assert f'data-unit="{r.plan["unit"]["code"]}"' in page and 'data-flag="no_unit_available"' not in page
    Resource.objects.filter(kind__in=["hospital_boat", "rescue_boat", "speedboat", "medical_unit"]).update(
        status=ResourceStatus.OUT_OF_SERVICE
    )
    r2 = services.create_referral(Actor(nurse), payload())
    assert r2.plan["no_unit_available"] is True
    page = client.get(f"/referral/{r2.id}/").content.decode()
    assert 'data-flag="no_unit_available"' in page
