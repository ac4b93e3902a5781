"""eGFR (CKD-EPI 2021 race-free, and 2009), KDIGO stages, slopes and follow-up dates.

Pure functions over floats and dates (no Django). Bad input raises `EgfrInputError`
(a ValueError) whose `field` names the input, so an API can answer 422 with it.

Formulas (REFERENCE.md):
  2021: 142 x min(Scr/k,1)^a x max(Scr/k,1)^-1.200 x 0.9938^age x 1.012 [female]
        k = 0.7 F / 0.9 M; a = -0.241 F / -0.302 M
  2009: 141 x min(Scr/k,1)^a x max(Scr/k,1)^-1.209 x 0.993^age x 1.018 [female]
        x 1.159 [Black]; a = -0.329 F / -0.411 M
Scr in mg/dL; umol/L is divided by 88.4.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from phangnga.core.kernel_errors import KernelInputError

UMOL_PER_MG_DL = 88.4
# Above this a value is almost certainly umol/L typed as mg/dL (the highest creatinines
# seen in untreated kidney failure are around 20-30 mg/dL).
MAX_CREATININE_MG_DL = 40.0
# Below this a value is a typing or unit error: the lowest reference limit of serum creatinine at
# any age is 0.10 mg/dL (infants 15 days to 2 years; adults 0.44-1.24 mg/dL), UCSF Clinical
# Laboratories, "Creatinine, Plasma / Serum", labmed.ucsf.edu/labmanual/db/data/tests/265.html
# (enzymatic assay, IDMS-traceable). Without it 1e-300 mg/dL gave an eGFR of 3.8e92.
MIN_CREATININE_MG_DL = 0.1
MIN_AGE = 18  # CKD-EPI is validated for adults only
MAX_AGE = 120

EQUATIONS = ("2021", "2009")
SEXES = ("M", "F")

# KDIGO 2012 albuminuria: UACR mg/mmol x 8.84 = mg/g.
MG_G_PER_MG_MMOL = 8.84

# KDIGO rapid progression: a sustained decline in eGFR of more than 5 ml/min/1.73m2/yr.
RAPID_DECLINE_PER_YEAR = 5.0

# Months between eGFR checks by G stage. Stage 3 and 4 are the clinic's rule
# (REFERENCE.md); G1-G2 yearly and G5 every 3 months follow the KDIGO 2012 monitoring
# heat map (1 / year for low risk, 4+ / year for G5). Callers may pass their own table.
FOLLOW_UP_MONTHS: Mapping[str, int] = {"G1": 12, "G2": 12, "G3a": 6, "G3b": 6, "G4": 4, "G5": 3}

# Lower bound (inclusive) of each G stage, highest first.
_G_STAGES = (("G1", 90.0), ("G2", 60.0), ("G3a", 45.0), ("G3b", 30.0), ("G4", 15.0), ("G5", 0.0))


class EgfrInputError(KernelInputError):
    """Bad input to the eGFR kernel; `field` names the offending input."""


def _finite(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise EgfrInputError(field, "must be a finite number", code="not_a_number")
    return float(value)


def normalise_unit(unit: str) -> str:
    """ "mg/dL" or "umol/L" (also accepts "µmol/L", "μmol/L" and any letter case)."""
    if not isinstance(unit, str):
        raise EgfrInputError("unit", 'must be "mg/dL" or "umol/L"')
    u = unit.strip().lower().replace("µ", "u").replace("μ", "u")
    if u in ("mg/dl", "mg%"):
        return "mg/dL"
    if u in ("umol/l", "micromol/l"):
        return "umol/L"
    raise EgfrInputError("unit", 'must be "mg/dL" or "umol/L"', code="unknown_unit")


def creatinine_mg_dl(creatinine: float, unit: str = "mg/dL") -> float:
    """Serum creatinine in mg/dL; rejects <= 0 and values no human has."""
    value = _finite(creatinine, "creatinine")
    if value <= 0:
        raise EgfrInputError("creatinine", "must be greater than 0", code="not_positive")
    mg = value / UMOL_PER_MG_DL if normalise_unit(unit) == "umol/L" else value
    if mg > MAX_CREATININE_MG_DL or mg < MIN_CREATININE_MG_DL:
        raise EgfrInputError(
            "creatinine", f"{value:g} {unit} is implausible (check the unit)", code="impossible"
        )
    return mg


def normalise_sex(sex: str) -> str:
    s = sex.strip().upper() if isinstance(sex, str) else ""
    s = {"MALE": "M", "FEMALE": "F", "1": "M", "2": "F"}.get(s, s)  # MOPH 43-file codes 1/2
    if s not in SEXES:
        raise EgfrInputError("sex", 'must be "M" or "F"')
    return s


def normalise_equation(equation: str | int) -> str:
    e = str(equation).strip()
    if e not in EQUATIONS:
        raise EgfrInputError("equation", 'must be "2021" or "2009"')
    return e


def _check_age(age: float) -> float:
    a = _finite(age, "age")
    if a < MIN_AGE:
        raise EgfrInputError("age", f"CKD-EPI needs age >= {MIN_AGE}", code="too_young")
    if a > MAX_AGE:
        raise EgfrInputError("age", f"must be <= {MAX_AGE}", code="impossible")
    return a


def egfr_from_mg_dl(
    scr: float, age: float, female: bool, equation: str = "2021", black: bool = False
) -> float:
    """The bare equation for already-validated inputs (the KPI loop calls this a million
    times, so it skips validation). Returns ml/min/1.73m2, unrounded."""
    if equation == "2021":
        k, a = (0.7, -0.241) if female else (0.9, -0.302)
        r = scr / k
        value = 142.0 * min(r, 1.0) ** a * max(r, 1.0) ** -1.200 * 0.9938**age
        return value * 1.012 if female else value
    k, a = (0.7, -0.329) if female else (0.9, -0.411)
    r = scr / k
    value = 141.0 * min(r, 1.0) ** a * max(r, 1.0) ** -1.209 * 0.993**age
    if female:
        value *= 1.018
    # The race coefficient exists only in 2009; the 2021 refit removed it on purpose.
    return value * 1.159 if black else value


def egfr(
    creatinine: float,
    age: float,
    sex: str,
    unit: str = "mg/dL",
    equation: str | int = "2021",
    black: bool = False,
) -> float:
    """Validated eGFR in ml/min/1.73m2 (unrounded; round for display)."""
    scr = creatinine_mg_dl(creatinine, unit)
    a = _check_age(age)
    s = normalise_sex(sex)
    e = normalise_equation(equation)
    return egfr_from_mg_dl(scr, a, s == "F", e, black=bool(black))


@dataclass(frozen=True)
class EgfrResult:
    egfr: float  # rounded to 2 decimals
    g_stage: str
    equation: str
    creatinine_mg_dl: float


def compute_egfr(
    creatinine: float, age: float, sex: str, unit: str = "mg/dL", equation: str | int = "2021"
) -> EgfrResult:
    """What `POST /health/egfr` returns."""
    value = egfr(creatinine, age, sex, unit, equation)
    return EgfrResult(
        egfr=round(value, 2),
        g_stage=g_stage(value),
        equation=normalise_equation(equation),
        creatinine_mg_dl=round(creatinine_mg_dl(creatinine, unit), 4),
    )


def age_on(birth_date: date, on: date) -> float:
    """Age in years (fractional) on a date; CKD-EPI uses age as a continuous value."""
    if on < birth_date:
        raise EgfrInputError("birth_date", "is after the test date")
    return (on.toordinal() - birth_date.toordinal()) / 365.25


# --------------------------------------------------------------------------------------
# KDIGO stages
# --------------------------------------------------------------------------------------


def g_stage(egfr_value: float) -> str:
    """G1 >= 90, G2 60-<90, G3a 45-<60, G3b 30-<45, G4 15-<30, G5 < 15.

    Each stage's lower bound is inclusive, so the unrounded 59.99 is G3a and 60.0 is G2.
    """
    v = _finite(egfr_value, "egfr")
    if v < 0:
        raise EgfrInputError("egfr", "must not be negative")
    for stage, lower in _G_STAGES:
        if v >= lower:
            return stage
    raise AssertionError("unreachable: G5 starts at 0")


def a_stage(uacr: float, unit: str = "mg/g") -> str:
    """KDIGO albuminuria: A1 < 30, A2 30-<300, A3 >= 300 mg/g (mg/mmol is converted)."""
    v = _finite(uacr, "uacr")
    if v < 0:
        raise EgfrInputError("uacr", "must not be negative")
    u = unit.strip().lower() if isinstance(unit, str) else ""
    if u == "mg/mmol":
        v *= MG_G_PER_MG_MMOL
    elif u != "mg/g":
        raise EgfrInputError("uacr_unit", 'must be "mg/g" or "mg/mmol"')
    if v < 30:
        return "A1"
    return "A2" if v < 300 else "A3"


# --------------------------------------------------------------------------------------
# Slopes. Both return the *decline* per year: positive = eGFR falling, negative = rising.
# --------------------------------------------------------------------------------------

DAYS_PER_YEAR = 365.25
SLOPE_METHODS = ("endpoint", "least_squares")


def _points(points: Iterable[tuple[date, float]]) -> list[tuple[int, float]]:
    pts = sorted((d.toordinal(), _finite(v, "egfr")) for d, v in points)
    if len(pts) < 2:
        raise EgfrInputError("results", "need at least two eGFR results", code="too_few")
    if pts[0][0] == pts[-1][0]:
        raise EgfrInputError("results", "results must span more than one day", code="too_short")
    return pts


def endpoint_decline_per_year(points: Iterable[tuple[date, float]]) -> float:
    """(first - last) / days x 365.25 using the earliest and latest results."""
    pts = _points(points)
    (d0, v0), (d1, v1) = pts[0], pts[-1]
    return (v0 - v1) / (d1 - d0) * DAYS_PER_YEAR


def least_squares_decline_per_year(points: Iterable[tuple[date, float]]) -> float:
    """Minus the ordinary least-squares slope of eGFR on time, per year.

    Uses every result, so one odd value moves it less than it moves the endpoint rate.
    """
    pts = _points(points)
    n = len(pts)
    mean_x = sum(x for x, _ in pts) / n
    mean_y = sum(y for _, y in pts) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in pts)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in pts)
    return -(sxy / sxx) * DAYS_PER_YEAR


def decline_per_year(points: Iterable[tuple[date, float]], method: str = "endpoint") -> float:
    if method == "endpoint":
        return endpoint_decline_per_year(points)
    if method == "least_squares":
        return least_squares_decline_per_year(points)
    raise EgfrInputError("method", 'must be "endpoint" or "least_squares"')


def is_rapid_decline(
    points: Iterable[tuple[date, float]],
    method: str = "least_squares",
    threshold: float = RAPID_DECLINE_PER_YEAR,
    min_span_days: int = 90,
) -> bool | None:
    """KDIGO rapid progression: sustained decline > 5 ml/min/1.73m2/yr.

    "Sustained" is read as: measured over at least `min_span_days` (default 3 months,
    like the MOPH indicator). Returns None when the data cannot tell (fewer than two
    results, or too short a span), so a UI can show "not enough data" instead of "no".
    """
    pts = list(points)
    if len(pts) < 2:
        return None
    days = [d.toordinal() for d, _ in pts]
    if max(days) - min(days) < min_span_days:
        return None
    return decline_per_year(pts, method) > threshold


# --------------------------------------------------------------------------------------
# Follow-up
# --------------------------------------------------------------------------------------


def add_months(d: date, months: int) -> date:
    """Calendar months; the day is clamped (31 Jan + 1 month = 28 or 29 Feb)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def follow_up_months(stage: str, intervals: Mapping[str, int] | None = None) -> int:
    table = FOLLOW_UP_MONTHS if intervals is None else intervals
    if stage not in table:
        raise EgfrInputError("g_stage", f"unknown stage {stage!r}")
    return table[stage]


def next_due(last_test: date, stage: str, intervals: Mapping[str, int] | None = None) -> date:
    return add_months(last_test, follow_up_months(stage, intervals))


def is_overdue(last_test: date, stage: str, today: date, intervals: Mapping[str, int] | None = None) -> bool:
    """Overdue once the due date has passed (due today is not yet overdue)."""
    return today > next_due(last_test, stage, intervals)
