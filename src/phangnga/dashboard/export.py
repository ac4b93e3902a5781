"""The board as an Excel workbook (openpyxl) and a PDF (reportlab, Thai font when present)."""

from __future__ import annotations

import io
import subprocess
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from phangnga.core.thai import be_year

from .services import Board

HEAD = [
    "fiscal_year_be",
    "key",
    "indicator",
    "value",
    "unit",
    "target",
    "reported",
    "reported_note",
    "status",
    "reason",
    "detail",
    "source_module",
    "url",
]


def _row(fy: int, c) -> list:
    return [
        be_year(fy),
        c.key,
        c.label,
        c.value,
        c.unit,
        c.target_text or c.target,
        c.reported,
        c.reported_text,
        c.status,
        c.reason,
        c.detail,
        c.source_module,
        c.url,
    ]


def xlsx(b: Board) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"FY{be_year(b.fy)}"
    ws.append([b.label_en, b.label_th])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(HEAD)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for c in b.cards:
        ws.append(_row(b.fy, c))
    trend = wb.create_sheet("by fiscal year")
    trend.append(HEAD)
    for rows in b.series.values():
        for fy, c in rows:
            trend.append(_row(fy, c))
    for sheet in (ws, trend):
        for col, width in zip(
            "ABCDEFGHIJKLM", (10, 20, 48, 14, 10, 14, 12, 40, 14, 30, 40, 12, 24), strict=True
        ):
            sheet.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def _thai_font() -> str | None:
    for name in ("Garuda.ttf", "Loma.ttf", "Sarabun-Regular.ttf", "Waree.ttf"):
        for d in ("/usr/share/fonts/truetype/tlwg", "/usr/share/fonts"):
            hits = list(Path(d).rglob(name)) if Path(d).is_dir() else []
            if hits:
                return str(hits[0])
    try:
        out = subprocess.run(
            ["fc-list", ":lang=th", "file", "style"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return next((ln.split(":", 1)[0] for ln in out.splitlines() if ".ttf" in ln and "Regular" in ln), None)


def pdf(b: Board) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "Helvetica"
    path = _thai_font()
    if path:
        try:
            if "PNDash" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("PNDash", path))
            font = "PNDash"
        except Exception:  # unusable font file: English-only PDF still works
            font = "Helvetica"
    body = ParagraphStyle("b", fontName=font, fontSize=9, leading=13)
    head = ParagraphStyle("h", parent=body, fontSize=15, leading=21)
    title = f"{b.label_th} / {b.label_en}" if font != "Helvetica" else b.label_en

    def p(text) -> Paragraph:
        # TLWG Thai fonts have no ≤ / ≥ glyphs: spell them in ASCII.
        text = str(text).replace("≤", "<=").replace("≥", ">=") if text is not None else text
        return Paragraph(
            str(text if text not in (None, "") else "-").replace("&", "&amp;").replace("<", "&lt;"), body
        )

    heads = (_("Indicator"), _("Value"), _("Target"), _("Reported"), _("Source"), _("Status / detail"))
    rows = [[p(h) for h in heads]]
    for c in b.cards:
        value = (
            _("not available")
            if c.status == "not_available"
            else (
                _("no data for this year")
                if c.value is None
                else f"{c.value:,.2f} {c.unit_label or c.unit}".replace(".00 ", " ")
            )
        )
        reported = "" if c.reported is None else f"{c.reported:,.2f}".replace(".00", "")
        rows.append(
            [
                p(c.label),
                p(value),
                p(c.target_text),
                p(f"{reported} {c.reported_text}".strip()),
                p(c.source_module),
                p(c.reason or c.detail),
            ]
        )
    table = Table(rows, colWidths=[70 * mm, 35 * mm, 25 * mm, 55 * mm, 22 * mm, 60 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e9ed")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4),
        title=f"Phang Nga KPI {b.label_en}",
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
    )
    doc.build([Paragraph(f"{_('Phang Nga provincial KPIs')} — {title}", head), Spacer(1, 3 * mm), table])
    return buf.getvalue()
