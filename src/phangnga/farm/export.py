"""The compensation list as an Excel workbook (openpyxl), one row per paid plot."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from phangnga.core.exports import append
from phangnga.core.thai import format_date_th

from . import crops, subdistricts
from .models import Disaster


def eligible_workbook(event: Disaster, body: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Compensation")[:31]
    bold = Font(bold=True)
    append(ws, [event.name])
    ws["A1"].font = Font(bold=True, size=14)
    append(
        ws,
        [
            _("Kind"),
            event.get_kind_display(),
            _("Started on"),
            format_date_th(event.started_on),
            _("Ended on"),
            format_date_th(event.ended_on) if event.ended_on else "",
        ],
    )
    append(
        ws,
        [_("Rates (baht per rai)")]
        + [f"{g}: {r:,.2f}" for g, r in body["rates"].items()]
        + [_("Cap per household (rai)"), body["cap_rai_per_household"]],
    )
    append(
        ws,
        [
            _(
                "Paid: the assessed damaged area of a total loss x the crop group's rate, 30 rai per household at most"
            )
        ],
    )
    append(ws, [])
    header = [
        _("No."),
        _("Farmbook code"),
        _("Head of household"),
        _("National ID"),
        _("District"),
        _("Subdistrict"),
        _("Moo"),
        _("Village"),
        _("Plot"),
        _("Plot lies in (subdistrict)"),
        _("Land document"),
        _("Document number"),
        _("Crop"),
        _("Plot area (rai-ngan-wah)"),
        _("Damaged area (rai-ngan-wah)"),
        _("Total loss"),
        _("Assessed on"),
        _("Assessed by"),
        _("Cap order"),
        _("Damaged rai"),
        _("Paid rai"),
        _("Rate (baht/rai)"),
        _("Amount (baht)"),
    ]
    money_from = header.index(_("Damaged rai")) + 1
    append(ws, header)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = bold
    blank = [""] * (len(header) - 4)
    for n, h in enumerate(body["households"], start=1):
        for p in h["plots"]:
            crop = crops.CROPS.get(p["crop"])
            a = p.get("assessment") or {}
            append(
                ws,
                [
                    n,
                    h["code"],
                    h["head_name"],
                    h["head_national_id"],
                    h["district"],
                    subdistricts.name(h["district"], h["subdistrict"]),
                    h["moo"],
                    h["village"],
                    p["plot_name"],
                    subdistricts.name(p["plot_district"], p["plot_subdistrict"]),
                    p["land_document"],
                    p["land_document_no"],
                    crop.name_th if crop else p["crop"],
                    p["area_rai_ngan_wah"],
                    a.get("damaged_rai_ngan_wah", ""),
                    _("yes") if p["total_loss"] else _("no"),
                    format_date_th(a["assessed_on"]) if a.get("assessed_on") else "",
                    a.get("assessed_by") or "",
                    p["cap_priority"] or "",
                    p["affected_rai"],
                    p["paid_rai"],
                    p["rate"],
                    p["amount"],
                ],
            )
        append(
            ws,
            blank[:-1]
            + [
                _("Household total") + (" (cap)" if h["capped"] else ""),
                h["affected_rai"],
                h["paid_rai"],
                "",
                h["amount"],
            ],
        )
        for cell in ws[ws.max_row]:
            cell.font = bold
    append(ws, [])
    t = body["totals"]
    append(
        ws,
        [_("Total"), f"{t['households']} " + _("households"), f"{t['plots']} " + _("plots")]
        + [""] * (len(header) - 6)
        + [t["paid_rai"], "", t["amount"]],
    )
    for cell in ws[ws.max_row]:
        cell.font = bold
    widths = (5, 16, 24, 15, 12, 14, 5, 16, 14, 16, 10, 14, 14, 14, 14, 8, 14, 12, 8, 10, 10, 10, 14)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=header_row + 1, min_col=money_from, max_col=len(header)):
        for cell in row:
            cell.number_format = "#,##0.00"
    ws.freeze_panes = f"A{header_row + 1}"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
