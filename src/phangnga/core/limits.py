"""How much an upload or a request may be, checked before anything parses it (one module for
every import path: CKD 43-file CSV/xlsx, visit history, parcels, farm tables, GeoJSON, FHIR).

An xlsx is a zip of XML: a small file can expand a thousandfold (a 0.56 MB workbook held 226 MB
of XML). `check_xlsx` reads only the zip directory and refuses a workbook whose members would
expand past `MAX_EXPANDED_BYTES`, or by more than `MAX_RATIO`, before openpyxl opens it; `RowBudget`
stops a read after `MAX_ROWS` rows or `MAX_SECONDS`. Every refusal is an `UploadRefused` whose
message names the field and the limit, raised before anything is written.
"""

from __future__ import annotations

import io
import time
import zipfile

MB = 1024 * 1024


def max_api_body() -> int:
    """The largest JSON body an API call may send: Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by
    default; a 10,000-sample telemetry batch is about 0.6 MB)."""
    from django.conf import settings

    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 8 * MB


# The largest request of an upload form (the CKD form takes four 43-files at once).
MAX_UPLOAD_BYTES = 100 * MB
# One uploaded table (a province's 43-file LABFU export is tens of MB; a visit history 20 MB).
MAX_FILE_BYTES = 50 * MB
# An xlsx's XML members together, expanded; and how much more that may be than the zip.
MAX_EXPANDED_BYTES = 64 * MB
MAX_RATIO = 100
MAX_MEMBERS = 1_000
# Rows of one table and time to read it.
MAX_ROWS = 200_000
MAX_SECONDS = 20.0
# A parcel file (GeoJSON or CSV of corners) and a farm table (JSON) are small by nature.
MAX_PARCEL_BYTES = 5 * MB
MAX_PARCELS = 5_000
MAX_TABLE_BYTES = 5 * MB


class UploadRefused(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def read_upload(upload, field: str = "file", max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an uploaded file, refused unread when it is over max_bytes."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise UploadRefused(field, f"file of {size:,} bytes is over the limit of {max_bytes:,} bytes")
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRefused(field, f"file is over the limit of {max_bytes:,} bytes")
    return data


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Thai Windows (TIS-620 / cp874) as HOSxP and JHCIS export."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp874", errors="replace")


def check_lines(text: str, field: str = "file", max_rows: int | None = None) -> None:
    """Refuse a text table of more than max_rows (MAX_ROWS) lines before anything parses it."""
    max_rows = max_rows or MAX_ROWS
    if text.count("\n") > max_rows:
        raise UploadRefused(field, f"more than {max_rows:,} rows; split the file")


def check_size(data: bytes | str, field: str = "file", max_bytes: int = MAX_FILE_BYTES) -> None:
    if len(data) > max_bytes:
        raise UploadRefused(field, f"{len(data):,} bytes is over the limit of {max_bytes:,} bytes")


def check_xlsx(data: bytes, field: str = "file") -> None:
    """Refuse a workbook that is not a zip or whose members expand too far (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused(field, "not an Excel workbook (.xlsx)") from None
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(field, f"workbook has {len(members):,} parts (at most {MAX_MEMBERS:,})")
    expanded = sum(m.file_size for m in members)
    if expanded > MAX_EXPANDED_BYTES:
        raise UploadRefused(
            field, f"workbook expands to {expanded:,} bytes (at most {MAX_EXPANDED_BYTES:,}); split it"
        )
    if expanded > max(len(data), 64 * 1024) * MAX_RATIO:
        raise UploadRefused(field, f"workbook expands {expanded // max(len(data), 1):,} times (a zip bomb?)")


class RowBudget:
    """Counts the rows of a table being read; UploadRefused past max_rows or max_seconds."""

    def __init__(self, field: str = "file", max_rows: int = MAX_ROWS, max_seconds: float = MAX_SECONDS):
        self.field = field
        self.max_rows = max_rows
        self.deadline = time.monotonic() + max_seconds
        self.max_seconds = max_seconds
        self.rows = 0

    def tick(self) -> None:
        self.rows += 1
        if self.rows > self.max_rows:
            raise UploadRefused(self.field, f"more than {self.max_rows:,} rows; split the file")
        if self.rows % 512 == 0 and time.monotonic() > self.deadline:
            raise UploadRefused(self.field, f"reading took more than {self.max_seconds:g} s; split the file")

    def rows_of(self, rows):
        for row in rows:
            self.tick()
            yield row
