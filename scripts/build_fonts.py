"""Regenerate the platform's web fonts (src/phangnga/static/phangnga/fonts/) from PyPI font packages.

Why vendored files and this script: docs/decisions/0005-fonts-from-pypi-packages.md.

Sources (both SIL Open Font License 1.1, installed with pip, nothing else is fetched):
- Sarabun Regular and Bold from `fontpkg-sarabun` (Google Fonts' ofl/sarabun, unmodified);
- Noto Sans CJK SC Regular from `noto-cjk-sans-otc` (face 2 of NotoSansCJK-Regular.ttc);
- Noto Emoji, Noto Sans Symbols and Noto Sans from `manimgx-fonts` (symbols and emoji only).

Output, each WOFF2 subset with its OpenType layout tables kept (Thai mark positioning, ligatures):
- sarabun-{400,700}-{thai,latin,latin-ext}.woff2 and sarabun.css (all three subsets, staff pages),
  sarabun-thai.css (the Thai subset only: the tourist pages in Thai, Latin stays the phone's font);
- han-core.woff2: every CJK character the platform's own texts use (translations, attraction data,
  templates, code), so a Chinese page downloads one file; han-extra-{1..4}.woff2: the rest of
  GB 2312 level 1 (the 3,755 most frequent hanzi), under a second family that the browser asks for
  only when a character is missing from the core; han.css;
- langs-th.woff2, langs-zh.woff2 and langs.css: the glyphs of the language switcher's labels
  (ไทย, 中文) alone, ~1 KB, so an English, Russian or German page shows them without a full font;
- pdf-cyrillic.woff2: Cyrillic from Noto Sans CJK SC, for PDFs (the sign's "Сканируйте меня");
- symbols-{1,2,3}.woff2: the symbols and emoji the platform's texts use (⚠ 🆘 📞 🚑 ...), from
  Noto Emoji, Noto Sans Symbols and Noto Sans in `manimgx-fonts` (OFL), family "PN Symbols" (in
  langs.css and fonts.css); a device with a colour emoji font uses that instead;
- fonts.css = sarabun.css + han.css + the symbols, linked by base.html.

    pip install fontpkg-sarabun noto-cjk-sans-otc manimgx-fonts fonttools brotli
    python scripts/build_fonts.py          # rewrite the files
    python scripts/build_fonts.py --check  # exit 1 if a platform text has a hanzi outside han-core

A test (tests/core/test_font_coverage.py) fails when a Chinese translation uses a character that
han-core lacks: run this script after adding Chinese text.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.resources
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "phangnga"
OUT = SRC / "static" / "phangnga" / "fonts"

# Unicode ranges as Google Fonts slices Sarabun (thai / latin / latin-ext).
THAI = "U+02D7,U+0303,U+0331,U+0E01-0E5B,U+200C-200D,U+25CC"
LATIN = (
    "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
    "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+2264-2265,U+FEFF,U+FFFD"
)
LATIN_EXT = (
    "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,"
    "U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF"
)
# CJK punctuation and full-width forms always go in the core.
CJK_PUNCT = "U+3000-303F,U+FF01-FF5E"
CYRILLIC = "U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116"
HAN_EXTRA_PARTS = 4
SWITCHER = {"th": "ไทย", "zh": "中文"}
TEXT_SUFFIXES = {".po", ".json", ".html", ".py", ".js", ".txt", ".csv"}


def parse_ranges(spec: str) -> set[int]:
    out: set[int] = set()
    for part in spec.split(","):
        part = part.strip().removeprefix("U+")
        lo, _, hi = part.partition("-")
        out.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return out


def format_ranges(codepoints: set[int]) -> str:
    """The shortest unicode-range list: consecutive code points become one range."""
    cps = sorted(codepoints)
    parts, start, prev = [], None, None
    for cp in cps + [None]:
        if start is None:
            start = prev = cp
            continue
        if cp is not None and cp == prev + 1:
            prev = cp
            continue
        parts.append(f"U+{start:X}" if start == prev else f"U+{start:X}-{prev:X}")
        start = prev = cp
    return ",".join(parts)


def is_han(cp: int) -> bool:
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x2FA1F


def platform_han() -> set[int]:
    """Every CJK ideograph in the platform's own texts (sources, templates, translations, data)."""
    found: set[int] = set()
    for path in SRC.rglob("*"):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file() or OUT in path.parents:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found.update(ord(c) for c in text if is_han(ord(c)))
    return found


