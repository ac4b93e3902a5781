"""On arrival the boat trip's fuel is proposed to the fund by itself, exactly once; paying it
still needs the health officer (and an overdraft approval when the fund is short)."""

from datetime import date
from decimal import Decimal

import referral_factories as factories
from phangnga.core.audit import Actor
from phangnga.referral import fund
from phangnga.referral.models import FuelTrip, ProgrammeConfig


def _walk(api, make_user, places, origin="rpst-phru-nai", capability="ct"):
    nurse = make_user("referral_nurse", facility=origin)
    referral = api(nurse).post("/api/v1/referrals", factories.payload(places, origin, capability=capability))
    assert referral.status_code == 201, referral.content
    referral = referral.json()
    hospital = api(make_user("hospital_staff", facility=referral["destination"]["code"]))
    rid = referral["id"]
    for client, state in (
        (hospital, "accepted"),
        (api(nurse), "transport_arranged"),
        (api(nurse), "departed"),
    ):
        assert client.post(f"/api/v1/referrals/{rid}/events", {"state": state}).status_code == 200
    return rid, hospital


def test_arrival_proposes_the_fuel_once(api, make_user, places, fleet):
    ProgrammeConfig.objects.update_or_create(pk=1, defaults={"fuel_price_per_litre": Decimal("35.50")})
    rid, hospital = _walk(api, make_user, places)
    assert not FuelTrip.objects.filter(referral_id=rid).exists()
    arrived = hospital.post(f"/api/v1/referrals/{rid}/events", {"state": "arrived"})
    assert arrived.status_code == 200
    trip = FuelTrip.objects.get(referral_id=rid)
    plan = arrived.json()["plan"]
    config = ProgrammeConfig.get()
    km = fund.boat_km(plan)
    assert km > 0 and trip.distance_km == Decimal(str(km))
    assert trip.boat == plan["boat"] and trip.price_per_litre == Decimal("35.50")
    assert trip.litres == (Decimal(str(km)) * Decimal(str(config.l_per_km(plan["boat"])))).quantize(
        Decimal("0.01")
    )
    assert trip.cost == (trip.litres * trip.price_per_litre).quantize(Decimal("0.01"))
    assert trip.status == FuelTrip.PROPOSED  # the officer still approves it
    assert arrived.json()["events"][-1]["data"]["fuel_trip"] == trip.id
    # The phone retries the arrival: a no-op answered with the referral as it is, still one trip.
    again = hospital.post(f"/api/v1/referrals/{rid}/events", {"state": "arrived"})
    assert again.status_code == 200 and again.json()["state"] == "arrived"
    assert FuelTrip.objects.filter(referral_id=rid).count() == 1
    # The manual button/API returns the same proposal.
    assert fund.propose_from_referral(Actor(), FuelTrip.objects.get(pk=trip.id).referral).id == trip.id


def test_the_approval_rules_still_hold(api, make_user, places, fleet):
    rid, hospital = _walk(api, make_user, places)
    hospital.post(f"/api/v1/referrals/{rid}/events", {"state": "arrived"})
    trip = FuelTrip.objects.get(referral_id=rid)
    officer = api(make_user("health_officer", facility="hosp-phangnga"))
    refused = officer.post(f"/api/v1/referrals/fuel/trips/{trip.id}/approve")
    assert refused.status_code == 409 and refused.json()["error"] == "insufficient_funds"
    fund.contribute(Actor(), date(2020, 1, 1), "Ko Yao SAO", trip.cost)
    assert officer.post(f"/api/v1/referrals/fuel/trips/{trip.id}/approve").json()["status"] == "approved"


def test_a_road_only_referral_burns_no_boat_fuel(api, make_user, places, fleet):
    rid, hospital = _walk(api, make_user, places, origin="hosp-thapput", capability="ct")
    response = hospital.post(f"/api/v1/referrals/{rid}/events", {"state": "arrived"})
    assert response.status_code == 200
    assert fund.boat_km(response.json()["plan"]) == 0
    assert not FuelTrip.objects.filter(referral_id=rid).exists()
