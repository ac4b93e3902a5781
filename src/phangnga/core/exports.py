"""Cells of every CSV and Excel export, made safe to open in a spreadsheet (formula injection).

A spreadsheet reads a cell whose text starts with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula: a household head named `=HYPERLINK("http://x","y")` becomes a
link that sends whoever opens the compensation list elsewhere, and DDE formulas can run programs.
The OWASP guidance (https://owasp.org/www-community/attacks/CSV_Injection) is to prefix such a
cell with a single quote, which the spreadsheet takes as "this is text". That rule lives here and
nowhere else: every exporter writes its rows through `safe_row` / `csv_writer` / `append`.

Only text is escaped. Numbers stay numbers (a negative amount is a number, not a formula, and
the csv module writes it as `-12.5`, which a spreadsheet reads as the number); dates, booleans and
None pass unchanged. Quotes and separators inside a cell are the csv module's job (RFC 4180
quoting), so a cell cannot end early and start a new one with `=`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

# First characters a spreadsheet evaluates (OWASP list; tab and CR because Excel skips them
# and then reads the formula that follows).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, or for text that a spreadsheet would evaluate, the text after a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


def csv_rows(rows: Iterable[Iterable[Any]]) -> Iterator[list[Any]]:
    """Rows for csv.writer(...).writerows with every cell made safe."""
    for row in rows:
        yield safe_row(row)


class SafeCsvWriter:
    """csv.writer with every cell passed through safe_cell; the only CSV writer exports use."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        self._writer.writerows(csv_rows(rows))


def csv_writer(out, **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(out, **kwargs)


def append(ws, row: Iterable[Any]) -> None:
    """ws.append(row) for an openpyxl worksheet, every cell made safe first: openpyxl itself
    stores any text starting with `=` as a formula, so an unescaped name would run in Excel."""
    ws.append(safe_row(row))
