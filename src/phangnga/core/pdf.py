"""PDF documents in Thai that look right on any machine: fpdf2 with HarfBuzz text shaping
(uharfbuzz), the platform's own fonts, nothing from the system.

- Sarabun Regular and Bold (OFL) from the PyPI package `fontpkg-sarabun`, the full unmodified
  TrueType files (Thai and Latin); fpdf2 embeds only the glyphs a document uses.
- Chinese and Cyrillic: the Noto Sans CJK SC subsets that the web pages use, shipped in
  static/phangnga/fonts (scripts/build_fonts.py makes them from `noto-cjk-sans-otc`), as
  fallback fonts: a character Sarabun lacks is drawn from the first of them that has it.

Shaping is what places Thai marks: a tone mark over an upper vowel (ที่, สิทธิ์) goes higher, a
lower vowel under ฐ/ญ takes the descender-less letter. Without it (reportlab's drawString, fpdf2's
default) marks collide or vanish. Tested by rendering (tests/core/test_pdf_thai.py).

This module does not import Django: callers pass plain text.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import os
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from .thai import format_date_en, format_date_th

FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "phangnga" / "fonts"
FONT_CACHE = Path(tempfile.gettempdir()) / "phangnga-pdf-fonts"
FAMILY = "Sarabun"
FALLBACK_FILES = (
    "han-core.woff2",
    "han-extra-1.woff2",
    "han-extra-2.woff2",
    "han-extra-3.woff2",
    "han-extra-4.woff2",
    "pdf-cyrillic.woff2",
)


@lru_cache(maxsize=2)
def sarabun_path(style: str = "Regular") -> str:
    """Path of Sarabun-<style>.ttf inside the installed fontpkg-sarabun package."""
    path = importlib.resources.files("fontpkg_sarabun") / "files" / f"Sarabun-{style}.ttf"
    return str(path)


@lru_cache(maxsize=1)
def fallback_paths() -> list[str]:
    """The fallback fonts as plain TrueType files. HarfBuzz cannot read WOFF2, so fpdf2 would
    re-serialise each compressed font for every document it shapes text in (about 0.3 s per font,
    2 s per PDF); each is decompressed once into a cache named by its content instead."""
    return [_decompressed(FONT_DIR / name) for name in FALLBACK_FILES if (FONT_DIR / name).exists()]


def _decompressed(woff2: Path) -> str:
    from fontTools.ttLib import TTFont

    data = woff2.read_bytes()
    target = FONT_CACHE / f"{woff2.stem}-{hashlib.sha256(data).hexdigest()[:16]}.ttf"
    if not target.exists():
        FONT_CACHE.mkdir(parents=True, exist_ok=True)
        font = TTFont(io.BytesIO(data))
        font.flavor = None
        partial = target.with_suffix(f".{os.getpid()}.part")
        font.save(partial)
        os.replace(partial, target)  # atomic: another worker never reads half a file
    return str(target)


def official_date(value: date, lang: str = "th") -> str:
    """Dates on official documents: Buddhist era in Thai ("5 มกราคม 2569"), CE with BE in English."""
    return format_date_th(value, long=True) if lang == "th" else format_date_en(value)


class Document(FPDF):
    """An A4 (or A5, landscape...) page in millimetres with Sarabun set and Thai shaping on.

    `line(text)` writes one wrapped paragraph; `rows(...)` a two-or-more-column table.
    """

    def __init__(
        self, *, title: str, lang: str = "th", orientation: str = "portrait", size: str | tuple = "A4"
    ):
        super().__init__(orientation=orientation, unit="mm", format=size)
        self.add_font(FAMILY, "", sarabun_path("Regular"))
        self.add_font(FAMILY, "B", sarabun_path("Bold"))
        names = []
        for i, path in enumerate(fallback_paths()):
            name = f"PNFallback{i}"
            self.add_font(name, "", path)
            names.append(name)
        # exact_match=False: bold Thai text with a Chinese word draws that word in the regular face.
        self.set_fallback_fonts(names, exact_match=False)
        self.set_text_shaping(use_shaping_engine=True)
        self.set_font(FAMILY, size=11)
        self.set_title(title)
        self.set_lang("th" if lang == "th" else lang)
        self.set_creator("Phang Nga Smart Province platform")
        self.set_auto_page_break(True, margin=15)
        self.c_margin = 1.5

    def line(self, text: str, size: float = 11, bold: bool = False, color=(0, 0, 0), height=None) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, height or size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, markdown=False)
        self.set_text_color(0, 0, 0)

    def rows(
        self,
        data: list[tuple],
        widths: tuple[float, ...],
        size: float = 11,
        head: tuple | None = None,
        line_height: float | None = None,
        blank: str = "-",
    ) -> None:
        """A bordered table; long cells wrap and the row grows. `head` repeats on each page;
        an empty cell shows `blank`."""
        self.set_font(FAMILY, size=size)
        heading = FontFace(emphasis="BOLD", fill_color=(227, 233, 237))
        with self.table(
            col_widths=widths,
            width=sum(widths),
            first_row_as_headings=head is not None,
            headings_style=heading,
            line_height=line_height or size * 0.5,
            text_align="LEFT",
            borders_layout="ALL",
            padding=1.2,
            repeat_headings=1,
        ) as table:
            if head is not None:
                r = table.row()
                for cell in head:
                    r.cell(_text(cell, blank))
            for row in data:
                r = table.row()
                for cell in row:
                    r.cell(_text(cell, blank))

    def bytes(self) -> bytes:
        return bytes(self.output())


def _text(value, blank: str = "-") -> str:
    return (blank or " ") if value is None or value == "" else str(value)
