"""Every PDF the platform prints is in Thai, with the platform's own fonts embedded and Thai
shaped, on a machine with no Thai font installed (CI installs none): land owner statements, QR
sign PDFs (A4, A5, batch) and the dashboard export. Read back with poppler as a reader would:
pdftotext finds the Thai strings, pdffonts shows only embedded Sarabun / Noto Sans CJK SC, and
pdftoppm renders the page."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

import pdf_check
from phangnga.core.pdf import Document

SHIPPED = ("Sarabun", "NotoSansCJKSC")


def assert_platform_fonts_only(pdf: bytes) -> None:
    used = pdf_check.fonts(pdf)
    assert used, "no font in the PDF"
    for font in used:
        assert font["emb"] == "yes", font
        assert any(name in font["name"] for name in SHIPPED), font


def assert_renders(pdf: bytes, tmp_path, name: str) -> None:
    image = pdf_check.page_png(pdf, dpi=60, save_as=tmp_path / f"{name}.png")
    box = pdf_check.ink_box(image)
    assert box is not None and (box[2] - box[0]) > image.width / 3, "the page rendered blank"


def _mark_top(text: str, shaped: bool) -> tuple[int, int]:
    """(top of the ink, top of the ink without the last character) for one word at 60 pt."""

    def top(word: str) -> int:
        doc = Document(title="t", size=(80, 40))
        doc.set_text_shaping(use_shaping_engine=shaped)
        doc.set_auto_page_break(False)
        doc.add_page()
        doc.set_font("Sarabun", size=60)
        doc.set_xy(5, 10)
        doc.cell(text=word)
        return pdf_check.ink_box(pdf_check.page_png(doc.bytes(), dpi=150))[1]

    return top(text), top(text[:-1])


def test_tone_mark_over_an_upper_vowel_is_raised_above_it():
    # ที่: the tone mark (่) must sit above the vowel ี, not on it. Shaped, the word is taller
    # than ที alone; with shaping off (the reportlab-era behaviour) the mark sinks into the vowel.
    with_mark, without = _mark_top("ที่", shaped=True)
    assert without - with_mark > 8, (with_mark, without)
    flat_with, flat_without = _mark_top("ที่", shaped=False)
    assert flat_without - flat_with < without - with_mark


@pytest.mark.django_db
def test_land_owner_statement_in_thai(make_user, tmp_path):
    from phangnga.land.demo import create_project

    project = create_project()
    parcel = project.parcels.first()
    c = Client()
    c.force_login(make_user("land_officer"))
    r = c.get(f"/land/{project.pk}/parcels/{parcel.pk}/statement.pdf")
    assert r.status_code == 200 and r["Content-Language"] == "th"
    text = pdf_check.text(r.content)
    for expected in (
        "หนังสือแจ้งผลการจัดรูปที่ดินรายแปลง",
        "ผู้ถือกรรมสิทธิ์",
        "สิทธิได้รับที่ดินใหม่",
        "ความยินยอมของเจ้าของ",
        "พระราชบัญญัติการจัดรูปที่ดินเพื่อพัฒนาพื้นที่ พ.ศ. 2547",
        parcel.deed_no,
    ):
        assert expected in text, expected
    assert_platform_fonts_only(r.content)
    assert_renders(r.content, tmp_path, "statement")
    if os.environ.get("PHANGNGA_DOC_SHOTS"):  # scripts/screenshots.py
        pdf_check.page_png(
            r.content, dpi=90, save_as=Path(os.environ["PHANGNGA_DOC_SHOTS"]) / "land-statement-th.png"
        )
    english = c.get(f"/land/{project.pk}/parcels/{parcel.pk}/statement.pdf?lang=en")
    assert english["Content-Language"] == "en"
    assert "Land readjustment statement" in pdf_check.text(english.content)


@pytest.mark.django_db
def test_statement_dates_are_buddhist_era():
    from phangnga.land import plans, statement
    from phangnga.land.demo import create_project

    project = create_project()
    parcel = project.parcels.first()
    plan = plans.compute_plan(project, None, {})
    pdf, lang = statement.render(plan, parcel, [], today=date(2026, 1, 5))
    assert lang == "th"
    assert "พิมพ์วันที่ 5 มกราคม 2569" in pdf_check.text(pdf)


def test_qr_sign_pdf_prints_every_language(tmp_path):
    from phangnga.travel import printing

    spec = printing.SignSpec("ABC234", "https://example.org/s/ABC234", "จุดชมวิวเสม็ดนางชี", "Samet Nangshe")
    for size in ("A4", "A5"):
        pdf = printing.pdf([spec, spec], size)
        text = pdf_check.text(pdf)
        assert text.count("จุดชมวิวเสม็ดนางชี") == 2
        for _, scan_me in printing.SCAN_ME:
            assert scan_me in text, scan_me
        assert_platform_fonts_only(pdf)
        assert_renders(pdf, tmp_path, f"sign-{size}")


@pytest.mark.django_db
def test_dashboard_pdf_in_thai(make_user, tmp_path):
    from phangnga.dashboard import export, services

    with translation.override("th"):
        pdf = export.pdf(services.board(2021), today=date(2026, 1, 5))
    text = pdf_check.text(pdf)
    assert "ตัวชี้วัดจังหวัดพังงา" in text
    assert "2564" in text  # FY2021 is BE 2564
    assert "5 มกราคม 2569" in text
    assert_platform_fonts_only(pdf)
    assert_renders(pdf, tmp_path, "dashboard")
    c = Client()
    c.force_login(make_user("viewer"))
    r = c.get("/dashboard/export.pdf?fy=2564", HTTP_ACCEPT_LANGUAGE="th")
    assert r.status_code == 200 and "ตัวชี้วัดจังหวัดพังงา" in pdf_check.text(r.content)


@pytest.mark.django_db
def test_farm_compensation_list_pdf_in_thai(make_user, places, tmp_path):
    from phangnga.farm import demo
    from phangnga.farm.models import Disaster

    demo.load()
    event = Disaster.objects.order_by("pk").last()
    c = Client()
    c.force_login(make_user("agriculture_officer"))
    r = c.get(f"/farm/disasters/{event.pk}/print.pdf", HTTP_ACCEPT_LANGUAGE="th")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = pdf_check.text(r.content)
    assert event.name.split()[0] in text
    for expected in ("ลายมือชื่อ", "รวม"):
        assert expected in text, expected
    assert_platform_fonts_only(r.content)
    assert_renders(r.content, tmp_path, "compensation")
    assert c.get(f"/farm/disasters/{event.pk}/print").status_code == 200
