"""MOPH ED Triage (5 levels) as a pure kernel over editable criteria.

The criteria (symptom codes, vital-sign rules, danger-zone age bands, resource kinds,
level names, ED and NIEMS colours) live in `data/triage_criteria.json`; an officer can
edit that file or pass a replacement to `load_criteria`. The code only knows the
order of decisions (ESI v4, which the MOPH ED Triage follows):

1. any level-1 symptom or vital rule -> 1 Resuscitation;
2. any level-2 symptom or high-risk vital rule (infant fever, GCS 9-13, SBP < 90,
   hypothermia, SpO2 < 92) -> 2 Emergency, always;
3. a danger-zone vital rule (PR, RR by age band) -> 2 only for a patient expected to need
   at least `danger_zone_min_resources` resources (2 = ESI: a would-be level 3);
4. otherwise by expected resources: >= 2 -> 3 Urgent, 1 -> 4 Semi-urgent, 0 -> 5.

Danger-zone values that did not lift the level are still reported (`danger_zone_noted`).

No Django here: API layers catch `TriageInputError` (a ValueError) and answer 422
naming `error.field` (e.g. "vitals.pr", "symptoms", "age").
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from phangnga.core.kernel_errors import KernelInputError

DEFAULT_CRITERIA_PATH = Path(__file__).parent / "data" / "triage_criteria.json"

VITAL_NAMES = ("pr", "rr", "spo2", "sbp", "dbp", "gcs", "temp")
LEVELS = (1, 2, 3, 4, 5)
COLOURS = ("red", "pink", "yellow", "green", "white")  # MOPH ED Triage colours
NIEMS_COLOURS = ("red", "yellow", "green", "white")  # prehospital (1669) colours
RULE_KINDS = ("danger_zone", "high_risk")
_OPS = {
    "lt": lambda v, t: v < t,
    "le": lambda v, t: v <= t,
    "gt": lambda v, t: v > t,
    "ge": lambda v, t: v >= t,
    "eq": lambda v, t: v == t,
}


class TriageInputError(KernelInputError):
    """Bad patient data or bad criteria; `field` names the offending input."""


# --------------------------------------------------------------------------------------
# Criteria (data)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VitalRule:
    code: str
    level: int  # 1 or 2
    vital: str
    op: str
    value: float
    # level-2 rules: "danger_zone" (gated by expected resources) or "high_risk" (always on);
    # level-1 rules are always on.
    kind: str = "high_risk"
    per_year: float = 0.0  # threshold grows with age (children's blood pressure)
    age_min: float = 0.0  # inclusive
    age_below: float | None = None  # exclusive; None = no upper limit
    label_en: str = ""
    label_th: str = ""

    def applies_to_age(self, age: float | None) -> bool:
        # Unknown age: only rules that cover adults (no upper bound) are used.
        if age is None:
            return self.age_below is None
        return self.age_min <= age and (self.age_below is None or age < self.age_below)

    def fires(self, value: float, age: float | None) -> bool:
        threshold = self.value + self.per_year * (age or 0.0)
        return _OPS[self.op](value, threshold)


@dataclass(frozen=True)
class Symptom:
    code: str
    level: int | None  # 1 or 2 when the symptom alone sets the level
    resources: tuple[str, ...]
    label_en: str
    label_th: str


@dataclass(frozen=True)
class LevelInfo:
    name_en: str
    name_th: str
    colour: str  # MOPH ED Triage colour (1 red, 2 pink, 3 yellow, 4 green, 5 white)
    niems_colour: str = ""  # prehospital colour (1-2 red, 3 yellow, 4 green, 5 white)


@dataclass(frozen=True)
class TriageCriteria:
    version: str
    source: str
    levels: Mapping[int, LevelInfo]
    vital_limits: Mapping[str, tuple[float, float]]
    key_vitals: tuple[str, ...]
    danger_zone_min_resources: int
    resources: Mapping[str, str]
    symptoms: Mapping[str, Symptom]
    vital_rules: tuple[VitalRule, ...]


def _criteria_error(where: str, message: str) -> TriageInputError:
    return TriageInputError(f"criteria.{where}", message, code="bad_criteria")


def _number(raw: Any, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise _criteria_error(where, "must be a finite number")
    return float(raw)


def parse_criteria(data: Mapping[str, Any]) -> TriageCriteria:
    """Validate a criteria document (the JSON's structure) and build `TriageCriteria`."""
    if not isinstance(data, Mapping):
        raise _criteria_error("", "must be a JSON object")
    for key in ("levels", "vital_limits", "key_vitals", "resources", "symptoms", "vital_rules"):
        if key not in data:
            raise _criteria_error(key, "missing")

    levels: dict[int, LevelInfo] = {}
    for key, info in data["levels"].items():
        if not str(key).isdigit() or int(key) not in LEVELS:
            raise _criteria_error(f"levels.{key}", "level must be 1-5")
        if info.get("colour") not in COLOURS:
            raise _criteria_error(f"levels.{key}.colour", f"must be one of {', '.join(COLOURS)}")
        # Unset: the ED colour, pink (level 2) being red in the prehospital scale.
        niems = info.get("niems_colour", "red" if info["colour"] == "pink" else info["colour"])
        if niems not in NIEMS_COLOURS:
            raise _criteria_error(f"levels.{key}.niems_colour", f"must be one of {', '.join(NIEMS_COLOURS)}")
        levels[int(key)] = LevelInfo(
            str(info.get("name_en", "")), str(info.get("name_th", "")), info["colour"], niems
        )
    if set(levels) != set(LEVELS):
        raise _criteria_error("levels", "must define each of the levels 1-5")

    limits: dict[str, tuple[float, float]] = {}
    for name in ("age", *VITAL_NAMES):
        pair = data["vital_limits"].get(name)
        if not isinstance(pair, list) or len(pair) != 2:
            raise _criteria_error(f"vital_limits.{name}", "must be [min, max]")
        lo, hi = _number(pair[0], f"vital_limits.{name}"), _number(pair[1], f"vital_limits.{name}")
        if lo > hi:
            raise _criteria_error(f"vital_limits.{name}", "min is above max")
        limits[name] = (lo, hi)

    key_vitals = tuple(data["key_vitals"])
    for name in key_vitals:
        if name not in VITAL_NAMES:
            raise _criteria_error("key_vitals", f"unknown vital sign {name!r}")

    dz_min = data.get("danger_zone_min_resources", 0)
    if isinstance(dz_min, bool) or not isinstance(dz_min, int) or dz_min < 0:
        raise _criteria_error("danger_zone_min_resources", "must be a whole number >= 0")

    resources = {str(k): str(v) for k, v in data["resources"].items()}

    symptoms: dict[str, Symptom] = {}
    for code, info in data["symptoms"].items():
        level = info.get("level")
        if level is not None and level not in (1, 2):
            raise _criteria_error(f"symptoms.{code}.level", "a symptom can only force level 1 or 2")
        needs = tuple(info.get("resources", ()))
        for r in needs:
            if r not in resources:
                raise _criteria_error(f"symptoms.{code}.resources", f"unknown resource kind {r!r}")
        if level is None and "resources" not in info:
            raise _criteria_error(f"symptoms.{code}", "needs a level (1/2) or a resources list")
        symptoms[code] = Symptom(code, level, needs, str(info.get("en", code)), str(info.get("th", "")))

    rules: list[VitalRule] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["vital_rules"]):
        where = f"vital_rules[{i}]"
        code = raw.get("code")
        if not code or code in seen:
            raise _criteria_error(where, "needs a unique code")
        seen.add(code)
        if raw.get("level") not in (1, 2):
            raise _criteria_error(f"{where}.level", "vital rules set level 1 or 2")
        if raw.get("vital") not in VITAL_NAMES:
            raise _criteria_error(f"{where}.vital", f"must be one of {', '.join(VITAL_NAMES)}")
        if raw.get("op") not in _OPS:
            raise _criteria_error(f"{where}.op", f"must be one of {', '.join(_OPS)}")
        kind = raw.get("kind", "high_risk")  # an unmarked level-2 rule stays on (safe side)
        if kind not in RULE_KINDS:
            raise _criteria_error(f"{where}.kind", f"must be one of {', '.join(RULE_KINDS)}")
        if raw["level"] == 1 and kind != "high_risk":
            raise _criteria_error(f"{where}.kind", "level-1 rules are always on (no danger_zone kind)")
        age_below = raw.get("age_below")
        rule = VitalRule(
            code=code,
            level=raw["level"],
            vital=raw["vital"],
            kind=kind,
            op=raw["op"],
            value=_number(raw.get("value"), f"{where}.value"),
            per_year=_number(raw.get("per_year", 0), f"{where}.per_year"),
            age_min=_number(raw.get("age_min", 0), f"{where}.age_min"),
            age_below=None if age_below is None else _number(age_below, f"{where}.age_below"),
            label_en=str(raw.get("en", code)),
            label_th=str(raw.get("th", "")),
        )
        if rule.age_below is not None and rule.age_below <= rule.age_min:
            raise _criteria_error(f"{where}.age_below", "must be above age_min")
        rules.append(rule)

    return TriageCriteria(
        version=str(data.get("version", "")),
        source=str(data.get("source", "")),
        levels=levels,
        vital_limits=limits,
        key_vitals=key_vitals,
        danger_zone_min_resources=dz_min,
        resources=resources,
        symptoms=symptoms,
        vital_rules=tuple(rules),
    )


