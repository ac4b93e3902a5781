"""The Thai MOPH CKD indicator: share of CKD stage 3-4 patients whose eGFR fell by
less than the year's threshold (< 4 ml/min/1.73m2/yr before FY2563, < 5 from FY2563).

Population B (denominator), per REFERENCE.md:
  - a CKD stage 3-4 diagnosis: N183 / N184 on the code alone; or N189, diabetic kidney
    disease E102-E142, hypertensive I12*, I13*, I151 with a baseline eGFR 15 <= x < 60;
  - Thai nationality;
  - at least two eGFR results in the fiscal year, the first and last >= 90 days apart.
A (numerator) = those of B whose decline per year is below the threshold.

The rules (codes, thresholds by year, gap, eGFR range, target) are data in
`data/ckd_indicator.json`; `load_config` validates that file or a replacement.

Scale: results are streamed once and folded into a small per-patient accumulator
(first, last, and the sums a least-squares slope needs), so nothing needs sorting or
grouping and memory grows with the number of CKD patients, not with the lab rows.
No Django here.

Longer than 500 lines on purpose: the indicator's definition (population B, result A, the
thresholds by year, the exclusions) is one published rule; it stays in one pure module so
it can be read and checked against the MOPH template at once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from phangnga.core.kernel_errors import KernelInputError
from phangnga.core.thai import ThaiValueError, be_year, fiscal_year_bounds, parse_fiscal_year
from phangnga.health.egfr import (
    DAYS_PER_YEAR,
    MAX_CREATININE_MG_DL,
    MIN_AGE,
    UMOL_PER_MG_DL,
    EgfrInputError,
    egfr_from_mg_dl,
    normalise_equation,
    normalise_unit,
)

DEFAULT_CONFIG_PATH = Path(__file__).parent / "data" / "ckd_indicator.json"
METHODS = ("endpoint", "least_squares")

# Exclusion reasons shown in the drill-down.
NOT_THAI = "not_thai"
FEWER_THAN_2_RESULTS = "fewer_than_2_results"
TOO_CLOSE = "results_less_than_min_gap_apart"
EGFR_OUT_OF_RANGE = "baseline_egfr_out_of_range"
DECLINE_TOO_FAST = "decline_at_or_above_threshold"


class CkdInputError(KernelInputError):
    """Bad input to the indicator; `field` names it (e.g. "fy", "results[12].creatinine")."""


# --------------------------------------------------------------------------------------
# Records (plain values). Mappings with the same keys are accepted too.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CkdPatient:
    cid: str
    nationality: str
    diagnoses: tuple[str, ...]
    birth_date: date | None = None
    sex: str | None = None  # "M"/"F"; needed only when results carry creatinine


@dataclass(frozen=True, slots=True)
class LabResult:
    cid: str
    date: date
    egfr: float | None = None
    creatinine: float | None = None
    unit: str = "mg/dL"


# --------------------------------------------------------------------------------------
# Configuration (data)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CkdKpiConfig:
    thresholds: tuple[tuple[int, float], ...]  # (from_fy_be, max_decline_per_year), ascending
    target_percent: float | None
    min_gap_days: int
    egfr_low: float  # inclusive
    egfr_high: float  # exclusive
    stage_codes: tuple[str, ...]
    egfr_qualified_codes: tuple[str, ...]
    thai_nationality_codes: frozenset[str]

    def threshold_for(self, fy_be: int) -> float:
        applicable = [t for start, t in self.thresholds if start <= fy_be]
        if not applicable:
            raise CkdInputError("fy", f"no threshold defined for FY{fy_be}", code="no_threshold")
        return applicable[-1]


def _cfg_error(where: str, message: str) -> CkdInputError:
    return CkdInputError(f"config.{where}", message, code="bad_config")


def _num(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _cfg_error(where, "must be a number")
    return float(value)


def _codes(values: Any, where: str) -> tuple[str, ...]:
    if (
        not isinstance(values, list)
        or not values
        or not all(isinstance(v, str) and v.strip() for v in values)
    ):
        raise _cfg_error(where, "must be a non-empty list of codes")
    return tuple(normalise_code(v) for v in values)


def parse_config(data: Mapping[str, Any]) -> CkdKpiConfig:
    if not isinstance(data, Mapping):
        raise _cfg_error("", "must be a JSON object")
    raw_thresholds = data.get("thresholds")
    if not isinstance(raw_thresholds, list) or not raw_thresholds:
        raise _cfg_error("thresholds", "must be a non-empty list")
    thresholds: list[tuple[int, float]] = []
    for i, t in enumerate(raw_thresholds):
        start = t.get("from_fy_be") if isinstance(t, Mapping) else None
        if isinstance(start, bool) or not isinstance(start, int) or start < 2400:
            raise _cfg_error(f"thresholds[{i}].from_fy_be", "must be a Buddhist-era year (e.g. 2563)")
        limit = _num(t.get("max_decline_per_year"), f"thresholds[{i}].max_decline_per_year")
        if limit <= 0:
            raise _cfg_error(f"thresholds[{i}].max_decline_per_year", "must be above 0")
        thresholds.append((start, limit))
    thresholds.sort()
    if len({s for s, _ in thresholds}) != len(thresholds):
        raise _cfg_error("thresholds", "two thresholds start in the same year")

    target = data.get("target_percent")
    if target is not None:
        target = _num(target, "target_percent")
        if not 0 <= target <= 100:
            raise _cfg_error("target_percent", "must be 0-100")

    gap = data.get("min_gap_days", 90)
    if isinstance(gap, bool) or not isinstance(gap, int) or gap < 1:
        raise _cfg_error("min_gap_days", "must be a whole number of days >= 1")

    rng = data.get("egfr_range")
    if not isinstance(rng, list) or len(rng) != 2:
        raise _cfg_error("egfr_range", "must be [low, high]")
    low, high = _num(rng[0], "egfr_range"), _num(rng[1], "egfr_range")
    if not 0 <= low < high:
        raise _cfg_error("egfr_range", "must satisfy 0 <= low < high")

    nat = data.get("thai_nationality_codes")
    if not isinstance(nat, list) or not nat:
        raise _cfg_error("thai_nationality_codes", "must be a non-empty list")

    return CkdKpiConfig(
        thresholds=tuple(thresholds),
        target_percent=target,
        min_gap_days=gap,
        egfr_low=low,
        egfr_high=high,
        stage_codes=_codes(data.get("stage_codes"), "stage_codes"),
        egfr_qualified_codes=_codes(data.get("egfr_qualified_codes"), "egfr_qualified_codes"),
        thai_nationality_codes=frozenset(str(v).strip().upper() for v in nat),
    )


def load_config(path: str | Path | None = None, override: Mapping[str, Any] | None = None) -> CkdKpiConfig:
    """`override` (a parsed document) wins, then `path`, then the bundled file (cached)."""
    if override is not None:
        return parse_config(override)
    if path is None:
        return _default_config()
    with open(path, encoding="utf-8") as fh:
        return parse_config(json.load(fh))


@lru_cache(maxsize=1)
def _default_config() -> CkdKpiConfig:
    with open(DEFAULT_CONFIG_PATH, encoding="utf-8") as fh:
        return parse_config(json.load(fh))


def normalise_code(code: str) -> str:
    """ "n18.3 " -> "N183": registries disagree on dots and case."""
    return code.replace(".", "").replace(" ", "").strip().upper()


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CkdRow:
    """One patient with a qualifying CKD code, in the drill-down."""

    cid: str
    n_results: int
    first_date: date | None
    first_egfr: float | None
    last_date: date | None
    last_egfr: float | None
    decline_per_year: float | None
    in_denominator: bool
    in_numerator: bool
    reason: str | None  # why not in the denominator, or why not in the numerator


@dataclass(frozen=True)
class CkdIndicatorResult:
    fiscal_year_ce: int
    fiscal_year_be: int
    window_start: date
    window_end: date
    threshold: float
    method: str
    numerator: int
    denominator: int
    percent: float | None  # 1 decimal; None when the denominator is 0
    target_percent: float | None
    rows: tuple[CkdRow, ...]
    exclusions: Mapping[str, int] = field(default_factory=dict)  # patients, by reason
    skipped_results: Mapping[str, int] = field(default_factory=dict)  # lab rows not used, by reason


# --------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise CkdInputError(where, "must be a date (YYYY-MM-DD)", code="bad_date")


def _qualifies(codes: Iterable[str], prefixes: Sequence[str]) -> bool:
    return any(c.startswith(prefixes) for c in codes)


class _Acc:
    """Per-patient running state: first/last result and least-squares sums.

    x is days since the window start (small numbers keep the sums exact enough)."""

    __slots__ = ("n", "x0", "y0", "x1", "y1", "sx", "sy", "sxx", "sxy")

    def __init__(self, x: int, y: float):
        self.n, self.x0, self.y0, self.x1, self.y1 = 1, x, y, x, y
        self.sx, self.sy, self.sxx, self.sxy = float(x), y, float(x * x), x * y

    def add(self, x: int, y: float) -> None:
        self.n += 1
        # Same-day duplicates: the first one seen stays first/last (stable for sorted input).
        if x < self.x0:
            self.x0, self.y0 = x, y
        if x > self.x1:
            self.x1, self.y1 = x, y
        self.sx += x
        self.sy += y
        self.sxx += x * x
        self.sxy += x * y

    def decline(self, method: str) -> float:
        if method == "endpoint":
            return (self.y0 - self.y1) / (self.x1 - self.x0) * DAYS_PER_YEAR
        sxx = self.sxx - self.sx * self.sx / self.n
        sxy = self.sxy - self.sx * self.sy / self.n
        return -(sxy / sxx) * DAYS_PER_YEAR


def compute_indicator(
    patients: Iterable[CkdPatient | Mapping[str, Any]],
    results: Iterable[LabResult | Mapping[str, Any]],
    fy: int | str,
    method: str = "endpoint",
    equation: str | int = "2021",
    threshold: float | None = None,
    config: CkdKpiConfig | None = None,
    strict: bool = False,
    include_rows: bool = True,
) -> CkdIndicatorResult:
    """The indicator for one fiscal year (`fy` in BE, 2564, or CE, 2021).

    Results may come in any order (a database cursor streaming rows is fine). Each
    result gives `egfr`, or `creatinine` + `unit`, from which eGFR is computed with the
    chosen CKD-EPI equation at the patient's age on the result date.

    Bad lab rows are skipped and counted in `skipped_results` (strict=True raises
    `CkdInputError` naming `results[i].<field>` instead). Bad parameters always raise.
    """
    cfg = config or load_config()
    try:
        fy_ce = parse_fiscal_year(fy)
    except ThaiValueError as exc:
        raise CkdInputError("fy", exc.message, code=exc.code) from exc
    if method not in METHODS:
        raise CkdInputError("method", 'must be "endpoint" or "least_squares"')
    try:
        eq = normalise_equation(equation)
    except EgfrInputError as exc:
        raise CkdInputError("equation", exc.message) from exc
    fy_be = be_year(fy_ce)
    if threshold is None:
        threshold = cfg.threshold_for(fy_be)
    elif isinstance(threshold, bool) or not isinstance(threshold, int | float) or threshold <= 0:
        raise CkdInputError("threshold", "must be a number above 0")
    start, end = fiscal_year_bounds(fy_ce)
    start_ord = start.toordinal()

    # Keep only patients with a qualifying code: everyone else is outside the indicator.
    all_prefixes = cfg.stage_codes + cfg.egfr_qualified_codes
    registry: dict[str, tuple[CkdPatient, bool, int | None, bool]] = {}
    for i, p in enumerate(patients):
        if isinstance(p, Mapping):
            p = _patient_from_mapping(p, i)
        codes = [normalise_code(c) for c in p.diagnoses]
        if not _qualifies(codes, all_prefixes):
            continue
        by_stage_code = _qualifies(codes, cfg.stage_codes)
        birth_ord = p.birth_date.toordinal() if p.birth_date is not None else None
        female = (p.sex or "").strip().upper() in ("F", "FEMALE", "2")
        registry[p.cid] = (p, by_stage_code, birth_ord, female)

    accs: dict[str, _Acc] = {}
    skipped: Counter[str] = Counter()
    for i, r in enumerate(results):
        if type(r) is LabResult:
            cid, d, value, scr, unit = r.cid, r.date, r.egfr, r.creatinine, r.unit
        elif isinstance(r, Mapping):
            cid, d = r.get("cid"), _as_date(r.get("date"), f"results[{i}].date")
            value, scr, unit = r.get("egfr"), r.get("creatinine"), r.get("unit") or "mg/dL"
        else:  # any object with the same attributes (ORM row, namedtuple)
            cid, d, value = r.cid, r.date, getattr(r, "egfr", None)
            scr, unit = getattr(r, "creatinine", None), getattr(r, "unit", None) or "mg/dL"
        if type(d) is not date:
            d = _as_date(d, f"results[{i}].date")
        if d < start or d > end:
            skipped["outside_window"] += 1
            continue
        entry = registry.get(cid)
        if entry is None:
            skipped["not_a_ckd_patient"] += 1
            continue
        x = d.toordinal() - start_ord
        if value is None:
            value = _egfr_for(entry, scr, unit, x + start_ord, eq, i, strict, skipped)
            if value is None:
                continue
        elif isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 250:
            if strict:
                raise CkdInputError(f"results[{i}].egfr", "must be a number from 0 to 250")
            skipped["bad_egfr"] += 1
            continue
        acc = accs.get(cid)
        if acc is None:
            accs[cid] = _Acc(x, float(value))
        else:
            acc.add(x, float(value))

    rows: list[CkdRow] = []
    exclusions: Counter[str] = Counter()
    numerator = denominator = 0
    for cid, (p, by_stage_code, _, _) in registry.items():
        acc = accs.get(cid)
        reason: str | None = None
        decline: float | None = None
        if p.nationality is None or str(p.nationality).strip().upper() not in cfg.thai_nationality_codes:
            reason = NOT_THAI
        elif acc is None or acc.n < 2:
            reason = FEWER_THAN_2_RESULTS
        elif acc.x1 - acc.x0 < cfg.min_gap_days:
            reason = TOO_CLOSE
        elif not by_stage_code and not cfg.egfr_low <= acc.y0 < cfg.egfr_high:
            reason = EGFR_OUT_OF_RANGE
        in_b = reason is None
        in_a = False
        if in_b:
            decline = acc.decline(method)
            denominator += 1
            in_a = decline < threshold
            if in_a:
                numerator += 1
            else:
                reason = DECLINE_TOO_FAST
        else:
            exclusions[reason] += 1
        if include_rows:
            rows.append(_row(cid, acc, start_ord, decline, in_b, in_a, reason))

    percent = round(100.0 * numerator / denominator, 1) if denominator else None
    return CkdIndicatorResult(
        fiscal_year_ce=fy_ce,
        fiscal_year_be=fy_be,
        window_start=start,
        window_end=end,
        threshold=float(threshold),
        method=method,
        numerator=numerator,
        denominator=denominator,
        percent=percent,
        target_percent=cfg.target_percent,
        rows=tuple(rows),
        exclusions=dict(exclusions),
        skipped_results=dict(skipped),
    )


def _egfr_for(
    entry: tuple[CkdPatient, bool, int | None, bool],
    scr: Any,
    unit: str,
    day_ord: int,
    equation: str,
    i: int,
    strict: bool,
    skipped: Counter[str],
) -> float | None:
    """eGFR from creatinine at the patient's age that day, or None (counted) if it cannot
    be computed. The validation is inlined because this runs once per lab row."""
    p, _, birth_ord, female = entry

    def bad(reason: str, where: str, message: str) -> None:
        if strict:
            raise CkdInputError(f"results[{i}].{where}", message)
        skipped[reason] += 1

    if scr is None:
        return bad("no_egfr_or_creatinine", "creatinine", "give egfr or creatinine")
    if isinstance(scr, bool) or not isinstance(scr, int | float) or not scr > 0:
        return bad("bad_creatinine", "creatinine", "must be a number above 0")
    if unit != "mg/dL":
        try:
            unit = normalise_unit(unit)
        except EgfrInputError:
            return bad("bad_unit", "unit", 'must be "mg/dL" or "umol/L"')
        if unit == "umol/L":
            scr = scr / UMOL_PER_MG_DL
    if scr > MAX_CREATININE_MG_DL:
        return bad("bad_creatinine", "creatinine", "implausible value (check the unit)")
    if birth_ord is None or (p.sex or "").strip().upper() not in ("M", "F", "MALE", "FEMALE", "1", "2"):
        return bad("no_birth_date_or_sex", "cid", "patient needs birth_date and sex to compute eGFR")
    age = (day_ord - birth_ord) / DAYS_PER_YEAR
    if age < MIN_AGE:
        return bad("under_18", "date", "CKD-EPI needs age >= 18 on the result date")
    return egfr_from_mg_dl(scr, age, female, equation)


def _row(
    cid: str,
    acc: _Acc | None,
    start_ord: int,
    decline: float | None,
    in_b: bool,
    in_a: bool,
    reason: str | None,
) -> CkdRow:
    if acc is None:
        return CkdRow(cid, 0, None, None, None, None, None, in_b, in_a, reason)
    return CkdRow(
        cid=cid,
        n_results=acc.n,
        first_date=date.fromordinal(start_ord + acc.x0),
        first_egfr=round(acc.y0, 2),
        last_date=date.fromordinal(start_ord + acc.x1),
        last_egfr=round(acc.y1, 2),
        decline_per_year=None if decline is None else round(decline, 2),
        in_denominator=in_b,
        in_numerator=in_a,
        reason=reason,
    )


def _patient_from_mapping(m: Mapping[str, Any], i: int) -> CkdPatient:
    cid = m.get("cid")
    if not cid:
        raise CkdInputError(f"patients[{i}].cid", "required")
    diagnoses = m.get("diagnoses") or ()
    if isinstance(diagnoses, str):
        diagnoses = (diagnoses,)
    birth = m.get("birth_date")
    return CkdPatient(
        cid=str(cid),
        nationality=str(m.get("nationality") or ""),
        diagnoses=tuple(diagnoses),
        birth_date=None if birth is None else _as_date(birth, f"patients[{i}].birth_date"),
        sex=m.get("sex"),
    )
