"""Read an uploaded table (CSV or Excel .xlsx) into dict rows keyed by lower-case header.

Row numbers are kept as the user sees them in the file (header = row 1), so an error
report can say "row 7".
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from phangnga.core import limits


class TableError(limits.UploadRefused):
    """A table refused or unreadable: `field`, English `message`, `translated()` for the page."""


def _is_xlsx(filename: str) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm"))


def check_table_file(data: bytes, filename: str) -> None:
    """The cheap checks before any parsing: size, and type by content (an xlsx's expanded size from
    its zip directory; a PNG or an .xls renamed .csv); TableError naming the field."""
    try:
        limits.check_size(data, "file")
        if _is_xlsx(filename):
            limits.check_xlsx(data, "file")
        elif filename.lower().endswith((".csv", ".txt")):
            limits.check_text(data, "file")
        else:
            raise TableError("file", "wrong_type", types=".csv, .xlsx")
    except TableError:
        raise
    except limits.UploadRefused as exc:
        raise TableError(exc.field, exc.code, **exc.params) from None


def read_table(
    data: bytes, filename: str, max_rows: int | None = None, max_seconds: float | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the file; TableError for a bad file or one past the limits (core/limits.py: size,
    type by content, an xlsx's expanded size checked before openpyxl opens it, rows, reading time)."""
    try:
        check_table_file(data, filename)
        rows = _xlsx_rows(data) if _is_xlsx(filename) else _csv_rows(data)
        # Limits read at call time (not bound as defaults) so an operator's change applies.
        budget = limits.RowBudget(
            "file", max_rows=max_rows or limits.MAX_ROWS, max_seconds=max_seconds or limits.MAX_SECONDS
        )
        try:
            header = next(rows)
        except StopIteration:
            raise TableError("file", "empty") from None
        keys = [str(h or "").strip().lower() for h in header]
        out = []
        for n, values in enumerate(rows, start=2):
            budget.tick()
            if all(v in (None, "") for v in values):
                continue
            out.append((n, {k: v for k, v in zip(keys, values, strict=False) if k}))
        return out
    except TableError:
        raise
    except limits.UploadRefused as exc:
        raise TableError(exc.field, exc.code, **exc.params) from None


def _csv_rows(data: bytes):
    text = limits.decode_text(data)  # UTF-8, or Thai Windows exports
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;|\t")
    except csv.Error:
        pass
    try:
        yield from csv.reader(io.StringIO(text), dialect)
    except csv.Error as exc:  # a field past csv's size limit, a stray quote at the end
        raise TableError("file", "unreadable_csv", why=str(exc)) from None


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise TableError("file", "unreadable_xlsx", why=exc.__class__.__name__) from None
    try:
        ws = wb.worksheets[0]
        for row in ws.iter_rows(values_only=True):
            yield list(row)
    except Exception as exc:  # a damaged sheet: bad XML, a member failing its CRC
        raise TableError("file", "unreadable_xlsx", why=exc.__class__.__name__) from None


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()
