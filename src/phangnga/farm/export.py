"""The compensation list as an Excel workbook (openpyxl), one row per paid plot."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from phangnga.core.thai import format_date_th

from . import crops, subdistricts
from .models import Disaster


def eligible_workbook(event: Disaster, body: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Compensation")[:31]
    bold = Font(bold=True)
    ws.append([event.name])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            _("Kind"),
            event.get_kind_display(),
            _("Started on"),
            format_date_th(event.started_on),
            _("Ended on"),
            format_date_th(event.ended_on) if event.ended_on else "",
        ]
    )
    ws.append(
        [_("Rates (baht per rai)")]
        + [f"{g}: {r:,.2f}" for g, r in body["rates"].items()]
        + [_("Cap per household (rai)"), body["cap_rai_per_household"]]
    )
    ws.append([])
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
        _("Land document"),
        _("Document number"),
        _("Crop"),
        _("Affected rai"),
        _("Paid rai"),
        _("Rate (baht/rai)"),
        _("Amount (baht)"),
    ]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = bold
    for n, h in enumerate(body["households"], start=1):
        for p in h["plots"]:
            crop = crops.CROPS.get(p["crop"])
            ws.append(
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
                    p["land_document"],
                    p["land_document_no"],
                    crop.name_th if crop else p["crop"],
                    p["affected_rai"],
                    p["paid_rai"],
                    p["rate"],
                    p["amount"],
                ]
            )
        ws.append(
            [
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                _("Household total") + (" (cap)" if h["capped"] else ""),
                h["affected_rai"],
                h["paid_rai"],
                "",
                h["amount"],
            ]
        )
        for cell in ws[ws.max_row]:
            cell.font = bold
    ws.append([])
    t = body["totals"]
    ws.append(
        [
            _("Total"),
            f"{t['households']} " + _("households"),
            f"{t['plots']} " + _("plots"),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            t["paid_rai"],
            "",
            t["amount"],
        ]
    )
    for cell in ws[ws.max_row]:
        cell.font = bold
    for i, width in enumerate((5, 16, 24, 15, 12, 14, 5, 16, 14, 10, 14, 14, 10, 10, 10, 14), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=6, min_col=13, max_col=16):
        for cell in row:
            cell.number_format = "#,##0.00"
    ws.freeze_panes = "A6"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
