"""Each owner's statement as a PDF (reportlab), in Thai when a Thai TrueType font is on
the system (fonts-thai-tlwg: Garuda, Loma, ...), else in English with a note saying why.

Limitation: reportlab places Thai combining marks by the font's own offsets, without
OpenType shaping, so a tone mark over an upper vowel can sit a little high or overlap.
The text stays correct (it is copyable and searchable); only the stacking is plain.
"""

from __future__ import annotations

import io
import subprocess
from datetime import date
from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from phangnga.core.thai import format_date_th, format_rai_ngan_wah

PREFERRED = ("Garuda.ttf", "Loma.ttf", "Sarabun-Regular.ttf", "Norasi.ttf", "Waree.ttf", "Kinnari.ttf")
SEARCH_DIRS = ("/usr/share/fonts/truetype/tlwg", "/usr/share/fonts/truetype", "/usr/share/fonts")
FONT_NAME = "PNThai"


@lru_cache(maxsize=1)
def thai_font_path() -> str | None:
    """A regular Thai-capable .ttf: known names first, then whatever fc-list offers."""
    for d in SEARCH_DIRS:
        for name in PREFERRED:
            hits = list(Path(d).rglob(name)) if Path(d).is_dir() else []
            if hits:
                return str(hits[0])
    try:
        out = subprocess.run(
            ["fc-list", ":lang=th", "file", "style"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in out.splitlines():
        path = line.split(":", 1)[0].strip()
        if path.lower().endswith(".ttf") and "Regular" in line:
            return path
    return None


def _register() -> bool:
    path = thai_font_path()
    if not path:
        return False
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(TTFont(FONT_NAME, path))
        except Exception:  # a broken or CFF-flavoured font: fall back to English
            return False
    return True


TEXT = {
    "th": {
        "title": "หนังสือแจ้งผลการจัดรูปที่ดินรายแปลง",
        "project": "โครงการ",
        "location": "ที่ตั้ง",
        "legal": "อาศัยอำนาจตาม",
        "deed": "โฉนดเลขที่",
        "owners": "ผู้ถือกรรมสิทธิ์",
        "deed_area": "เนื้อที่ตามโฉนด",
        "surveyed": "เนื้อที่รังวัด (คำนวณบนทรงรี)",
        "zone": "เขตราคาที่ดิน",
        "value": "ราคาต่อตารางเมตร ก่อน / หลัง",
        "method": "วิธีคำนวณที่ใช้",
        "area_m": "วิธีเนื้อที่",
        "value_m": "วิธีมูลค่า",
        "ratio": "อัตราส่วนการเฉลี่ยที่ดิน",
        "ent_area": "สิทธิได้รับที่ดินใหม่ (วิธีเนื้อที่)",
        "ent_value": "สิทธิได้รับที่ดินใหม่ (วิธีมูลค่า)",
        "plot": "แปลงใหม่ที่จัดให้",
        "diff": "ผลต่างเนื้อที่",
        "pay": "เจ้าของชำระเงินให้โครงการ",
        "receive": "โครงการชำระเงินให้เจ้าของ",
        "none": "ไม่มีการชำระเงิน",
        "consent": "ความยินยอมของเจ้าของ",
        "agreed": "ยินยอม",
        "not_agreed": "ยังไม่ยินยอม",
        "none_yet": "ยังไม่มีบันทึก",
        "printed": "พิมพ์วันที่",
        "demo": "ข้อมูลตัวอย่าง (สาธิต) ไม่ใช่ข้อมูลจริง",
        "baht": "บาท",
        "m2": "ตร.ม.",
        "not_drawn": "ยังไม่ได้จัดแปลง",
    },
    "en": {
        "title": "Land readjustment statement for one parcel",
        "project": "Project",
        "location": "Location",
        "legal": "Legal basis",
        "deed": "Title deed",
        "owners": "Owners",
        "deed_area": "Deed area",
        "surveyed": "Surveyed area (geodesic)",
        "zone": "Land value zone",
        "value": "Unit value before / after (baht/m2)",
        "method": "Method used",
        "area_m": "area method",
        "value_m": "value method",
        "ratio": "Contribution ratio",
        "ent_area": "Entitlement (area method)",
        "ent_value": "Entitlement (value method)",
        "plot": "New plot allocated",
        "diff": "Area difference",
        "pay": "Owner pays the project",
        "receive": "The project pays the owner",
        "none": "No payment",
        "consent": "Owner's consent",
        "agreed": "agreed",
        "not_agreed": "not agreed",
        "none_yet": "no record yet",
        "printed": "Printed",
        "demo": "DEMO DATA - not a real project",
        "baht": "baht",
        "m2": "m2",
        "not_drawn": "not drawn yet",
        "no_font": "No Thai font was found on this server, so this statement is in English "
        "(install fonts-thai-tlwg for the Thai version).",
    },
}


def _m2(v: float | None, t: dict) -> str:
    if v is None:
        return "-"
    return f"{v:,.2f} {t['m2']} ({format_rai_ngan_wah(abs(v), 1, 'ไร่' if t is TEXT['th'] else 'rai')})"


STEP_LABELS = {
    "th": {
        "initiation": "ริเริ่มโครงการและสำรวจความเห็นเจ้าของ",
        "survey": "รังวัดและประเมินราคา",
        "plan": "แผนการจัดรูปที่ดิน",
        "allocation": "จัดแปลงที่ดินใหม่",
        "approval": "อนุมัติและจดทะเบียน",
    },
    "en": {
        "initiation": "Initiation and owner survey",
        "survey": "Parcel survey and valuation",
        "plan": "Readjustment plan",
        "allocation": "New plot allocation",
        "approval": "Approval and registration",
    },
}


def render(plan, parcel, consents, today: date | None = None) -> tuple[bytes, str]:
    """(pdf bytes, language used). `plan` is services.Plan for the parcel's project."""
    lang = "th" if _register() else "en"
    t = TEXT[lang]
    font = FONT_NAME if lang == "th" else "Helvetica"
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=17)
    head = ParagraphStyle("h", parent=body, fontSize=16, leading=22, spaceAfter=6)
    small = ParagraphStyle("s", parent=body, fontSize=9, leading=13, textColor=colors.grey)
    project = plan.project
    rows = {r["parcel"].deed_no: r for r in plan.rows()}[parcel.deed_no]
    zone = project.zones.filter(code=parcel.zone).first()
    settled = rows["settled"]
    cash = settled.settlement_baht if settled else None
    if cash is None or abs(cash) < 0.005:
        cash_text = t["none"]
    elif cash > 0:
        cash_text = f"{t['pay']} {cash:,.2f} {t['baht']}"
    else:
        cash_text = f"{t['receive']} {-cash:,.2f} {t['baht']}"
    data = [
        (t["project"], project.name_th if lang == "th" and project.name_th else project.name),
        (t["location"], project.location),
        (t["legal"], "พระราชบัญญัติการจัดรูปที่ดินเพื่อพัฒนาพื้นที่ พ.ศ. 2547" if lang == "th" else project.legal_basis),
        (t["deed"], parcel.deed_no),
        (t["owners"], ", ".join(parcel.owners)),
        (t["deed_area"], _m2(parcel.deed_area_m2, t)),
        (t["surveyed"], _m2(parcel.computed_area_m2, t)),
        (t["zone"], parcel.zone or "-"),
        (t["value"], f"{zone.value_before:,.0f} / {zone.value_after:,.0f}" if zone else "-"),
        (t["method"], t["area_m"] if plan.chosen.method == "area" else t["value_m"]),
        (t["ratio"], f"{plan.chosen.ratio * 100:.2f} %"),
        (t["ent_area"], _m2(rows["area"].new_area_m2, t)),
        (t["ent_value"], _m2(rows["value"].new_area_m2, t) if rows["value"] else "-"),
        (t["plot"], _m2(rows["plot"].area_m2, t) if rows["plot"] else t["not_drawn"]),
        (
            t["diff"],
            f"{settled.area_difference_m2:+,.2f} {t['m2']}"
            if settled and settled.area_difference_m2 is not None
            else "-",
        ),
        ("", cash_text),
    ]
    story = []
    if project.is_demo:
        story.append(Paragraph(t["demo"], ParagraphStyle("d", parent=body, textColor=colors.red)))
    if lang == "en":
        story.append(Paragraph(TEXT["en"]["no_font"], small))
    story += [Paragraph(t["title"], head), Spacer(1, 2 * mm)]
    table = Table(
        [[Paragraph(a, body), Paragraph(str(b), body)] for a, b in data], colWidths=[62 * mm, 108 * mm]
    )
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    story += [
        table,
        Spacer(1, 5 * mm),
        Paragraph(t["consent"], ParagraphStyle("h2", parent=body, fontSize=13)),
    ]
    got = {c.step: c for c in consents}
    crow = []
    for code, label in STEP_LABELS[lang].items():
        c = got.get(code)
        if c is None:
            state = t["none_yet"]
        else:
            when = format_date_th(c.date) if lang == "th" else c.date.isoformat()
            state = f"{t['agreed'] if c.agreed else t['not_agreed']} ({when}) {c.note}"
        crow.append([Paragraph(str(label), body), Paragraph(state, body)])
    ctable = Table(crow, colWidths=[62 * mm, 108 * mm])
    ctable.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey)]))
    today = today or date.today()
    story += [
        ctable,
        Spacer(1, 6 * mm),
        Paragraph(f"{t['printed']} {format_date_th(today) if lang == 'th' else today.isoformat()}", small),
    ]
    buf = io.BytesIO()
    SimpleDocTemplate(
        buf,
        pagesize=A4,
        title=t["title"],
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    ).build(story)
    return buf.getvalue(), lang
