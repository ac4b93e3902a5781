"""Read an uploaded table (CSV or Excel .xlsx) into dict rows keyed by lower-case header.

Row numbers are kept as the user sees them in the file (header = row 1), so an error
report can say "row 7".
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any


class TableError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_table(data: bytes, filename: str, max_rows: int = 200_000) -> list[tuple[int, dict[str, Any]]]:
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise TableError("file must be .csv or .xlsx")
    try:
        header = next(rows)
    except StopIteration:
        raise TableError("the file is empty") from None
    keys = [str(h or "").strip().lower() for h in header]
    out = []
    for n, values in enumerate(rows, start=2):
        if n - 1 > max_rows:
            raise TableError(f"more than {max_rows} rows; split the file")
        if all(v in (None, "") for v in values):
            continue
        out.append((n, {k: v for k, v in zip(keys, values, strict=False) if k}))
    return out


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp874")  # Thai Windows exports
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
