"""The crop catalogue and the Farmbook rules that depend only on dates and areas.

Pure module (no Django). The crops, their register group and each group's rule live in
`data/crops.json` with their sources (DOAE farmer register criteria):

- rice: reported 15-60 days after planting, at least 1 rai;
- field crops: from day 15 after planting until harvest, at least 1 rai;
- vegetables, flowers, herbs: from day 15 after planting until harvest, at least 1 ngan;
- fruit trees and perennials (rubber, oil palm, durian...): any time from day 30 after
  planting, by planting year, area and number of trees, updated every year while they
  stand; at least 1 rai.

A registration lapses after 3 years without an update (REFERENCE.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "crops.json"
RAI_PER_NGAN = 0.25
LAPSE_YEARS = 3
MAX_TREES_PER_RAI = 1000  # a typo guard only (1.6 m² per tree), not a rule

_DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))

# Compensation crop groups; the rates live in the database (editable), seeded from the data file.
GROUP_RICE = "rice"
GROUP_FIELD_VEG = "field_veg"
GROUP_FRUIT_PERENNIAL = "fruit_perennial"
COMPENSATION_GROUPS = (GROUP_RICE, GROUP_FIELD_VEG, GROUP_FRUIT_PERENNIAL)
COMPENSATION = _DATA["compensation"]
DEFAULT_RATES_2021 = {g: float(r) for g, r in COMPENSATION["rates_baht_per_rai"].items()}
COMPENSATION_SOURCE = COMPENSATION["source"]
COMPENSATION_SOURCE_TH = COMPENSATION.get("source_th", "")
REGISTER_GROUP_OF_KIND = {
    "rice": "rice",
    "field": "field",
    "vegetable": "vegetable",
    "flower": "vegetable",
    "fruit": "perennial",
    "perennial": "perennial",
}


@dataclass(frozen=True)
class RegisterRule:
    """How one crop group is reported to the register."""

    group: str
    name_en: str
    name_th: str
    from_day: int
    to_day: int | None  # None: until harvest (seasonal) or no limit (perennial)
    min_area_rai: float
    annual_update: bool  # perennial: updated every year while it stands
    tree_count: bool  # the number of trees is recorded (and required)
    rule_th: str
    rule_en: str
    source: str


RULES: dict[str, RegisterRule] = {
    key: RegisterRule(
        group=key,
        name_en=g["name_en"],
        name_th=g["name_th"],
        from_day=int(g["report"]["from_day"]),
        to_day=None if g["report"]["to_day"] is None else int(g["report"]["to_day"]),
        min_area_rai=float(g["min_area_rai"]),
        annual_update=bool(g["annual_update"]),
        tree_count=bool(g["tree_count"]),
        rule_th=g["rule_th"],
        rule_en=g["rule_en"],
        source=g["source"],
    )
    for key, g in _DATA["groups"].items()
}


@dataclass(frozen=True)
class Crop:
    code: str
    name_en: str
    name_th: str
    kind: str  # rice, field, vegetable, flower, fruit, perennial
    min_area_rai: float
    # The crop key of the fertilizer kernel's tables (None: no table for it).
    fertilizer_crop: str | None
    productive_years: int | None = None  # perennials: how long a planting stands

    @property
    def register_group(self) -> str:
        return REGISTER_GROUP_OF_KIND[self.kind]

    @property
    def rule(self) -> RegisterRule:
        return RULES[self.register_group]

    @property
    def perennial(self) -> bool:
        return self.rule.annual_update

    @property
    def compensation_group(self) -> str:
        return COMPENSATION["groups"][self.kind]


def _crop(row: dict) -> Crop:
    kind = row["kind"]
    rule = RULES[REGISTER_GROUP_OF_KIND[kind]]
    return Crop(
        code=row["code"],
        name_en=row["name_en"],
        name_th=row["name_th"],
        kind=kind,
        min_area_rai=float(row.get("min_area_rai", rule.min_area_rai)),
        fertilizer_crop=row.get("fertilizer_crop"),
        productive_years=row.get("productive_years"),
    )


CROPS: dict[str, Crop] = {row["code"]: _crop(row) for row in _DATA["crops"]}


class RuleError(ValueError):
    """A Farmbook rule is broken; `field` names the input to fix."""

    def __init__(self, field: str, message: str, code: str = "invalid", **params):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code  # with `params`, lets a page say it in the user's language
        self.params = params


def crop(code: str, field: str = "crop") -> Crop:
    try:
        return CROPS[code]
    except KeyError:
        raise RuleError(field, f"unknown crop {code!r}; known: {', '.join(CROPS)}", "unknown_crop") from None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 Feb
        return day.replace(year=day.year + years, day=28)


def standing_until(crop_code: str, planting_date: date, expected_harvest: date | None) -> date:
    """The last day the crop stands: the expected harvest, or a perennial's productive life."""
    if expected_harvest is not None:
        return expected_harvest
    c = crop(crop_code)
    if c.productive_years:
        return _add_years(planting_date, c.productive_years)
    raise RuleError("expected_harvest", "required for this crop", "required")


