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


class TableError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_table(
    data: bytes, filename: str, max_rows: int = limits.MAX_ROWS, max_seconds: float = limits.MAX_SECONDS
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the file; TableError for a bad file or one past the limits (core/limits.py: size,
    an xlsx's expanded size checked before openpyxl opens it, rows, reading time)."""
    name = filename.lower()
    try:
        limits.check_size(data, "file")
        if name.endswith((".xlsx", ".xlsm")):
            limits.check_xlsx(data, "file")
            rows = _xlsx_rows(data)
        elif name.endswith((".csv", ".txt")):
            rows = _csv_rows(data)
        else:
            raise TableError("file must be .csv or .xlsx")
        budget = limits.RowBudget("file", max_rows=max_rows, max_seconds=max_seconds)
        try:
            header = next(rows)
        except StopIteration:
            raise TableError("the file is empty") from None
        keys = [str(h or "").strip().lower() for h in header]
        out = []
        for n, values in enumerate(rows, start=2):
            budget.tick()
            if all(v in (None, "") for v in values):
                continue
            out.append((n, {k: v for k, v in zip(keys, values, strict=False) if k}))
        return out
    except limits.UploadRefused as exc:
        raise TableError(exc.message) from None


def _csv_rows(data: bytes):
    text = limits.decode_text(data)  # UTF-8, or Thai Windows exports
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;|\t")
    except csv.Error:
        pass
    yield from csv.reader(io.StringIO(text), dialect)


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise TableError(f"not a readable Excel file ({exc.__class__.__name__})") from None
    ws = wb.worksheets[0]
    for row in ws.iter_rows(values_only=True):
        yield list(row)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()