def gb2312_level1() -> set[int]:
    """GB 2312-80 level 1: rows 16-55 of the standard, decoded by Python's own gb2312 codec."""
    out: set[int] = set()
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return out


def platform_symbols() -> set[int]:
    """Symbols and emoji in the platform's texts (⚠, 🆘, 📞, 🚑 ...): a fresh machine has no emoji font."""
    found: set[int] = set()
    for path in SRC.rglob("*"):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file() or OUT in path.parents:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found.update(ord(c) for c in text if 0x2100 <= ord(c) <= 0x2BFF or 0x1F000 <= ord(c) <= 0x1FAFF)
    return found


def manim_font(name: str) -> Path:
    return Path(str(importlib.resources.files("manimgx_fonts") / name))


def sarabun_path(style: str) -> Path:
    return Path(str(importlib.resources.files("fontpkg_sarabun") / "files" / f"Sarabun-{style}.ttf"))


def noto_sc_path() -> Path:
    return Path(str(importlib.resources.files("noto_cjk_sans_otc") / "NotoSansCJK-Regular.ttc"))


def subset(font_path: Path, codepoints: set[int], font_number: int = 0) -> bytes:
    from fontTools import subset as fts
    from fontTools.ttLib import TTFont

    options = fts.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Thai needs ccmp, mark, mkmk, liga; keep them all
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright and licence (OFL)
    options.name_languages = [0x0409]
    options.notdef_outline = True
    options.hinting = False
    # recalcTimestamp=False: the same sources give the same bytes (no churn in git).
    font = TTFont(str(font_path), fontNumber=font_number, lazy=False, recalcTimestamp=False)
    if "fvar" in font:  # a variable font: the regular instance alone is smaller
        from fontTools.varLib import instancer

        font = instancer.instantiateVariableFont(font, {"wght": 400})
        font.recalcTimestamp = False
    cmap = set(font.getBestCmap())
    sub = fts.Subsetter(options)
    sub.populate(unicodes=sorted(codepoints & cmap))
    sub.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff2"
    font.save(buf)
    return buf.getvalue()


# A phone or PC that has a Chinese font uses it and downloads nothing (every Chinese tourist's
# phone has one); the shipped subset is for machines without (a command-centre PC, a TV display).
HAN_LOCAL = (
    "Noto Sans CJK SC",
    "NotoSansCJKsc-Regular",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
)


EMOJI_LOCAL = ("Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji")


def face(family: str, weight: int, file: str, ranges: str, local: tuple[str, ...] = ()) -> str:
    src = "".join(f'local("{name}"),' for name in local) + f'url("{file}") format("woff2")'
    return (
        f'@font-face{{font-family:"{family}";font-style:normal;font-weight:{weight};font-display:swap;'
        f"src:{src};unicode-range:{ranges}}}\n"
    )


