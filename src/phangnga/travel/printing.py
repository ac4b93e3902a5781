"""Printable signs, A4 and A5, as PDF (fpdf2) and SVG: the QR, the name in Thai and English,
"scan me" in the five tourist languages, the short code and the URL under the QR.

Fonts: the PDF embeds the platform's own fonts (core/pdf.py): Sarabun for Thai and Latin, shaped
with HarfBuzz, and Noto Sans CJK SC subsets for Chinese and Cyrillic, so every line prints on any
machine. The SVG names Sarabun first; the printer's or browser's fonts render it."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from . import qr

PAGE_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}
SCAN_ME = [
    ("th", "สแกนที่นี่"),
    ("en", "Scan me"),
    ("zh-hans", "扫一扫"),
    ("ru", "Сканируйте меня"),
    ("de", "Scan mich"),
]


@dataclass(frozen=True)
class SignSpec:
    code: str
    url: str
    name_th: str
    name_en: str


def thai_font() -> str:
    """The Thai font the PDF embeds: Sarabun from the platform's own fontpkg-sarabun package."""
    from phangnga.core.pdf import sarabun_path

    return sarabun_path("Regular")


def _layout(size: str) -> dict[str, float]:
    """Positions in mm from the top-left, shared by the PDF and the SVG so both look the same."""
    w, h = PAGE_MM[size]
    k = w / 210.0
    qr_mm = 120 * k
    return {
        "w": w,
        "h": h,
        "k": k,
        "qr": qr_mm,
        "qr_x": (w - qr_mm) / 2,
        "qr_y": 62 * k,
        "th_y": 28 * k,
        "en_y": 44 * k,
        "code_y": 62 * k + qr_mm + 8 * k,
        "scan_y": 62 * k + qr_mm + 24 * k,
    }


def _fit(text: str, max_chars: int, base: float) -> float:
    return base if len(text) <= max_chars else base * max_chars / len(text)


def pdf(signs: list[SignSpec], size: str = "A4") -> bytes:
    """One page per sign. Every line in its own script's font, shaped (core/pdf.py)."""
    from phangnga.core.pdf import Document

    if size not in PAGE_MM:
        raise ValueError(f"size must be one of {sorted(PAGE_MM)}")
    L = _layout(size)
    doc = Document(title="Phangnga Smart Travel signs", lang="th", size=(L["w"], L["h"]))
    doc.set_subject("QR smart signs")
    doc.set_auto_page_break(False)
    doc.set_margins(0, 0, 0)
    pt_per_mm = 72 / 25.4

    def centred(text: str, y_mm: float, pt: float, bold: bool = False) -> None:
        # y_mm is the baseline, as in the SVG; fpdf2 places a cell by its top.
        doc.set_font("Sarabun", "B" if bold else "", pt)
        doc.set_xy(0, y_mm - pt / pt_per_mm * 0.8)
        doc.cell(L["w"], pt / pt_per_mm, text, align="C")

    for spec in signs:
        doc.add_page()
        k = L["k"]
        doc.set_fill_color(10, 61, 86)
        doc.rect(0, 0, L["w"], 12 * k, style="F")
        doc.set_text_color(255, 255, 255)
        centred("Phangnga Smart Travel", 8 * k, 14 * k, bold=True)
        doc.set_text_color(0, 0, 0)
        centred(spec.name_th, L["th_y"], _fit(spec.name_th, 28, 30 * k), bold=True)
        centred(spec.name_en, L["en_y"], _fit(spec.name_en, 30, 24 * k), bold=True)
        matrix = qr.modules(spec.url)
        cell = L["qr"] / len(matrix)
        doc.set_fill_color(0, 0, 0)
        for r, row in enumerate(matrix):
            for col, dark in enumerate(row):
                if dark:
                    doc.rect(
                        L["qr_x"] + col * cell, L["qr_y"] + r * cell, cell + 0.01, cell + 0.01, style="F"
                    )
        centred(f"{spec.code}  ·  {spec.url}", L["code_y"], 9 * k)
        for i, (_lang, text) in enumerate(SCAN_ME):
            centred(text, L["scan_y"] + i * 9 * k, 16 * k, bold=True)
    return doc.bytes()


def svg(spec: SignSpec, size: str = "A4") -> str:
    if size not in PAGE_MM:
        raise ValueError(f"size must be one of {sorted(PAGE_MM)}")
    L = _layout(size)
    k = L["k"]
    matrix = qr.modules(spec.url)
    cell = L["qr"] / len(matrix)
    path = "".join(
        f"M{L['qr_x'] + c * cell:.3f} {L['qr_y'] + r * cell:.3f}h{cell:.3f}v{cell:.3f}h-{cell:.3f}z"
        for r, row in enumerate(matrix)
        for c, dark in enumerate(row)
        if dark
    )
    mid = L["w"] / 2

    def text(value: str, y: float, pt_mm: float, weight: str = "normal", lang: str = "") -> str:
        lang_attr = f' xml:lang="{lang}"' if lang else ""
        return (
            f'<text x="{mid:.1f}" y="{y:.1f}" font-size="{pt_mm:.2f}" font-weight="{weight}"'
            f' text-anchor="middle"{lang_attr}>{escape(value)}</text>'
        )

    scan = "".join(
        text(t, L["scan_y"] + i * 9 * k, 5.6 * k, "bold", lang) for i, (lang, t) in enumerate(SCAN_ME)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{L["w"]}mm" height="{L["h"]}mm" '
        f'viewBox="0 0 {L["w"]} {L["h"]}" font-family="Sarabun, Noto Sans Thai, DejaVu Sans, sans-serif">'
        f'<rect width="100%" height="100%" fill="#fff"/>'
        f'<rect width="{L["w"]}" height="{12 * k:.2f}" fill="#0b3d56"/>'
        f'<text x="{mid:.1f}" y="{8 * k:.2f}" font-size="{5 * k:.2f}" fill="#fff" text-anchor="middle" '
        f'font-weight="bold">Phangnga Smart Travel</text>'
        + text(spec.name_th, L["th_y"], _fit(spec.name_th, 28, 10.5 * k), "bold", "th")
        + text(spec.name_en, L["en_y"], _fit(spec.name_en, 30, 8.5 * k), "bold", "en")
        + f'<path d="{path}" fill="#000"/>'
        + text(f"{spec.code} · {spec.url}", L["code_y"], 3.2 * k)
        + scan
        + "</svg>"
    )
