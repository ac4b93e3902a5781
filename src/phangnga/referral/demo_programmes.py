"""The referral programme's demo beyond the referrals themselves: the Ko Yao fuel fund (the boat
trips' fuel and the contributions that paid for it) and the dialysis patients with their trips.
Called by demo.load() with its random stream, after the referrals."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from phangnga.core.thai import fiscal_year_bounds, random_valid_national_id
from phangnga.geo.models import Place

from . import fund, ledger, schedule, workflow
from .demo_common import FIRST, LAST, chain_era, patient_row
from .models import (
    DialysisPatient,
    DialysisTrip,
    FuelContribution,
    FuelTrip,
    Patient,
    ProgrammeConfig,
    Referral,
)

CONTRIBUTORS = [
    "Ko Yao Yai SAO",
    "Ko Yao Noi SAO",
    "Phru Nai mosque committee",
    "Koh Yao Chaipattana Hospital welfare",
    "Ko Yao fishermen's cooperative",
    "Resort association Koh Yao",
]


def load_fund(rng: random.Random, referrals: list[Referral]) -> tuple[int, int]:
    """Trips from the demo referrals' boat legs; each month's pledges cover its trips with a
    margin, so the demo balance never goes below zero (that needs an approval)."""
    config = ProgrammeConfig.get()
    trips = []
    # The live referrals made through services already proposed theirs on arrival.
    for r in Referral.objects.filter(
        is_demo=True, state=workflow.COMPLETED, departed_at__isnull=False, fuel_trip__isnull=True
    ).order_by("departed_at"):
        if chain_era(r.requested_at):
            continue  # the fuel fund came with the pathway

        km = fund.boat_km(r.plan)
        if km <= 0:
            continue
        boat = r.plan.get("boat", "speedboat")
        day = timezone.localtime(r.departed_at).date()
        price = Decimal(str(round(24 + (day.year - 2017) * 1.6, 2)))
        litres, cost = ledger.trip_cost(km, config.l_per_km(boat), price)
        trips.append(
            FuelTrip(
                date=day,
                referral=r,
                boat=boat,
                distance_km=Decimal(str(km)),
                litres=litres,
                price_per_litre=price,
                cost=cost,
                status=FuelTrip.APPROVED,
                is_demo=True,
            )
        )
    by_month: dict[tuple[int, int], Decimal] = {}
    for t in trips:
        by_month[(t.date.year, t.date.month)] = by_month.get((t.date.year, t.date.month), Decimal(0)) + t.cost
    first = min(by_month) if by_month else (2017, 10)
    contributions = [
        FuelContribution(
            date=date(first[0], first[1], 1),
            contributor="Ko Yao District Health Office",
            amount=Decimal(30000),
            note="seed money",
            is_demo=True,
        )
    ]
    for (year, month), cost in sorted(by_month.items()):
        need = int(cost * Decimal("1.05")) // 1000 * 1000 + 1000
        donors = rng.sample(CONTRIBUTORS, 3)
        shares = [need // 2, need // 3, need - need // 2 - need // 3]
        for who, amount in zip(donors, shares, strict=True):
            contributions.append(
                FuelContribution(
                    date=date(year, month, 1),
                    contributor=who,
                    amount=Decimal(amount),
                    note="monthly pledge",
                    is_demo=True,
                )
            )
    FuelContribution.objects.bulk_create(contributions)
    FuelTrip.objects.bulk_create(trips)
    return len(contributions), len(trips)


@transaction.atomic
def load_dialysis(rng: random.Random) -> tuple[int, int]:
    centre = Place.objects.get(code="hosp-vachira")
    homes = list(Place.objects.filter(code__in=["rpst-phru-nai", "rpst-kyy-centre", "rpst-kyy-north"]))
    start, _ = fiscal_year_bounds(2021)
    today = timezone.localdate()
    end = today + timedelta(days=14)  # the coming fortnight's trips are already scheduled
    made, trips = 0, []
    for n in range(6):
        p = patient_row(rng, 800000 + n)
        if not p.cid:
            p = Patient(
                cid=random_valid_national_id(rng),
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                birth_date=p.birth_date,
                sex=p.sex,
                scheme="UC",
                is_demo=True,
            )
        p.scheme = "UC"
        p.save()
        enrolled = start + timedelta(days=rng.randint(0, 120))
        weekdays = [0, 2, 4] if n % 2 == 0 else [1, 3, 5]
        enrolment = DialysisPatient.objects.create(
            patient=p,
            home_facility=rng.choice(homes),
            centre=centre,
            weekdays=weekdays,
            enrolled_on=enrolled,
            is_demo=True,
            boat_fare=Decimal("300"),
            car_fare=Decimal("200"),
        )
        for d in schedule.session_dates(weekdays, enrolled, end):
            trips.append(
                DialysisTrip(
                    enrolment=enrolment,
                    date=d,
                    boat_fare_exempt=enrolment.boat_fare,
                    car_fare_exempt=enrolment.car_fare,
                    attended=(rng.random() < 0.95) if d < today else None,
                    is_demo=True,
                )
            )
        made += 1
    DialysisTrip.objects.bulk_create(trips, batch_size=1000)
    return made, len(trips)
