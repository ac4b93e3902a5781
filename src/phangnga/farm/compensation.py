"""Disaster compensation: who is eligible and how much, as pure functions.

Rules (Ministry of Finance disaster-relief rule B.E. 2562 and its agricultural criteria,
`data/crops.json` "compensation"; DOAE forms กษ.01/กษ.02): the household registered
with the DOAE before the disaster, the plot has a land document, lies in the declared
area (its own location, not the household's address), a crop registered on it was
standing when the disaster struck, and an officer **assessed** the plot and found a
**total loss** (เสียหายสิ้นเชิง) on a damaged area. Pay crop-group rate x damaged rai
(never more than the crop's registered area), at most 30 rai per household.

Which plots fill the 30-rai cap first: the officer's order (`cap_priority`, 1 first) where
given; the rule itself names none, so plots without an order follow, highest rate first
(the household receives the most the rule allows), then by plot id.
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
class AssessmentFacts:
    damaged_rai: float
    total_loss: bool
    cycle_id: int | None = None  # the crop the officer found damaged (None: the standing one)
    cap_priority: int | None = None


@dataclass(frozen=True)
class PlotFacts:
    plot_id: int
    registered_on: date
    has_land_document: bool
    in_area: bool  # the plot's own location lies in the declared districts/subdistricts/area
    cycles: tuple[CycleFacts, ...]
    assessment: AssessmentFacts | None = None
    share_inside: float = 1.0  # 0..1 of the plot inside a drawn area (a hint for the officer)


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
    assessed: bool = False
    total_loss: bool = False
    damaged_rai: float = 0.0
    affected_rai: float = 0.0  # the payable basis: damaged rai, at most the crop's registered area
    paid_rai: float = 0.0
    rate: float = 0.0
    amount: float = 0.0
    cap_priority: int | None = None
    share_inside: float = 1.0


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
    if not plot.in_area:
        reasons.append("outside_affected_area")
    standing = [c for c in plot.cycles if c.planting_date <= event_start <= c.expected_harvest]
    a = plot.assessment
    cycle = None
    if a is not None and a.cycle_id is not None:
        cycle = next((c for c in standing if c.cycle_id == a.cycle_id), None)
    elif standing:
        # One crop counts per plot: the latest planted one standing at the time.
        cycle = max(standing, key=lambda c: (c.planting_date, c.cycle_id))
    if cycle is None:
        reasons.append("no_crop_standing_at_event")
    if a is None:
        reasons.append("not_assessed")
    elif a.damaged_rai <= 0:
        reasons.append("no_damage")
    elif not a.total_loss:
        reasons.append("loss_not_total")
    result = PlotResult(
        plot.plot_id, eligible=not reasons, reasons=reasons, share_inside=round(plot.share_inside, 4)
    )
    if cycle is not None:
        result.cycle_id = cycle.cycle_id
        result.crop_group = cycle.crop_group
    if a is not None:
        result.assessed = True
        result.total_loss = a.total_loss
        result.damaged_rai = round(a.damaged_rai, 4)
        result.cap_priority = a.cap_priority
        if cycle is not None:
            result.affected_rai = round(min(a.damaged_rai, cycle.area_rai), 4)
    return result


def cap_order(plots: list[PlotResult]) -> list[PlotResult]:
    """The order plots fill the household cap: the officer's order, then highest rate first."""
    return sorted(
        plots,
        key=lambda p: (p.cap_priority is None, p.cap_priority or 0, -p.rate, p.plot_id),
    )


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
    for p in cap_order(eligible):
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