def load_criteria(
    path: str | Path | None = None, override: Mapping[str, Any] | None = None
) -> TriageCriteria:
    """Criteria from `override` (an already-parsed document, e.g. uploaded by an officer),
    else from `path`, else the bundled default (cached)."""
    if override is not None:
        return parse_criteria(override)
    if path is None:
        return _default_criteria()
    with open(path, encoding="utf-8") as fh:
        return parse_criteria(json.load(fh))


@lru_cache(maxsize=1)
def _default_criteria() -> TriageCriteria:
    with open(DEFAULT_CRITERIA_PATH, encoding="utf-8") as fh:
        return parse_criteria(json.load(fh))


# --------------------------------------------------------------------------------------
# Triage
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TriageResult:
    level: int
    name: str
    colour: str  # MOPH ED Triage colour: red (1), pink (2), yellow (3), green (4), white (5)
    reasons: tuple[str, ...]  # codes of the criteria that set the level
    reason_labels: tuple[str, ...]  # the same, human-readable (English)
    incomplete: bool  # a key vital sign (or the age) was missing: the level may be too low
    missing: tuple[str, ...]
    resources: int | None  # resources used for levels 3-5; None when a symptom/vital decided
    resources_estimated: bool  # True when counted from symptoms rather than given
    computed_level: int  # what the criteria said; differs from `level` after an override
    override_reason: str | None = None
    override_by: str | None = None
    criteria_version: str = ""
    reason_labels_th: tuple[str, ...] = field(default=())
    niems_colour: str = ""  # prehospital (1669) colour: red (1-2), yellow (3), green (4), white (5)
    # danger-zone rules whose values were out of range but did not set the level (fewer
    # expected resources than the criteria's danger_zone_min_resources): for the nurse to see
    danger_zone_noted: tuple[str, ...] = field(default=())

    @property
    def overridden(self) -> bool:
        return self.override_reason is not None


