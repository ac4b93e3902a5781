"""Printable signs, A4 and A5, as PDF (reportlab) and SVG: the QR, the name in Thai and English,
"scan me" in the five tourist languages, the short code and the URL under the QR.

Fonts: reportlab's built-in fonts are Latin only. We embed DejaVu Sans (Latin, Cyrillic) when the
system has it, use reportlab's CID font STSong-Light for Chinese (the PDF viewer supplies it), and a
Thai font only when one is installed (PHANGNGA_THAI_FONT, or any font `fc-list :lang=th` finds).
Without a Thai font the PDF leaves the Thai lines out and says so (`thai_font()` is None); the SVG
always carries the Thai text because the printer's or browser's fonts render it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
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
LATIN_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)
THAI_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
    "/usr/share/fonts/truetype/tlwg/Loma.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
    "/usr/share/fonts/opentype/tlwg/Garuda.otf",
)


@dataclass(frozen=True)
class SignSpec:
    code: str
    url: str
    name_th: str
    name_en: str


@lru_cache(maxsize=1)
def thai_font() -> str | None:
    """Path of an installed TrueType font with Thai glyphs, or None."""
    candidates = [os.environ.get("PHANGNGA_THAI_FONT", ""), *THAI_FONT_CANDIDATES]
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(
                ["fc-list", ":lang=th", "file"], capture_output=True, text=True, timeout=5
            ).stdout
            candidates += [line.split(":")[0].strip() for line in out.splitlines()]
        except (OSError, subprocess.SubprocessError):
            pass
    for path in candidates:
        if path and path.lower().endswith(".ttf") and Path(path).exists():
            return path
    return None


@lru_cache(maxsize=1)
def _fonts() -> dict[str, str]:
    """Register fonts once; returns {role: reportlab font name}."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = {"latin": "Helvetica", "latin_bold": "Helvetica-Bold", "zh": "STSong-Light", "thai": ""}
    if Path(LATIN_FONT_PATHS[0]).exists():
        pdfmetrics.registerFont(TTFont("PN-Sans", LATIN_FONT_PATHS[0]))
        fonts["latin"] = "PN-Sans"
    if Path(LATIN_FONT_PATHS[1]).exists():
        pdfmetrics.registerFont(TTFont("PN-Sans-Bold", LATIN_FONT_PATHS[1]))
        fonts["latin_bold"] = "PN-Sans-Bold"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if path := thai_font():
        pdfmetrics.registerFont(TTFont("PN-Thai", path))
        fonts["thai"] = "PN-Thai"
    return fonts


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
    """One page per sign."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    if size not in PAGE_MM:
        raise ValueError(f"size must be one of {sorted(PAGE_MM)}")
    fonts = _fonts()
    L = _layout(size)
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(L["w"] * mm, L["h"] * mm), pageCompression=1)
    c.setTitle("Phangnga Smart Travel signs")
    c.setSubject(
        "QR smart signs" + ("" if fonts["thai"] else " (no Thai font installed: Thai lines omitted)")
    )
    H = L["h"]

    def centred(text: str, y_mm: float, font: str, pt: float) -> None:
        c.setFont(font, pt)
        c.drawCentredString(L["w"] / 2 * mm, (H - y_mm) * mm, text)

    for spec in signs:
        k = L["k"]
        c.setFillColorRGB(0.04, 0.24, 0.34)
        c.rect(0, (H - 12 * k) * mm, L["w"] * mm, 12 * k * mm, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        centred("Phangnga Smart Travel", 8 * k, fonts["latin_bold"], 14 * k)
        c.setFillColorRGB(0, 0, 0)
        if fonts["thai"]:
            centred(spec.name_th, L["th_y"], fonts["thai"], _fit(spec.name_th, 28, 30 * k))
        centred(spec.name_en, L["en_y"], fonts["latin_bold"], _fit(spec.name_en, 30, 24 * k))
        matrix = qr.modules(spec.url)
        cell = L["qr"] / len(matrix)
        for r, row in enumerate(matrix):
            for col, dark in enumerate(row):
                if dark:
                    x = L["qr_x"] + col * cell
                    y = H - (L["qr_y"] + (r + 1) * cell)
                    c.rect(x * mm, y * mm, cell * mm + 0.01, cell * mm + 0.01, stroke=0, fill=1)
        centred(f"{spec.code}  ·  {spec.url}", L["code_y"], fonts["latin"], 9 * k)
        parts = [(lang, text) for lang, text in SCAN_ME if lang != "th" or fonts["thai"]]
        for i, (lang, text) in enumerate(parts):
            font = (
                fonts["zh"] if lang == "zh-hans" else fonts["thai"] if lang == "th" else fonts["latin_bold"]
            )
            centred(text, L["scan_y"] + i * 9 * k, font, 16 * k)
        c.showPage()
    c.save()
    return out.getvalue()


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
