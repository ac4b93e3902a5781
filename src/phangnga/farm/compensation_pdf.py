"""The compensation list of a disaster as a PDF to sign and file (A4 landscape), in Thai with the
platform's own Sarabun and Thai shaping (core/pdf.py), Buddhist-era dates. Same rows as the
printable page (farm/disaster_print.html): households, their plots, paid rai and amounts."""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _

from phangnga.core.pdf import Document, official_date

from .templatetags.farm_tags import crop_label


def _baht(value) -> str:
    return "-" if value is None else f"{float(value):,.2f}"


def _assessed(assessment: dict | None, lang: str) -> str:
    if not assessment or not assessment.get("assessed_on"):
        return ""
    on = assessment["assessed_on"]
    on = date.fromisoformat(on) if isinstance(on, str) else on
    return f"{official_date(on, lang)} {assessment.get('assessed_by') or ''}".strip()


def render(event, body: dict, groups: dict, today: date | None = None) -> bytes:
    lang = "th" if (translation.get_language() or "th").startswith("th") else "en"
    doc = Document(title=f"{_('Compensation list')}: {event.name}", lang=lang, orientation="landscape")
    doc.set_margins(10, 10, 10)
    doc.add_page()
    doc.line(f"{_('Compensation list')}: {event.name}", size=14, bold=True, height=8)
    when = official_date(event.started_on, lang)
    if event.ended_on:
        when += f" – {official_date(event.ended_on, lang)}"
    rates = ", ".join(f"{groups.get(g, g)} {_baht(r)}" for g, r in body["rates"].items())
    doc.line(
        f"{event.get_kind_display()} · {when} · {_('Rates')}: {rates} {_('baht per rai')} · "
        f"{_('at most')} {body['cap_rai_per_household']:.0f} {_('rai per household')}",
        size=9,
    )
    doc.line(
        _(
            "Paid: the assessed damaged area of a total loss × the crop group's rate; the 30-rai "
            "household cap is filled in the officer's order, then highest rate first."
        ),
        size=9,
    )
    doc.ln(2)
    head = (
        "#",
        _("Farmbook code"),
        _("Head of household"),
        _("National ID"),
        _("Village"),
        _("Plot"),
        _("Land document"),
        _("Crop"),
        _("Plot area"),
        _("Damaged (total loss)"),
        _("Assessed"),
        _("Paid rai"),
        _("Amount (baht)"),
        _("Signature"),
    )
    rows = []
    for n, h in enumerate(body["households"], start=1):
        for i, p in enumerate(h["plots"]):
            rows.append(
                (
                    str(n) if i == 0 else "",
                    h["code"],
                    h["head_name"],
                    h["head_national_id"],
                    f"{_('Moo')} {h['moo']} {h['village']}",
                    p["plot_name"],
                    f"{p['land_document']} {p['land_document_no']}".strip(),
                    crop_label(p["crop"]),
                    p.get("area_rai_ngan_wah", ""),
                    (p.get("assessment") or {}).get("damaged_rai_ngan_wah", ""),
                    _assessed(p.get("assessment"), lang),
                    f"{p['paid_rai']:.2f}",
                    _baht(p["amount"]),
                    " ",
                )
            )
        total = _("Household total") + (f" ({_('capped')})" if h["capped"] else "")
        rows.append(("", total, *[""] * 9, f"{h['paid_rai']:.2f}", _baht(h["amount"]), " "))
    t = body["totals"]
    rows.append(
        (
            "",
            f"{_('Total')}: {t['households']} {_('households')}",
            *[""] * 9,
            f"{t['paid_rai']:.2f}",
            _baht(t["amount"]),
            " ",
        )
    )
    doc.rows(
        rows, widths=(7, 22, 28, 24, 24, 18, 22, 17, 19, 19, 24, 13, 18, 22), size=8, head=head, blank=""
    )
    doc.ln(3)
    doc.line(f"{_('Printed')} {official_date(today or date.today(), lang)}", size=8, color=(110, 110, 110))
    return doc.bytes()
