"""Land readjustment (Land Readjustment Act B.E. 2547): each owner's share of the
replotted land by the area method or the value method, and cash settlement.

Area method (REFERENCE.md):
    r = (public_after - public_before + reserve) / (total - public_before)
    new area = old area x (1 - r)
  total - public_before is the private land before, so the new areas add up exactly to
  the land left for plots: total - public_after - reserve.

Value method:
    k = total value after / total value before
    entitled value = k x old value;  new area = entitled value / unit value at the new site
  When the appraised total value after is not given, k is the value that makes the new
  plots fill exactly the land left for plots:  sum(k x old_value_i / new_unit_i) = available,
  i.e. k = available / sum(old_value_i / new_unit_i). Then the definition holds too:
  total value after = sum(new_area_i x new_unit_i) = k x total value before.

Settlement: when an owner's allocated plot differs from the entitlement, the difference
is paid in cash at the unit value of the new site.
`settlement_baht > 0`: the owner pays the project (got more than entitled);
`settlement_baht < 0`: the project pays the owner.

No Django: bad input raises `ReadjustInputError` (a ValueError) naming the field, e.g.
"parcels[3].area_m2", so the API can answer 422.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from phangnga.core.kernel_errors import KernelInputError

METHODS = ("area", "value")
# Surveyed total vs. sum of deed areas: deeds are rounded to the square wah (4 m2), so
# small differences are normal; beyond this the inputs do not describe the same land.
TOTAL_TOLERANCE = 0.005


class ReadjustInputError(KernelInputError):
    """Bad input to this kernel; `field` names it."""


@dataclass(frozen=True)
class Parcel:
    id: str
    area_m2: float
    value_per_m2: float | None = None  # before the project, baht/m2
    new_value_per_m2: float | None = None  # at the owner's new site, baht/m2
    allocated_area_m2: float | None = None  # the plot actually drawn for the owner, if any


@dataclass(frozen=True)
class ParcelResult:
    id: str
    old_area_m2: float
    new_area_m2: float  # entitlement
    contribution_m2: float  # land the owner gives up (old - new)
    contribution_ratio: float  # contribution / old area
    old_value_baht: float | None
    entitled_value_baht: float | None
    allocated_area_m2: float | None
    area_difference_m2: float | None  # allocated - entitled
    settlement_baht: float | None  # > 0 owner pays, < 0 owner is paid; None if nothing to settle


@dataclass(frozen=True)
class ReadjustResult:
    method: str
    ratio: float  # contribution ratio r (value method: the area-weighted equivalent)
    k: float | None  # value method only
    total_m2: float
    private_before_m2: float
    available_m2: float  # land for plots after: total - public_after - reserve
    allocated_sum_m2: float  # sum of entitlements
    area_balance_m2: float  # available - sum of entitlements (0 unless k was given)
    total_value_before_baht: float | None
    total_value_after_baht: float | None
    parcels: tuple[ParcelResult, ...]
    total_settlement_baht: float | None
    notes: tuple[str, ...] = ()


def _number(value: object, field: str, *, positive: bool = False, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ReadjustInputError(field, "must be a finite number")
    if positive and value <= 0:
        raise ReadjustInputError(field, "must be above 0", code="not_positive")
    if value < 0:
        raise ReadjustInputError(field, "must not be negative", code="negative")
    return float(value)


def _check_parcels(parcels: Sequence[Parcel]) -> None:
    if not parcels:
        raise ReadjustInputError("parcels", "at least one parcel is needed", code="required")
    seen: dict[str, int] = {}
    for i, p in enumerate(parcels):
        if not isinstance(p.id, str) or not p.id.strip():
            raise ReadjustInputError(f"parcels[{i}].id", "required", code="required")
        if p.id in seen:
            raise ReadjustInputError(
                f"parcels[{i}].id", f"duplicate of parcels[{seen[p.id]}] ({p.id})", "duplicate"
            )
        seen[p.id] = i
        _number(p.area_m2, f"parcels[{i}].area_m2", positive=True)
        _number(p.value_per_m2, f"parcels[{i}].value_per_m2", allow_none=True)
        _number(p.new_value_per_m2, f"parcels[{i}].new_value_per_m2", allow_none=True)
        _number(p.allocated_area_m2, f"parcels[{i}].allocated_area_m2", allow_none=True)


def contribution_ratio(
    private_before_m2: float, public_before_m2: float, public_after_m2: float, reserve_m2: float
) -> float:
    """r = (public_after - public_before + reserve) / private land before; 0 <= r < 1."""
    r = (public_after_m2 - public_before_m2 + reserve_m2) / private_before_m2
    if r < 0:
        raise ReadjustInputError(
            "ratio",
            f"contribution ratio {r:.3f} is below 0: public land after plus reserve is less than public land before",
        )
    if r >= 1:
        raise ReadjustInputError(
            "ratio",
            f"contribution ratio {r:.3f} is 1 or more: public land after plus reserve leaves no land for plots",
        )
    return r


def readjust(
    parcels: Sequence[Parcel],
    public_before_m2: float,
    public_after_m2: float,
    reserve_m2: float = 0.0,
    method: str = "area",
    total_m2: float | None = None,
    total_value_after_baht: float | None = None,
) -> ReadjustResult:
    """Entitlements for every parcel by the chosen method, with cash settlement for any
    parcel that has an `allocated_area_m2` and a unit value at its new site."""
    if method not in METHODS:
        raise ReadjustInputError("method", 'must be "area" or "value"')
    _check_parcels(parcels)
    pub_before = _number(public_before_m2, "public_before_m2")
    pub_after = _number(public_after_m2, "public_after_m2")
    reserve = _number(reserve_m2, "reserve_m2")
    private_before = math.fsum(p.area_m2 for p in parcels)
    total = private_before + pub_before
    if total_m2 is not None:
        given = _number(total_m2, "total_m2", positive=True)
        if abs(given - total) > TOTAL_TOLERANCE * given:
            raise ReadjustInputError(
                "total_m2",
                f"{given:,.1f} m2 does not close with the parcels plus public land before ({total:,.1f} m2)",
                code="does_not_close",
            )
        total = given
        private_before = total - pub_before
    available = total - pub_after - reserve
    # Checked for both methods: r < 0 or r >= 1 means the inputs describe no readjustment.
    r = contribution_ratio(private_before, pub_before, pub_after, reserve)

    if method == "area":
        return _area_method(parcels, r, total, private_before, available)
    return _value_method(
        parcels, total, private_before, available, pub_before, pub_after, reserve, total_value_after_baht
    )


def _settle(p: Parcel, entitled_area: float, unit_value: float | None) -> tuple[float | None, float | None]:
    if p.allocated_area_m2 is None:
        return None, None
    diff = p.allocated_area_m2 - entitled_area
    return round(diff, 2), (None if unit_value is None else round(diff * unit_value, 2))


def _area_method(
    parcels: Sequence[Parcel], r: float, total: float, private_before: float, available: float
) -> ReadjustResult:
    rows = []
    for p in parcels:
        new = p.area_m2 * (1 - r)
        old_value = None if p.value_per_m2 is None else p.area_m2 * p.value_per_m2
        # The area method entitles land, not value; its value is shown when the new
        # site's unit value is known, and the same unit value prices any difference.
        entitled_value = None if p.new_value_per_m2 is None else new * p.new_value_per_m2
        diff, cash = _settle(p, new, p.new_value_per_m2)
        rows.append(
            ParcelResult(
                id=p.id,
                old_area_m2=p.area_m2,
                new_area_m2=round(new, 2),
                contribution_m2=round(p.area_m2 - new, 2),
                contribution_ratio=round(r, 6),
                old_value_baht=None if old_value is None else round(old_value, 2),
                entitled_value_baht=None if entitled_value is None else round(entitled_value, 2),
                allocated_area_m2=p.allocated_area_m2,
                area_difference_m2=diff,
                settlement_baht=cash,
            )
        )
    allocated = math.fsum(p.area_m2 * (1 - r) for p in parcels)
    values = [p.area_m2 * p.value_per_m2 for p in parcels if p.value_per_m2 is not None]
    after = [p.area_m2 * (1 - r) * p.new_value_per_m2 for p in parcels if p.new_value_per_m2 is not None]
    return ReadjustResult(
        method="area",
        ratio=r,
        k=None,
        total_m2=total,
        private_before_m2=private_before,
        available_m2=available,
        allocated_sum_m2=round(allocated, 2),
        area_balance_m2=round(available - allocated, 2),
        total_value_before_baht=round(math.fsum(values), 2) if len(values) == len(parcels) else None,
        total_value_after_baht=round(math.fsum(after), 2) if len(after) == len(parcels) else None,
        parcels=tuple(rows),
        total_settlement_baht=_total_settlement(rows),
    )


def _value_method(
    parcels: Sequence[Parcel],
    total: float,
    private_before: float,
    available: float,
    pub_before: float,
    pub_after: float,
    reserve: float,
    total_value_after: float | None,
) -> ReadjustResult:
    for i, p in enumerate(parcels):
        if p.value_per_m2 is None:
            raise ReadjustInputError(
                f"parcels[{i}].value_per_m2", "the value method needs every parcel's value", "required"
            )
        if p.new_value_per_m2 is None:
            raise ReadjustInputError(
                f"parcels[{i}].new_value_per_m2",
                "the value method needs the unit value at the new site",
                "required",
            )
        if p.new_value_per_m2 <= 0:
            raise ReadjustInputError(f"parcels[{i}].new_value_per_m2", "must be above 0", "not_positive")
    old_values = [p.area_m2 * p.value_per_m2 for p in parcels]  # type: ignore[operator]
    before = math.fsum(old_values)
    if before <= 0:
        raise ReadjustInputError("parcels", "total value before is 0: the value method cannot share it")
    notes: list[str] = []
    if total_value_after is None:
        k = available / math.fsum(v / p.new_value_per_m2 for v, p in zip(old_values, parcels, strict=True))  # type: ignore[operator]
    else:
        after_given = _number(total_value_after, "total_value_after_baht", positive=True)
        k = after_given / before
    if k < 1:
        notes.append("value_loss: the land is worth less after the project than before (k < 1)")

    rows = []
    new_areas = []
    for p, old_value in zip(parcels, old_values, strict=True):
        entitled = k * old_value
        new = entitled / p.new_value_per_m2  # type: ignore[operator]
        new_areas.append(new)
        diff, cash = _settle(p, new, p.new_value_per_m2)
        rows.append(
            ParcelResult(
                id=p.id,
                old_area_m2=p.area_m2,
                new_area_m2=round(new, 2),
                contribution_m2=round(p.area_m2 - new, 2),
                contribution_ratio=round(1 - new / p.area_m2, 6),
                old_value_baht=round(old_value, 2),
                entitled_value_baht=round(entitled, 2),
                allocated_area_m2=p.allocated_area_m2,
                area_difference_m2=diff,
                settlement_baht=cash,
            )
        )
    allocated = math.fsum(new_areas)
    balance = available - allocated
    if total_value_after is not None and abs(balance) > TOTAL_TOLERANCE * available:
        side = "more" if balance < 0 else "less"
        notes.append(
            f"area_mismatch: entitlements need {abs(balance):,.1f} m2 {side} than the land left for plots"
        )
    return ReadjustResult(
        method="value",
        ratio=1 - allocated / private_before,
        k=k,
        total_m2=total,
        private_before_m2=private_before,
        available_m2=available,
        allocated_sum_m2=round(allocated, 2),
        area_balance_m2=round(balance, 2),
        total_value_before_baht=round(before, 2),
        total_value_after_baht=round(k * before, 2),
        parcels=tuple(rows),
        total_settlement_baht=_total_settlement(rows),
        notes=tuple(notes),
    )


def _total_settlement(rows: Sequence[ParcelResult]) -> float | None:
    amounts = [r.settlement_baht for r in rows if r.settlement_baht is not None]
    return round(math.fsum(amounts), 2) if amounts else None
