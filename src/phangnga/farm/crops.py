"""The crop catalogue and the Farmbook rules that depend only on dates and areas.

Pure module (no Django). Facts from REFERENCE.md (DOAE Farmbook): report each
production cycle 15-60 days after planting; minimum area rice/field crops >= 1 rai,
vegetables/flowers >= 1 ngan; registration lapses after 3 years without an update.
The minimum for fruit trees and perennials is not in our sources: 1 rai is assumed
(as for field crops) and kept as data here so it can be corrected in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

RAI_PER_NGAN = 0.25
UPDATE_WINDOW_DAYS = (15, 60)
LAPSE_YEARS = 3

# Compensation crop groups (2021 rates: rice 1,340; field crops and vegetables 1,980;
# fruit and perennials 4,048 baht per rai). Rates live in the database (editable).
GROUP_RICE = "rice"
GROUP_FIELD_VEG = "field_veg"
GROUP_FRUIT_PERENNIAL = "fruit_perennial"
COMPENSATION_GROUPS = (GROUP_RICE, GROUP_FIELD_VEG, GROUP_FRUIT_PERENNIAL)
DEFAULT_RATES_2021 = {GROUP_RICE: 1340.0, GROUP_FIELD_VEG: 1980.0, GROUP_FRUIT_PERENNIAL: 4048.0}


@dataclass(frozen=True)
class Crop:
    code: str
    name_en: str
    name_th: str
    kind: str  # rice, field, vegetable, flower, fruit, perennial
    min_area_rai: float
    # The crop key of the fertilizer kernel's tables (None: no table for it).
    fertilizer_crop: str | None

    @property
    def compensation_group(self) -> str:
        if self.kind == "rice":
            return GROUP_RICE
        if self.kind in ("field", "vegetable", "flower"):
            return GROUP_FIELD_VEG
        return GROUP_FRUIT_PERENNIAL


CROPS: dict[str, Crop] = {
    c.code: c
    for c in (
        Crop("rice", "Rice", "ข้าว", "rice", 1.0, "rice"),
        Crop("corn", "Maize", "ข้าวโพด", "field", 1.0, None),
        Crop("cassava", "Cassava", "มันสำปะหลัง", "field", 1.0, None),
        Crop("sugarcane", "Sugarcane", "อ้อย", "field", 1.0, "sugarcane"),
        Crop("vegetables", "Vegetables", "ผัก", "vegetable", RAI_PER_NGAN, "vegetables"),
        Crop("flowers", "Flowers", "ไม้ดอก", "flower", RAI_PER_NGAN, None),
        Crop("rubber", "Rubber", "ยางพารา", "perennial", 1.0, "rubber"),
        Crop("oil_palm", "Oil palm", "ปาล์มน้ำมัน", "perennial", 1.0, "oil_palm"),
        Crop("coconut", "Coconut", "มะพร้าว", "perennial", 1.0, None),
        Crop("coffee", "Coffee", "กาแฟ", "perennial", 1.0, None),
        Crop("durian", "Durian", "ทุเรียน", "fruit", 1.0, "durian"),
        Crop("mangosteen", "Mangosteen", "มังคุด", "fruit", 1.0, "durian"),
        Crop("rambutan", "Rambutan", "เงาะ", "fruit", 1.0, "durian"),
    )
}


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


def check_cycle(
    crop_code: str,
    planting_date: date,
    expected_harvest: date,
    area_rai: float,
    plot_area_rai: float,
    reported_on: date,
) -> Crop:
    """Validate one crop-cycle report; raise `RuleError` naming the field, else return the crop."""
    c = crop(crop_code)
    if not area_rai > 0:
        raise RuleError("area_rai", "must be greater than 0")
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
    if expected_harvest <= planting_date:
        raise RuleError("expected_harvest", "must be after the planting date", "harvest_before_planting")
    days = (reported_on - planting_date).days
    first, last = UPDATE_WINDOW_DAYS
    if days < first:
        opens = planting_date + timedelta(days=first)
        raise RuleError(
            "planting_date",
            f"report {first}-{last} days after planting: the window opens on {opens}",
            "too_early",
            opens=opens,
        )
    if days > last:
        raise RuleError(
            "planting_date",
            f"report {first}-{last} days after planting: the window closed "
            f"{days - last} days ago; plant and report the next cycle on time",
            "too_late",
            days=days - last,
        )
    return c


def update_window(planting_date: date) -> tuple[date, date]:
    first, last = UPDATE_WINDOW_DAYS
    return planting_date + timedelta(days=first), planting_date + timedelta(days=last)


def lapse_date(last_update: date) -> date:
    """The day a registration lapses: 3 years after its last update (29 Feb -> 28 Feb)."""
    try:
        return last_update.replace(year=last_update.year + LAPSE_YEARS)
    except ValueError:
        return last_update.replace(year=last_update.year + LAPSE_YEARS, day=28)


def registration_status(last_update: date, today: date) -> str:
    """'active' or 'lapsed' (3 years without an update)."""
    return "lapsed" if today >= lapse_date(last_update) else "active"


def cycle_active_on(planting_date: date, expected_harvest: date, day: date) -> bool:
    """The crop stands in the field on `day` (planted, not yet harvested)."""
    return planting_date <= day <= expected_harvest