def check_cycle(
    crop_code: str,
    planting_date: date,
    expected_harvest: date | None,
    area_rai: float,
    plot_area_rai: float,
    reported_on: date,
    tree_count: int | None = None,
) -> Crop:
    """Validate one crop-cycle report; raise `RuleError` naming the field, else return the crop.

    `expected_harvest` may be None for a perennial (it stands for its productive life)."""
    c = crop(crop_code)
    rule = c.rule
    if not area_rai > 0:
        raise RuleError("area_rai", "must be greater than 0", "not_positive")
    if area_rai < c.min_area_rai - 1e-9:
        minimum = "1 ngan (0.25 rai)" if c.min_area_rai == RAI_PER_NGAN else f"{c.min_area_rai:g} rai"
        raise RuleError(
            "area_rai",
            f"{c.name_en} needs at least {minimum} to be registered",
            "below_minimum",
            crop=c.name_th,
            minimum=minimum,
            min_rai=c.min_area_rai,
        )
    # 1 % slack: the drawn plot and the farmer's stated area never agree to the square wah.
    if area_rai > plot_area_rai * 1.01:
        raise RuleError(
            "area_rai",
            f"larger than the plot ({plot_area_rai:.2f} rai)",
            "larger_than_plot",
            plot_rai=round(plot_area_rai, 2),
        )
    if rule.tree_count:
        if tree_count is None:
            raise RuleError(
                "tree_count",
                f"{c.name_en} is registered with its number of trees",
                "tree_count_required",
                crop=c.name_th,
            )
        if tree_count < 1 or tree_count > area_rai * MAX_TREES_PER_RAI:
            raise RuleError(
                "tree_count",
                f"{tree_count} trees on {area_rai:g} rai is impossible",
                "tree_count_impossible",
                trees=tree_count,
            )
    elif tree_count is not None:
        raise RuleError("tree_count", f"{c.name_en} is not registered by tree count", "no_tree_count")
    if expected_harvest is None and not c.productive_years:
        raise RuleError("expected_harvest", "required for this crop", "required")
    if expected_harvest is not None and expected_harvest <= planting_date:
        raise RuleError("expected_harvest", "must be after the planting date", "harvest_before_planting")
    if planting_date > reported_on:
        raise RuleError("planting_date", "must not be in the future", "future_date")
    days = (reported_on - planting_date).days
    if days < rule.from_day:
        opens = planting_date + timedelta(days=rule.from_day)
        raise RuleError(
            "planting_date",
            f"{c.name_en} is reported from day {rule.from_day} after planting: the window opens on {opens}",
            "too_early",
            crop=c.name_th,
            first=rule.from_day,
            opens=opens,
        )
    if rule.to_day is not None and days > rule.to_day:
        raise RuleError(
            "planting_date",
            f"{c.name_en} is reported {rule.from_day}-{rule.to_day} days after planting: the window "
            f"closed {days - rule.to_day} days ago; plant and report the next cycle on time",
            "too_late",
            crop=c.name_th,
            first=rule.from_day,
            last=rule.to_day,
            days=days - rule.to_day,
        )
    if rule.to_day is None and not rule.annual_update and expected_harvest and reported_on > expected_harvest:
        raise RuleError(
            "expected_harvest",
            f"{c.name_en} is reported before harvest; the expected harvest was {expected_harvest}",
            "after_harvest",
            crop=c.name_th,
            harvest=expected_harvest,
        )
    return c


def update_window(
    crop_code: str, planting_date: date, expected_harvest: date | None
) -> tuple[date, date | None]:
    """First and last day a cycle may be reported (None: no last day, perennials)."""
    c = crop(crop_code)
    rule = c.rule
    first = planting_date + timedelta(days=rule.from_day)
    if rule.to_day is not None:
        return first, planting_date + timedelta(days=rule.to_day)
    return first, None if rule.annual_update else expected_harvest


def lapse_date(last_update: date) -> date:
    """The day a registration lapses: 3 years after its last update (29 Feb -> 28 Feb)."""
    return _add_years(last_update, LAPSE_YEARS)


def registration_status(last_update: date, today: date) -> str:
    """'active' or 'lapsed' (3 years without an update)."""
    return "lapsed" if today >= lapse_date(last_update) else "active"


def cycle_active_on(planting_date: date, expected_harvest: date, day: date) -> bool:
    """The crop stands in the field on `day` (planted, not yet harvested)."""
    return planting_date <= day <= expected_harvest
