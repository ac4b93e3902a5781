"""How much an upload or a request may be, checked before anything parses it (one module for
every import path: CKD 43-file CSV/xlsx, visit history, parcels, farm tables, GeoJSON, FHIR).

An xlsx is a zip of XML: a small file can expand a thousandfold (a 0.56 MB workbook held 226 MB
of XML). `check_xlsx` reads only the zip directory and refuses a workbook whose members would
expand past `MAX_EXPANDED_BYTES`, or by more than `MAX_RATIO`, before openpyxl opens it; `RowBudget`
stops a read after `MAX_ROWS` rows or `MAX_SECONDS`. The directory's sizes can be trusted: Python's
zipfile stops inflating a member at its declared size (and then fails its CRC), so a member that
lies about its size cannot expand further.

A file is judged by its content, not its name: `check_text` refuses an image, PDF, zip or other
binary named .csv; `check_xlsx` refuses anything that is not a zip holding a workbook. Every
refusal is an `UploadRefused` naming the field and the limit (English for the API, `translated()`
for pages), raised before anything is written.
"""

from __future__ import annotations

import io
import time
import zipfile

from django.utils.translation import gettext_noop

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
# A referral's FHIR Bundle: Patient, ServiceRequest, Organizations, a few Observations.
MAX_BUNDLE_ENTRIES = 100
# A photo of a warning sign (admin), checked to be an image by its first bytes.
MAX_PHOTO_BYTES = 10 * MB


# What each refusal says, in English (the API's `fields`); pages show it in the user's language
# (`UploadRefused.translated()`, Thai in src/phangnga/locale). Counts arrive formatted ("1,000").
MESSAGES = {
    "too_large": gettext_noop("file of %(size)s bytes is over the limit of %(limit)s bytes"),
    "over_limit": gettext_noop("file is over the limit of %(limit)s bytes"),
    "too_many_rows": gettext_noop("more than %(limit)s rows; split the file"),
    "too_slow": gettext_noop("reading took more than %(seconds)s s; split the file"),
    "not_xlsx": gettext_noop("not an Excel workbook (.xlsx)"),
    "too_many_parts": gettext_noop("workbook has %(parts)s parts (at most %(limit)s)"),
    "expands": gettext_noop("workbook expands to %(size)s bytes (at most %(limit)s); split it"),
    "zip_bomb": gettext_noop("workbook expands %(ratio)s times (a zip bomb?)"),
    "not_text": gettext_noop("not a text file: this is %(kind)s"),
    "not_image": gettext_noop("not a PNG, JPEG or WebP image"),
    "wrong_type": gettext_noop("file must be %(types)s"),
    "empty": gettext_noop("the file is empty"),
    "unreadable_xlsx": gettext_noop("not a readable Excel file (%(why)s)"),
    "unreadable_csv": gettext_noop("not a readable CSV file (%(why)s)"),
}

# Files people upload by mistake, known by their first bytes (a name can say anything).
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", gettext_noop("a PNG image")),
    (b"\xff\xd8\xff", gettext_noop("a JPEG image")),
    (b"GIF8", gettext_noop("a GIF image")),
    (b"%PDF-", gettext_noop("a PDF document")),
    (b"PK\x03\x04", gettext_noop("a zip file or an Excel workbook (.xlsx)")),
    (b"PK\x05\x06", gettext_noop("a zip file or an Excel workbook (.xlsx)")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", gettext_noop("an old Office file (.xls, .doc)")),
    (b"\x1f\x8b", gettext_noop("a gzip archive")),
    (b"7z\xbc\xaf\x27\x1c", gettext_noop("a 7-Zip archive")),
    (b"Rar!\x1a\x07", gettext_noop("a RAR archive")),
    (b"\xff\xfe", gettext_noop("UTF-16 text (save it as CSV UTF-8)")),
    (b"\xfe\xff", gettext_noop("UTF-16 text (save it as CSV UTF-8)")),
)
BINARY = gettext_noop("a binary file")
IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
# C0 control bytes that no CSV, GeoJSON or 43-file holds (tab, newlines, form feed and the
# cp874 range 0x80-0xFF are text).
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13}) + b"\x7f"


