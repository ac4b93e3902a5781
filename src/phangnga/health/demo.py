"""Demo data (idempotent, seeded): service points, visit history with waiting times that
fall between a "before" and an "after" period, today's live queue, and a simulated CKD
cohort whose indicator comes from how the simulated patients' kidneys behave."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from phangnga.core.thai import BANGKOK
from phangnga.geo.models import Place

from . import ckd_services, cohort, queue
from .models import CkdPatient, Diagnosis, LabResult, Visit, VisitStep

SEED = 2563
COHORT_SIZE = 300
HOSPITALS = ["hosp-phangnga", "hosp-takuapa"]
RPSTS = ["rpst-phru-nai", "rpst-kyy-centre", "rpst-tha-khao"]
# Before: Jan-Mar 2019 (FY2562); after: Jan-Mar 2020 (FY2563), once the Smart Hospital
# standard was in place.
PERIODS = {"before": (date(2019, 1, 7), date(2019, 3, 29)), "after": (date(2020, 1, 6), date(2020, 3, 27))}
# Mean minutes waiting before each step, by period and facility type (service adds ~3-10).
WAIT = {
    ("before", "hospital"): {
        "registration": 25,
        "screening": 20,
        "doctor": 50,
        "lab": 25,
        "pharmacy": 30,
        "payment": 10,
    },
    ("after", "hospital"): {
        "registration": 8,
        "screening": 10,
        "doctor": 35,
        "lab": 15,
        "pharmacy": 15,
        "payment": 5,
    },
    ("before", "rpst"): {"registration": 25, "screening": 20, "doctor": 60, "pharmacy": 25},
    ("after", "rpst"): {"registration": 8, "screening": 10, "doctor": 35, "pharmacy": 12},
}
SERVICE = {"registration": 3, "screening": 5, "doctor": 9, "lab": 12, "xray": 10, "pharmacy": 5, "payment": 3}


def load() -> str:
    ckd_services.ensure_lab_codes()
    parts = [_load_visits(), _load_today(), _load_cohort()]
    return "; ".join(p for p in parts if p)


def _weekdays(start: date, end: date):
    d = start
    while d <= end:
        if d.weekday() < 5:
            yield d
        d += timedelta(days=1)


@transaction.atomic
def _load_visits() -> str:
    if Visit.objects.filter(source=Visit.Source.DEMO).exists():
        return "visits already loaded"
    rng = random.Random(SEED)
    facilities = list(Place.objects.filter(code__in=HOSPITALS + RPSTS))
    for f in facilities:
        queue.ensure_points(f, is_demo=True)
    visits, plans = [], []
    for f in facilities:
        kind = "hospital" if f.code in HOSPITALS else "rpst"
        per_day = 24 if kind == "hospital" else 8
        for period, (start, end) in PERIODS.items():
            means = WAIT[(period, kind)]
            for day in _weekdays(start, end):
                opening = datetime.combine(day, time(7, 30), tzinfo=BANGKOK)
                for number in range(1, per_day + 1):
                    route = [k for k in means if k != "lab" or rng.random() < 0.3]
                    arrived = opening + timedelta(minutes=rng.uniform(0, 240))
                    visits.append(
                        Visit(facility=f, day=day, number=number, route=route, source=Visit.Source.DEMO)
                    )
                    plans.append((arrived, route, means))
    Visit.objects.bulk_create(visits, batch_size=2000)
    steps = []
    for v, (t, route, means) in zip(visits, plans, strict=True):
        for seq, kind in enumerate(route):
            wait = rng.gammavariate(2.0, means[kind] / 2.0)
            called = t + timedelta(minutes=wait)
            started = called + timedelta(minutes=rng.uniform(0.5, 3))
            finished = started + timedelta(minutes=rng.gammavariate(2.0, SERVICE[kind] / 2.0))
            steps.append(VisitStep(visit=v, kind=kind, seq=seq, arrived_at=t, called_at=called,
                                   started_at=started, finished_at=finished))  # fmt: skip
            t = finished
    VisitStep.objects.bulk_create(steps, batch_size=5000)
    return f"{len(visits)} demo visits, {len(steps)} steps"


def _load_today() -> str:
    """A live queue at Phang Nga Hospital today, so the staff page and the TV show something."""
    facility = Place.objects.filter(code=HOSPITALS[0]).first()
    if facility is None:
        return ""
    now = timezone.now()
    if Visit.objects.filter(facility=facility, day=queue.local_day(now)).exists():
        return "today's queue already there"
    rng = random.Random(SEED + now.toordinal())
    points = {p.name: p for p in queue.ensure_points(facility, is_demo=True)}
    start = now - timedelta(minutes=90)
    for i in range(14):
        queue.issue_ticket(
            facility, extra=["lab"] if rng.random() < 0.3 else None, now=start + timedelta(minutes=4 * i)
        )
    t = start + timedelta(minutes=2)
    for _ in range(9):
        queue.call_next(points["Registration 1"], now=t)
        t += timedelta(minutes=rng.uniform(2, 5))
    for _ in range(5):
        queue.call_next(points["Screening 1"], now=t)
        t += timedelta(minutes=rng.uniform(3, 6))
    queue.call_next(points["Doctor room 1"], now=t)
    queue.call_next(points["Doctor room 2"], now=t + timedelta(minutes=2))
    return "14 tickets in today's queue at Phang Nga Hospital"


@transaction.atomic
def _load_cohort() -> str:
    if CkdPatient.objects.filter(is_demo=True).exists():
        return "CKD cohort already loaded"
    facility = Place.objects.filter(code=HOSPITALS[0]).first()
    patients, labs = [], []
    for person, results in cohort.simulate(COHORT_SIZE, seed=SEED):
        patients.append((person, results))
    rows = [
        CkdPatient(cid=p["cid"], birth_date=p["birth_date"], sex=p["sex"], nationality=p["nationality"],
                   facility=facility, hospcode="10723", pid=str(i + 1), source="demo", is_demo=True)
        for i, (p, _) in enumerate(patients)
    ]  # fmt: skip
    CkdPatient.objects.bulk_create(rows, batch_size=2000)
    ids = dict(CkdPatient.objects.filter(is_demo=True).values_list("cid", "pk"))
    Diagnosis.objects.bulk_create(
        [Diagnosis(patient_id=ids[p["cid"]], code=c) for p, _ in patients for c in p["diagnoses"]],
        batch_size=5000,
    )
    for p, results in patients:
        labs += [LabResult(patient_id=ids[p["cid"]], date=r["date"], kind="creatinine", value=r["creatinine"],
                           unit="mg/dL", source="demo", is_demo=True) for r in results]  # fmt: skip
    LabResult.objects.bulk_create(labs, batch_size=5000)
    return f"{len(rows)} demo CKD patients, {len(labs)} creatinine results"