def build() -> dict[str, int]:
    from fontTools.ttLib import TTFont

    OUT.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}

    def write(name: str, data: bytes | str) -> None:
        blob = data.encode() if isinstance(data, str) else data
        (OUT / name).write_bytes(blob)
        sizes[name] = len(blob)

    sarabun_css = thai_css = ""
    for weight, style in ((400, "Regular"), (700, "Bold")):
        for slice_name, spec in (("thai", THAI), ("latin", LATIN), ("latin-ext", LATIN_EXT)):
            name = f"sarabun-{weight}-{slice_name}.woff2"
            write(name, subset(sarabun_path(style), parse_ranges(spec)))
            sarabun_css += face("Sarabun", weight, name, spec)
            if slice_name == "thai":
                thai_css += face("Sarabun", weight, name, spec)
    header = "/* Generated by scripts/build_fonts.py from fontpkg-sarabun (OFL-1.1): do not edit. */\n"
    write("sarabun.css", header + sarabun_css)
    write("sarabun-thai.css", header + thai_css)

    core = platform_han() | parse_ranges(CJK_PUNCT)
    extra = sorted(gb2312_level1() - core)
    sc = noto_sc_path()
    han_css = "/* Generated by scripts/build_fonts.py from noto-cjk-sans-otc (OFL-1.1): do not edit. */\n"
    write("han-core.woff2", subset(sc, core, font_number=2))
    han_css += face("Noto Sans SC", 400, "han-core.woff2", format_ranges(core), HAN_LOCAL)
    step = -(-len(extra) // HAN_EXTRA_PARTS)
    for i in range(HAN_EXTRA_PARTS):
        part = set(extra[i * step : (i + 1) * step])
        name = f"han-extra-{i + 1}.woff2"
        write(name, subset(sc, part, font_number=2))
        # Ranges span the gaps between parts too, so a rarer hanzi still asks one file (its glyph
        # may be missing: then the system's font is tried).
        lo = 0x3400 if i == 0 else min(part)
        hi = 0x9FFF if i == HAN_EXTRA_PARTS - 1 else (min(extra[(i + 1) * step :]) - 1)
        han_css += face("Noto Sans SC Extra", 400, name, f"U+{lo:X}-{hi:X}", HAN_LOCAL)
    write("han.css", han_css)
    # For PDFs only (core/pdf.py): Sarabun has no Cyrillic; the web pages use the device's font.
    write("pdf-cyrillic.woff2", subset(sc, parse_ranges(CYRILLIC), font_number=2))

    langs_css = "/* The language switcher's labels only (ไทย, 中文); scripts/build_fonts.py. */\n"
    th_cps = {ord(c) for c in SWITCHER["th"]}
    zh_cps = {ord(c) for c in SWITCHER["zh"]}
    write("langs-th.woff2", subset(sarabun_path("Regular"), th_cps))
    write("langs-zh.woff2", subset(sc, zh_cps, font_number=2))
    langs_css += face("PN Langs", 400, "langs-th.woff2", format_ranges(th_cps))
    langs_css += face("PN Langs", 400, "langs-zh.woff2", format_ranges(zh_cps))
    # Symbols and emoji: each from the first of Noto Emoji, Noto Sans Symbols, Noto Sans that has
    # it (manimgx-fonts); a phone's colour emoji font comes first (local()).
    symbols = platform_symbols() - set(TTFont(str(sarabun_path("Regular"))).getBestCmap())
    symbols_css = ""
    for i, name in enumerate(("NotoEmoji[wght].ttf", "NotoSansSymbols[wght].ttf", "NotoSans[wght].ttf")):
        have = symbols & set(TTFont(str(manim_font(name))).getBestCmap())
        if not have:
            continue
        symbols -= have
        file = f"symbols-{i + 1}.woff2"
        write(file, subset(manim_font(name), have))
        symbols_css += face("PN Symbols", 400, file, format_ranges(have), EMOJI_LOCAL)
    if symbols:
        print("no shipped font draws: " + " ".join(map(chr, sorted(symbols))), file=sys.stderr)
    langs_css += symbols_css
    write("langs.css", langs_css)
    write("fonts.css", header + sarabun_css + han_css.split("\n", 1)[1] + symbols_css)

    licence = importlib.resources.files("fontpkg_sarabun") / "LICENSE"
    write("OFL-Sarabun.txt", licence.read_bytes())
    noto_licence = next(
        (
            f
            for f in importlib.metadata.distribution("noto-cjk-sans-otc").files or []
            if f.name.upper().startswith("LICENSE")
        ),
        None,
    )
    if noto_licence is not None:
        write("OFL-NotoSansCJK.txt", Path(str(noto_licence.locate())).read_bytes())
    return sizes


def check() -> int:
    """Every hanzi of the platform's texts must be in han-core (its unicode-range says which)."""
    css = (OUT / "han.css").read_text(encoding="utf-8")
    core_rule = next(line for line in css.splitlines() if "han-core.woff2" in line)
    covered = parse_ranges(core_rule.split("unicode-range:", 1)[1].rstrip("}"))
    missing = sorted(platform_han() - covered)
    if missing:
        print("han-core lacks: " + "".join(map(chr, missing)) + " - run scripts/build_fonts.py")
        return 1
    print("han-core covers every hanzi of the platform's texts")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if args.check:
        return check()
    try:
        sizes = build()
    except ModuleNotFoundError as exc:
        print(
            f"{exc}: pip install fontpkg-sarabun noto-cjk-sans-otc manimgx-fonts fonttools brotli",
            file=sys.stderr,
        )
        return 2
    for name, size in sorted(sizes.items()):
        print(f"{size:>9,}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
