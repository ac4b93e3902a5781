"""Printable signs: PDF and SVG in A4 and A5 with the QR, Thai and English names and "scan me"
in five languages; one batch PDF with every sign."""

import re
from xml.etree import ElementTree

import pytest

from phangnga.travel import printing

pytestmark = pytest.mark.django_db

A4_PT = (595.28, 841.89)
A5_PT = (419.53, 595.28)


def media_box(pdf: bytes) -> tuple[float, float]:
    m = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return float(m.group(1)), float(m.group(2))


@pytest.mark.parametrize("size, expected", [("A4", A4_PT), ("A5", A5_PT)])
def test_sign_pdf_page_sizes(api, make_sign, size, expected):
    sign = make_sign()
    r = api().get(f"/api/v1/travel/signs/{sign.code}/sign.pdf?size={size}")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    width, height = media_box(r.content)
    assert width == pytest.approx(expected[0], abs=0.5) and height == pytest.approx(expected[1], abs=0.5)
    assert r["X-Thai-Font"] == "embedded"


def test_bad_size_names_the_field(api, make_sign):
    sign = make_sign()
    r = api().get(f"/api/v1/travel/signs/{sign.code}/sign.pdf?size=A3")
    assert r.status_code == 422 and "size" in r.json()["fields"]


def test_sign_svg_has_everything(api, make_sign):
    sign = make_sign("samet-nangshe")
    r = api().get(f"/api/v1/travel/signs/{sign.code}/sign.svg?size=A5")
    assert r.status_code == 200
    root = ElementTree.fromstring(r.content)
    assert root.get("width") == "148.0mm" and root.get("height") == "210.0mm"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "จุดชมวิวเสม็ดนางชี" in texts and "Samet Nangshe viewpoint" in texts
    for _, scan_me in printing.SCAN_ME:
        assert scan_me in texts
    assert any(sign.code in t for t in texts)
    assert root.find("{http://www.w3.org/2000/svg}path") is not None  # the QR modules


def test_batch_pdf_has_one_page_per_sign_and_needs_an_officer(api, make_user, make_sign):
    signs = [make_sign(code) for code in ("similan", "surin", "koh-panyee")]
    officer = api(make_user("tourism_officer"))
    r = officer.get("/api/v1/travel/signs.pdf?size=A5")
    assert r.status_code == 200
    assert len(re.findall(rb"/Type /Page\b", r.content)) == len(signs)
    assert api().get("/api/v1/travel/signs.pdf").status_code == 401
    assert api(make_user("farmer")).get("/api/v1/travel/signs.pdf").status_code == 403


def test_printed_qr_decodes(make_sign, settings):
    """The QR drawn into the sign SVG is the same code segno makes for the URL."""
    from phangnga.travel import qr
    from phangnga.travel.services import sign_url

    settings.PUBLIC_BASE_URL = "https://pn.example"
    sign = make_sign()
    matrix = qr.modules(sign_url(sign.code))
    svg = printing.svg(printing.SignSpec(sign.code, sign_url(sign.code), "ทดสอบ", "Test"))
    dark = sum(row.count(True) for row in matrix)
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    assert path.count("M") == dark