def _check_number(value: Any, field_name: str, limits: tuple[float, float]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TriageInputError(field_name, "must be a number", code="not_a_number")
    if not math.isfinite(value):
        raise TriageInputError(field_name, "must be a finite number", code="not_a_number")
    lo, hi = limits
    if not lo <= value <= hi:
        raise TriageInputError(
            field_name, f"{value:g} is impossible (allowed {lo:g}-{hi:g})", code="impossible"
        )
    return float(value)


def validate_vitals(
    vitals: Mapping[str, Any] | None, criteria: TriageCriteria | None = None
) -> dict[str, float]:
    """Drop missing (None) values, reject unknown names and impossible values."""
    criteria = criteria or load_criteria()
    clean: dict[str, float] = {}
    if vitals is None:
        return clean
    if not isinstance(vitals, Mapping):
        raise TriageInputError("vitals", "must be an object of vital signs")
    for name, value in vitals.items():
        if name not in VITAL_NAMES:
            raise TriageInputError(f"vitals.{name}", f"unknown vital sign (use {', '.join(VITAL_NAMES)})")
        if value is None:
            continue
        clean[name] = _check_number(value, f"vitals.{name}", criteria.vital_limits[name])
    if "sbp" in clean and "dbp" in clean and clean["dbp"] > clean["sbp"]:
        raise TriageInputError("vitals.dbp", "diastolic pressure above systolic", code="impossible")
    return clean


def _check_symptoms(symptoms: Iterable[str] | None, criteria: TriageCriteria) -> tuple[str, ...]:
    if symptoms is None:
        return ()
    if isinstance(symptoms, str):  # a bare string would be read letter by letter
        raise TriageInputError("symptoms", "must be a list of symptom codes")
    codes: list[str] = []
    for code in symptoms:
        if code not in criteria.symptoms:
            raise TriageInputError("symptoms", f"unknown symptom code {code!r}", code="unknown_symptom")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def estimate_resources(symptoms: Iterable[str], criteria: TriageCriteria | None = None) -> int:
    """Distinct resource kinds the symptoms need (ESI counts kinds, not items)."""
    criteria = criteria or load_criteria()
    kinds: set[str] = set()
    for code in _check_symptoms(symptoms, criteria):
        kinds.update(criteria.symptoms[code].resources)
    return len(kinds)


def triage(
    age: float | None,
    vitals: Mapping[str, Any] | None = None,
    symptoms: Iterable[str] | None = None,
    expected_resources: int | None = None,
    criteria: TriageCriteria | None = None,
) -> TriageResult:
    """Triage one patient. Missing vitals are allowed: the level is computed from what
    is given and the result is flagged `incomplete`."""
    criteria = criteria or load_criteria()
    if age is not None:
        age = _check_number(age, "age", criteria.vital_limits["age"])
    clean = validate_vitals(vitals, criteria)
    codes = _check_symptoms(symptoms, criteria)
    if expected_resources is not None and (
        isinstance(expected_resources, bool)
        or not isinstance(expected_resources, int)
        or not 0 <= expected_resources <= 50
    ):
        raise TriageInputError("expected_resources", "must be a whole number from 0 to 50")

    missing = tuple(n for n in criteria.key_vitals if n not in clean) + (("age",) if age is None else ())

    if expected_resources is not None:
        resources, estimated = expected_resources, False
    else:
        resources, estimated = estimate_resources(codes, criteria), True

    fired: dict[int, list[tuple[str, str, str]]] = {1: [], 2: []}
    for code in codes:
        s = criteria.symptoms[code]
        if s.level is not None:
            fired[s.level].append((f"symptom:{code}", s.label_en, s.label_th))
    # ESI decision point D: danger-zone vitals only up-triage a patient who needs >= N
    # resources. High-risk and level-1 rules are never gated.
    danger_zone_on = resources >= criteria.danger_zone_min_resources
    noted: list[str] = []
    for rule in criteria.vital_rules:
        value = clean.get(rule.vital)
        if value is None or not rule.applies_to_age(age) or not rule.fires(value, age):
            continue
        if rule.level == 2 and rule.kind == "danger_zone" and not danger_zone_on:
            noted.append(rule.code)
            continue
        fired[rule.level].append((rule.code, rule.label_en, rule.label_th))

    if fired[1]:
        level, why, used_resources = 1, fired[1], None
    elif fired[2]:
        level, why, used_resources = 2, fired[2], None
    else:
        level = 3 if resources >= 2 else 4 if resources == 1 else 5
        label = f"Expected resources: {resources}" + (" (estimated from symptoms)" if estimated else "")
        why, used_resources = (
            [(f"resources:{resources}", label, f"ทรัพยากรที่คาดว่าจะใช้: {resources}")],
            resources,
        )

    info = criteria.levels[level]
    return TriageResult(
        level=level,
        name=info.name_en,
        colour=info.colour,
        reasons=tuple(c for c, _, _ in why),
        reason_labels=tuple(en for _, en, _ in why),
        reason_labels_th=tuple(th for _, _, th in why),
        incomplete=bool(missing),
        missing=missing,
        resources=used_resources,
        resources_estimated=estimated and used_resources is not None,
        computed_level=level,
        criteria_version=criteria.version,
        niems_colour=info.niems_colour,
        danger_zone_noted=tuple(noted) if level > 2 else (),
    )


def override_triage(
    result: TriageResult,
    level: int,
    reason: str,
    by: str | None = None,
    criteria: TriageCriteria | None = None,
) -> TriageResult:
    """A clinician's manual level. The computed level and its reasons are kept next to
    the override so the audit trail shows both; an override without a reason is refused."""
    criteria = criteria or load_criteria()
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise TriageInputError("level", "must be 1-5")
    if not isinstance(reason, str) or not reason.strip():
        raise TriageInputError("override_reason", "an override needs a reason", code="required")
    info = criteria.levels[level]
    return replace(
        result,
        level=level,
        name=info.name_en,
        colour=info.colour,
        niems_colour=info.niems_colour,
        override_reason=reason.strip(),
        override_by=by,
    )


def colour_for_level(level: int, criteria: TriageCriteria | None = None) -> str:
    """The MOPH ED Triage colour of a level (1 red, 2 pink, 3 yellow, 4 green, 5 white)."""
    criteria = criteria or load_criteria()
    if level not in criteria.levels:
        raise TriageInputError("level", "must be 1-5")
    return criteria.levels[level].colour


def niems_colour_for_level(level: int, criteria: TriageCriteria | None = None) -> str:
    """The prehospital (NIEMS 1669) colour a level maps to (1-2 red, 3 yellow, 4 green, 5 white)."""
    criteria = criteria or load_criteria()
    if level not in criteria.levels:
        raise TriageInputError("level", "must be 1-5")
    return criteria.levels[level].niems_colour


def reason_label(code: str, lang: str = "en", criteria: TriageCriteria | None = None) -> str:
    """A stored reason code in words (Thai when `lang` is "th"), from the criteria in force.

    Patients keep codes only, so a record reads the same after the criteria file is reworded; a
    code the current criteria no longer have is shown as it is.
    """
    criteria = criteria or _default_criteria()
    thai = lang.startswith("th")
    kind, _, rest = code.partition(":")
    if kind == "symptom":
        return symptom_label(rest, lang, criteria) if rest in criteria.symptoms else code
    if kind == "resources" and rest.isdigit():
        return f"ทรัพยากรที่คาดว่าจะใช้: {rest}" if thai else f"Expected resources: {rest}"
    for rule in criteria.vital_rules:
        if rule.code == code:
            return (rule.label_th if thai else "") or rule.label_en or code
    return code


def symptom_label(code: str, lang: str = "en", criteria: TriageCriteria | None = None) -> str:
    """A symptom code in words (Thai when `lang` is "th"); an unknown code as it is."""
    criteria = criteria or _default_criteria()
    s = criteria.symptoms.get(code)
    if s is None:
        return code
    return (s.label_th if lang.startswith("th") else "") or s.label_en
