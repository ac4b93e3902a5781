"""Simulated CKD cohort for demos and benchmarks. Pure: no Django.

Every patient gets a true eGFR path: a baseline, a personal yearly decline drawn at
random (most decline slowly, some fast, a few improve), creatinine measured every few
months with laboratory noise. Nothing fixes the indicator's counts; the figures it
yields come from how this population behaves.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from phangnga.core.thai import random_valid_national_id


@dataclass(frozen=True)
class CohortParams:
    start: date = date(2017, 10, 1)
    end: date = date(2021, 9, 30)
    fast_share: float = 0.26  # share of "fast progressors"
    slow_mean: float = 1.9  # ml/min/1.73m2 per year
    slow_sd: float = 2.3
    fast_mean: float = 7.5
    fast_sd: float = 2.5
    noise_cv: float = 0.03  # creatinine coefficient of variation (enzymatic assay, IDMS)
    mean_gap_days: int = 110  # between blood tests
    thai_share: float = 0.95
    missed_year_share: float = 0.07  # patients who stop coming for a while


DX_MIX = [(("N183",), 0.5), (("N184",), 0.15), (("E112", "N189"), 0.2), (("I129", "N189"), 0.15)]


def creatinine_for(target: float, age: float, female: bool) -> float:
    """The creatinine (mg/dL) at which CKD-EPI 2021 gives `target`: the equation solved
    for Scr on whichever side of kappa the answer lies."""
    kappa, alpha = (0.7, -0.241) if female else (0.9, -0.302)
    at_kappa = 142.0 * 0.9938**age * (1.012 if female else 1.0)  # eGFR when Scr = kappa
    ratio = target / at_kappa
    # Above kappa: eGFR = at_kappa x (Scr/k)^-1.2; below it: at_kappa x (Scr/k)^alpha.
    return kappa * ratio ** (1 / -1.200) if ratio <= 1 else kappa * ratio ** (1 / alpha)


def simulate(
    n: int, seed: int = 2563, params: CohortParams | None = None, tests_per_patient: int | None = None
):
    """Yields (patient dict, [lab dicts]) for `n` patients."""
    p = params or CohortParams()
    rng = random.Random(seed)
    span = (p.end - p.start).days
    seen: set[str] = set()
    for _ in range(n):
        cid = random_valid_national_id(rng)
        while cid in seen:
            cid = random_valid_national_id(rng)
        seen.add(cid)
        female = rng.random() < 0.5
        birth = date(rng.randint(1938, 1972), rng.randint(1, 12), rng.randint(1, 28))
        r, acc = rng.random(), 0.0
        dx = DX_MIX[-1][0]
        for codes, share in DX_MIX:
            acc += share
            if r < acc:
                dx = codes
                break
        baseline = rng.uniform(22, 58)
        fast = rng.random() < p.fast_share
        decline = rng.gauss(p.fast_mean, p.fast_sd) if fast else rng.gauss(p.slow_mean, p.slow_sd)
        patient = {
            "cid": cid, "birth_date": birth, "sex": "F" if female else "M",
            "nationality": "099" if rng.random() < p.thai_share else rng.choice(["048", "056", "057"]),
            "diagnoses": list(dx),
        }  # fmt: skip
        labs = []
        day = rng.randint(0, 90)
        gap_out = None
        if rng.random() < p.missed_year_share:
            g0 = rng.randint(0, span)
            gap_out = (g0, g0 + rng.randint(200, 400))
        count = 0
        while day <= span and (tests_per_patient is None or count < tests_per_patient):
            if gap_out is None or not gap_out[0] <= day <= gap_out[1]:
                d = p.start + timedelta(days=day)
                age = (d - birth).days / 365.25
                true_egfr = max(6.0, baseline - decline * day / 365.25)
                scr = creatinine_for(true_egfr, age, female) * max(0.7, rng.gauss(1.0, p.noise_cv))
                labs.append({"cid": cid, "date": d, "creatinine": round(scr, 2), "unit": "mg/dL"})
                count += 1
            day += max(30, int(rng.gauss(p.mean_gap_days, 35)))
        yield patient, labs
