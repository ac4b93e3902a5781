"""The shipped web fonts cover the platform's own texts, and every face is a swap-displayed,
unicode-range-sliced WOFF2 file that exists. Fails when someone adds a Chinese translation with a
hanzi the Chinese core subset lacks (then run scripts/build_fonts.py), or a symbol no font has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

SRC = Path(__file__).resolve().parents[2] / "src" / "phangnga"
FONTS = SRC / "static" / "phangnga" / "fonts"
TEXT_SUFFIXES = {".po", ".json", ".html", ".py", ".js", ".txt", ".csv"}


def ranges(spec: str) -> set[int]:
    out: set[int] = set()
    for part in spec.split(","):
        lo, _, hi = part.strip().removeprefix("U+").partition("-")
        out.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return out


def faces(css: str) -> list[dict]:
    out = []
    for rule in re.findall(r"@font-face\{([^}]*)\}", (FONTS / css).read_text(encoding="utf-8")):
        out.append(
            {
                "family": re.search(r'font-family:"([^"]+)"', rule).group(1),
                "file": re.search(r'url\("([^"]+)"\)', rule).group(1),
                "ranges": ranges(re.search(r"unicode-range:([^;}]+)", rule).group(1)),
                "rule": rule,
            }
        )
    return out


def covered(css: str, family: str) -> set[int]:
    """Code points the family's faces in this stylesheet both claim and really draw."""
    cps: set[int] = set()
    for f in faces(css):
        if f["family"] == family:
            cps |= f["ranges"] & set(TTFont(str(FONTS / f["file"])).getBestCmap())
    return cps


def platform_text_chars() -> set[str]:
    chars: set[str] = set()
    for path in SRC.rglob("*"):
        if path.suffix in TEXT_SUFFIXES and path.is_file() and FONTS not in path.parents:
            chars |= set(path.read_text(encoding="utf-8", errors="ignore"))
    return chars


@pytest.mark.same_on_any_database
@pytest.mark.parametrize("css", ["fonts.css", "sarabun.css", "sarabun-thai.css", "han.css", "langs.css"])
def test_every_face_is_a_swapped_woff2_slice_that_exists(css):
    found = faces(css)
    assert found
    for f in found:
        assert "font-display:swap" in f["rule"], f["rule"]
        assert f["file"].endswith(".woff2") and (FONTS / f["file"]).is_file(), f["file"]
        assert f["ranges"], f["rule"]


@pytest.mark.same_on_any_database
def test_chinese_core_subset_has_every_hanzi_the_platform_writes():
    hanzi = {ord(c) for c in platform_text_chars() if "\u3400" <= c <= "\u9fff"}
    assert len(hanzi) > 100  # the Chinese tourist and help texts
    missing = hanzi - covered("han.css", "Noto Sans SC")
    assert not missing, "run scripts/build_fonts.py; han-core lacks " + "".join(map(chr, sorted(missing)))


@pytest.mark.same_on_any_database
def test_sarabun_thai_slice_has_every_thai_letter_the_platform_writes():
    thai = {ord(c) for c in platform_text_chars() if "\u0e01" <= c <= "\u0e5b"}
    assert not thai - covered("sarabun-thai.css", "Sarabun")
    assert not thai - covered("fonts.css", "Sarabun")


@pytest.mark.same_on_any_database
def test_symbols_and_switcher_labels_are_shipped():
    langs = covered("langs.css", "PN Langs")
    assert {ord(c) for c in "ไทย中文"} <= langs
    symbols = covered("langs.css", "PN Symbols")
    for ch in "🆘📞📍🚑⚠":
        assert ord(ch) in symbols, ch


@pytest.mark.django_db
def test_help_page_loads_only_the_font_of_its_language():
    from django.test import Client

    th = Client().get("/emergency/help?lang=th").content.decode()
    en = Client().get("/emergency/help?lang=en").content.decode()
    zh = Client().get("/emergency/help?lang=zh-hans").content.decode()
    assert "fonts/sarabun-thai.css" in th and "fonts/han.css" not in th
    assert "fonts/sarabun" not in en and "fonts/han.css" not in en and "fonts/langs.css" in en
    assert "fonts/han.css" in zh and "fonts/sarabun" not in zh
