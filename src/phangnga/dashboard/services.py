"""The board for one fiscal year: cards, and each card across recent fiscal years."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from phangnga.core import roles
from phangnga.core.thai import be_year, fiscal_year, fiscal_year_label

from . import charts, sources

YEARS_SHOWN = 5
# Viewer and every staff role read the board (farmers are not staff).
READERS = tuple(r for r in roles.ROLES if r != roles.FARMER)


def current_fy() -> int:
    return fiscal_year(timezone.localdate())


@dataclass
class Board:
    fy: int
    cards: list[sources.Card]
    years: list[int]
    series: dict[str, list[tuple[int, sources.Card]]]

    @property
    def label_th(self) -> str:
        return fiscal_year_label(self.fy, "th")

    @property
    def label_en(self) -> str:
        return fiscal_year_label(self.fy, "en")

    @property
    def demo(self) -> bool:
        """Is any figure on the board (this year or the years charted) computed from demo data?"""
        return any(c.demo for rows in self.series.values() for _fy, c in rows)

    @property
    def demo_modules(self) -> list[str]:
        return sorted({c.source_module for rows in self.series.values() for _fy, c in rows if c.demo})

    def chart(self, key: str, title: str = "") -> str:
        points = [(str(be_year(fy)), c.value, c.reported) for fy, c in self.series.get(key, [])]
        return charts.bars(points, title)


def board(fy_ce: int, years: int = YEARS_SHOWN, modules: tuple[str, ...] = sources.MODULES) -> Board:
    span = list(range(fy_ce - years + 1, fy_ce + 1))
    series = sources.series(span, modules)
    current = [s[-1][1] for s in series.values()]
    return Board(fy_ce, current, span, series)


def api_body(b: Board) -> dict:
    return {
        "fy": b.fy,
        "fy_be": be_year(b.fy),
        "label": b.label_en,
        "label_th": b.label_th,
        "demo": b.demo,
        "demo_modules": b.demo_modules,
        "indicators": [c.as_dict() for c in b.cards],
    }
