"""Fuel fund service: contributions, trips proposed from referrals, approvals, statements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from phangnga.core.audit import Actor, record
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.thai import fiscal_year_bounds

from . import ledger
from .models import FuelContribution, FuelTrip, ProgrammeConfig, Referral


def entries(exclude_trip: int | None = None) -> list[ledger.Entry]:
    """The ledger: contributions in, approved trips out."""
    out = [ledger.Entry(c.date, c.amount, f"+ {c.contributor}") for c in FuelContribution.objects.all()]
    out += [
        ledger.Entry(
            t.date,
            -t.cost,
            f"- trip {t.boat} {t.distance_km} km"
            + (f" (referral #{t.referral_id})" if t.referral_id else ""),
        )
        for t in FuelTrip.objects.filter(status=FuelTrip.APPROVED).exclude(pk=exclude_trip)
    ]
    return out


def balance(until: date | None = None) -> Decimal:
    return ledger.balance(entries(), until)


@transaction.atomic
def contribute(
    actor: Actor, day: date, contributor: str, amount: Decimal, note: str = "", client_id: str = ""
) -> FuelContribution:
    if amount <= 0:
        raise FieldError("amount", "must be more than 0")
    if not contributor.strip():
        raise FieldError("contributor", "required")
    contribution = FuelContribution.objects.create(
        date=day, contributor=contributor.strip(), amount=amount, note=note, client_id=client_id
    )
    record(actor, "create", contribution, summary=f"fuel contribution {contribution.amount}")
    return contribution


def sea_km(plan: dict, role: str = "patient") -> float:
    """Boat kilometres of the plan's legs with this role (the patient's, or the boat's own
    approach to the pick-up, `boat_approach`)."""
    return sum(
        float(leg.get("distance_km") or 0)
        for leg in plan.get("legs", [])
        if leg.get("mode") in ("sea", "river") and leg.get("role", "patient") == role
    )


def boat_km(plan: dict) -> float:
    """What the boat sails for one referral: its approach to the patient, the patient's boat
    legs, and the same way back empty."""
    return round(sea_km(plan) * 2 + sea_km(plan, "boat_approach"), 2)


@transaction.atomic
def propose_from_referral(
    actor: Actor, referral: Referral, price_per_litre: Decimal | None = None, *, why: str = ""
) -> FuelTrip:
    """A trip proposal from the referral's chosen plan: the boat's sea distance (approach, there
    and back) x its class's L/km x the price per litre. Once per referral: a retry returns it."""
    existing = FuelTrip.objects.filter(referral=referral).first()
    if existing:
        return existing
    if not referral.plan or not referral.plan.get("legs"):
        raise FieldError("referral_id", "the referral has no planned legs")
    config = ProgrammeConfig.get()
    boat = referral.plan.get("boat", "speedboat")
    km = boat_km(referral.plan)
    if km <= 0:
        raise FieldError("referral_id", "the referral's route has no boat leg")
    price = Decimal(price_per_litre if price_per_litre is not None else config.fuel_price_per_litre)
    litres, cost = ledger.trip_cost(km, config.l_per_km(boat), price)
    day = timezone.localtime(referral.departed_at or referral.requested_at).date()
    trip = FuelTrip.objects.create(
        date=day,
        referral=referral,
        boat=boat,
        distance_km=Decimal(str(km)),
        litres=litres,
        price_per_litre=price,
        cost=cost,
    )
    record(actor, "create", trip, summary=f"fuel trip {trip.cost}{why}")
    return trip


@transaction.atomic
def approve(actor: Actor, trip: FuelTrip, *, allow_overdraft: bool = False) -> FuelTrip:
    """Pay a trip from the fund. Going below zero needs an explicit approval by this user."""
    user = actor.user
    trip = FuelTrip.objects.select_for_update().get(pk=trip.pk)
    if trip.status == FuelTrip.APPROVED:
        return trip
    after = ledger.balance(entries(), None) - trip.cost
    if after < 0 and not allow_overdraft:
        raise ApiError(
            409,
            "insufficient_funds",
            f"the fund would go to {after} baht; an approval to overdraw is needed",
            {"allow_overdraft": "required to take the balance below zero"},
        )
    trip.status = FuelTrip.APPROVED
    if after < 0:
        trip.overdraft_approved_by = user
    trip.save()
    record(actor, "update", trip, changes={"status": trip.status, "overdraft": allow_overdraft})
    return trip


def statement(start: date, end: date) -> dict:
    return ledger.statement(entries(), start, end)


def month_statement(year: int, month: int) -> dict:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
    return statement(start, date.fromordinal(end))


def fiscal_year_statement(fy_ce: int) -> dict:
    start, end = fiscal_year_bounds(fy_ce)
    body = statement(start, end)
    body["months"] = [
        {k: v for k, v in month_statement(y, m).items() if k != "lines"}
        for y, m in [(fy_ce - 1, 10), (fy_ce - 1, 11), (fy_ce - 1, 12)] + [(fy_ce, m) for m in range(1, 10)]
    ]
    return body
