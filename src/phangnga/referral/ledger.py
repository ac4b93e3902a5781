"""Fuel fund ledger kernel (pure): statements over contributions and trip costs.

A statement for a period: opening balance (everything before it), money in, money out,
closing balance; closing = opening + in - out by construction and checked, to the satang.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Entry:
    day: date
    amount: Decimal  # + contribution, - trip cost
    label: str = ""


def balance(entries: Iterable[Entry], until: date | None = None) -> Decimal:
    return sum((e.amount for e in entries if until is None or e.day <= until), Decimal("0"))


def statement(entries: Iterable[Entry], start: date, end: date) -> dict:
    """Statement for [start, end] inclusive, with its lines in date order."""
    entries = sorted(entries, key=lambda e: e.day)
    opening = sum((e.amount for e in entries if e.day < start), Decimal("0"))
    lines, running = [], opening
    money_in = money_out = Decimal("0")
    for e in entries:
        if start <= e.day <= end:
            running += e.amount
            if e.amount >= 0:
                money_in += e.amount
            else:
                money_out += -e.amount
            lines.append(
                {"date": e.day.isoformat(), "label": e.label, "amount": e.amount, "balance": running}
            )
    closing = opening + money_in - money_out
    if closing != running:  # cannot happen unless the arithmetic above is broken
        raise AssertionError("fuel fund statement does not balance")
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "opening": opening,
        "in": money_in,
        "out": money_out,
        "closing": closing,
        "lines": lines,
    }


def trip_cost(distance_km: float, l_per_km: float, price_per_litre: Decimal) -> tuple[Decimal, Decimal]:
    """(litres, cost) for a boat trip, litres to 0.01 L and cost to the satang."""
    litres = (Decimal(str(distance_km)) * Decimal(str(l_per_km))).quantize(Decimal("0.01"))
    return litres, (litres * Decimal(price_per_litre)).quantize(Decimal("0.01"))
