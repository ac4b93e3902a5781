"""Disaster compensation: who is eligible and how much, as pure functions.

Rules (REFERENCE.md, DOAE form กษ.01): the household registered before the disaster,
the plot has a land document, a crop registered on that plot was standing when the
disaster struck; pay crop-group rate x affected rai, at most 30 rai per household.
When a household has more than 30 affected rai, the cap is filled with its
highest-rate crops first, so the household gets the most the rule allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

CAP_RAI_PER_HOUSEHOLD = 30.0


@dataclass(frozen=True)
class CycleFacts:
    cycle_id: int
    crop_group: str
    planting_date: date
    expected_harvest: date
    area_rai: float


@dataclass(frozen=True)
class PlotFacts:
    plot_id: int
    registered_on: date
    has_land_document: bool
    affected_share: float  # 0..1 of the plot inside the disaster area
    cycles: tuple[CycleFacts, ...]


@dataclass(frozen=True)
class HouseholdFacts:
    household_id: int
    registered_on: date
    plots: tuple[PlotFacts, ...]
    approved: bool = True  # a registration still waiting for the officer does not count yet


@dataclass
class PlotResult:
    plot_id: int
    eligible: bool
    reasons: list[str] = field(default_factory=list)
    cycle_id: int | None = None
    crop_group: str | None = None
    affected_rai: float = 0.0
    paid_rai: float = 0.0
    rate: float = 0.0
    amount: float = 0.0


@dataclass
class HouseholdResult:
    household_id: int
    eligible: bool
    reasons: list[str]
    plots: list[PlotResult]
    affected_rai: float
    paid_rai: float
    amount: float
    capped: bool


def plot_result(
    plot: PlotFacts, household_registered: date, event_start: date, approved: bool = True
) -> PlotResult:
    reasons = []
    if not approved:
        reasons.append("household_not_approved")
    if household_registered >= event_start:
        reasons.append("household_registered_after_event")
    if plot.registered_on >= event_start:
        reasons.append("plot_registered_after_event")
    if not plot.has_land_document:
        reasons.append("no_land_document")
    if plot.affected_share <= 0:
        reasons.append("outside_affected_area")
    standing = [c for c in plot.cycles if c.planting_date <= event_start <= c.expected_harvest]
    if not standing:
        reasons.append("no_crop_standing_at_event")
    result = PlotResult(plot.plot_id, eligible=not reasons, reasons=reasons)
    if standing:
        # One crop counts per plot: the latest planted one standing at the time.
        cycle = max(standing, key=lambda c: (c.planting_date, c.cycle_id))
        result.cycle_id = cycle.cycle_id
        result.crop_group = cycle.crop_group
        result.affected_rai = round(cycle.area_rai * plot.affected_share, 4)
    return result


def household_result(
    household: HouseholdFacts,
    event_start: date,
    rates: dict[str, float],
    cap_rai: float = CAP_RAI_PER_HOUSEHOLD,
) -> HouseholdResult:
    plots = [
        plot_result(p, household.registered_on, event_start, household.approved) for p in household.plots
    ]
    eligible = [p for p in plots if p.eligible]
    for p in eligible:
        if p.crop_group not in rates:
            raise KeyError(f"no compensation rate for crop group {p.crop_group!r}")
        p.rate = rates[p.crop_group]
    left = cap_rai
    for p in sorted(eligible, key=lambda p: (-p.rate, p.plot_id)):
        p.paid_rai = round(min(p.affected_rai, max(left, 0.0)), 4)
        left -= p.paid_rai
        p.amount = round(p.paid_rai * p.rate, 2)
    affected = round(sum(p.affected_rai for p in eligible), 4)
    paid = round(sum(p.paid_rai for p in eligible), 4)
    reasons = sorted({r for p in plots for r in p.reasons}) if not eligible else []
    if not plots:
        reasons = ["no_plots"]
    return HouseholdResult(
        household_id=household.household_id,
        eligible=bool(eligible),
        reasons=reasons,
        plots=plots,
        affected_rai=affected,
        paid_rai=paid,
        amount=round(sum(p.amount for p in eligible), 2),
        capped=affected > cap_rai + 1e-9,
    )
