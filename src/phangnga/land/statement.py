"""Each owner's statement as a PDF, in Thai (or English on request), drawn with the platform's
own Sarabun font and HarfBuzz shaping (core/pdf.py), so it is the same on any machine: no system
font is needed. Dates are Buddhist-era in the Thai version.
"""

from __future__ import annotations

from datetime import date

from phangnga.core.pdf import Document, official_date
from phangnga.core.thai import format_rai_ngan_wah

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
        "settlement": "การชำระเงินส่วนต่าง",
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
        "settlement": "Settlement",
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


def render(plan, parcel, consents, today: date | None = None, lang: str = "th") -> tuple[bytes, str]:
    """(pdf bytes, language used). `plan` is plans.Plan for the parcel's project."""
    lang = lang if lang in TEXT else "th"
    t = TEXT[lang]
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
        (t["settlement"], cash_text),
    ]
    doc = Document(title=t["title"], lang=lang)
    doc.set_margins(20, 18, 20)
    doc.add_page()
    if project.is_demo:
        doc.line(t["demo"], size=11, color=(200, 0, 0))
    doc.line(t["title"], size=16, bold=True, height=9)
    doc.ln(2)
    doc.rows(data, widths=(62, 108))
    doc.ln(5)
    doc.line(t["consent"], size=13, bold=True, height=7)
    got = {c.step: c for c in consents}
    crow = []
    for code, label in STEP_LABELS[lang].items():
        c = got.get(code)
        if c is None:
            state = t["none_yet"]
        else:
            state = f"{t['agreed'] if c.agreed else t['not_agreed']} ({official_date(c.date, lang)}) {c.note}"
        crow.append((label, state.strip()))
    doc.rows(crow, widths=(62, 108))
    doc.ln(6)
    doc.line(f"{t['printed']} {official_date(today or date.today(), lang)}", size=9, color=(110, 110, 110))
    return doc.bytes(), lang