class UploadRefused(ValueError):
    """An upload refused before anything is written: `field` names the form field or body key,
    `message` is English (the API), `translated()` the same in the active language (pages)."""

    def __init__(self, field: str, code: str, **params: str):
        self.field = field
        self.code = code
        self.params = params
        self.message = MESSAGES[code] % params
        super().__init__(f"{field}: {self.message}")

    def translated(self) -> str:
        from django.utils.translation import gettext

        params = {k: gettext(v) if k == "kind" else v for k, v in self.params.items()}
        return gettext(MESSAGES[self.code]) % params


def _n(value: float) -> str:
    return f"{value:,}"


def read_upload(upload, field: str = "file", max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an uploaded file, refused unread when it is over max_bytes."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise UploadRefused(field, "too_large", size=_n(size), limit=_n(max_bytes))
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRefused(field, "over_limit", limit=_n(max_bytes))
    return data


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Thai Windows (TIS-620 / cp874) as HOSxP and JHCIS export."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp874", errors="replace")


def binary_kind(data: bytes) -> str | None:
    """What a file is when it is not text (English, for gettext), judged by its content: a
    known signature, else NUL or other control bytes in the first 64 KB; None for text."""
    if data.startswith(b"\xef\xbb\xbf"):  # UTF-8 BOM: text, whatever follows
        data = data[3:]
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    if data[:12].startswith(b"RIFF") and data[8:12] == b"WEBP":
        return gettext_noop("a WebP image")
    head = data[: 64 * 1024]
    if b"\x00" in head or len(head.translate(None, _CONTROL)) < len(head) * 0.99:
        return BINARY
    return None


def check_text(data: bytes, field: str = "file") -> None:
    """Refuse a file that is not text (an image, a PDF, a zip, an .xls...), whatever its name."""
    kind = binary_kind(data)
    if kind is not None:
        raise UploadRefused(field, "not_text", kind=kind)


def check_image(data: bytes, field: str = "photo", max_bytes: int = MAX_PHOTO_BYTES) -> None:
    """Refuse a photo that is too large or not a PNG, JPEG or WebP image by its content."""
    check_size(data, field, max_bytes)
    webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if not (data.startswith(IMAGES) or webp):
        raise UploadRefused(field, "not_image")


def check_lines(text: str, field: str = "file", max_rows: int | None = None) -> None:
    """Refuse a text table of more than max_rows (MAX_ROWS) lines before anything parses it."""
    max_rows = max_rows or MAX_ROWS
    if text.count("\n") > max_rows:
        raise UploadRefused(field, "too_many_rows", limit=_n(max_rows))


def check_size(data: bytes | str, field: str = "file", max_bytes: int = MAX_FILE_BYTES) -> None:
    if len(data) > max_bytes:
        raise UploadRefused(field, "too_large", size=_n(len(data)), limit=_n(max_bytes))


# Parts every workbook has: a zip without them is some other zip (a .docx, a folder of CSVs).
XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")


def check_xlsx(data: bytes, field: str = "file") -> None:
    """Refuse a file that is not an xlsx workbook by its content, or whose members expand too
    far (a zip bomb), from the zip directory alone: nothing is decompressed."""
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRefused(field, "not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused(field, "not_xlsx") from None
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(field, "too_many_parts", parts=_n(len(members)), limit=_n(MAX_MEMBERS))
    names = {m.filename for m in members}
    if not all(part in names for part in XLSX_PARTS):
        raise UploadRefused(field, "not_xlsx")
    expanded = sum(m.file_size for m in members)
    if expanded > MAX_EXPANDED_BYTES:
        raise UploadRefused(field, "expands", size=_n(expanded), limit=_n(MAX_EXPANDED_BYTES))
    if expanded > max(len(data), 64 * 1024) * MAX_RATIO:
        raise UploadRefused(field, "zip_bomb", ratio=_n(expanded // max(len(data), 1)))


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
            raise UploadRefused(self.field, "too_many_rows", limit=_n(self.max_rows))
        if self.rows % 512 == 0 and time.monotonic() > self.deadline:
            raise UploadRefused(self.field, "too_slow", seconds=f"{self.max_seconds:g}")

    def rows_of(self, rows):
        for row in rows:
            self.tick()
            yield row
