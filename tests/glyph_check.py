"""Look at a page in Chromium for characters drawn without a glyph, and for Thai drawn in
anything but the platform's own Sarabun (importable: pytest adds tests/ to the path).

check_page(page, name), per page:
1. Chromium reports (DevTools `CSS.getPlatformFontsForNode`) which fonts drew each element's text:
   every element with Thai text must be drawn with the web font Sarabun (isCustomFont), and an
   element whose text is Thai alone with nothing else.
2. Every visible character is checked against the fonts that can draw it: Thai and Chinese only
   against the shipped font files (their @font-face unicode-range and cmap), so a Thai font that
   happens to be installed on the machine cannot hide a gap; other characters (Latin, Cyrillic,
   symbols) against the shipped files and the machine's fonts (fc-list). A character that no font
   has is a box on the screen: the test names it and the element.
3. document.fonts lists a loaded Sarabun face, and document.fonts.check('16px Sarabun', text)
   holds for the page's Thai text.
"""

from __future__ import annotations

import os
import re
import subprocess
from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[1] / "src" / "phangnga" / "static" / "phangnga" / "fonts"
DOC_SHOTS = os.environ.get("PHANGNGA_DOC_SHOTS", "")
DOC_PAGES = {"help": "help-th", "board": "board-th", "landing-th": "travel-landing-th"}
THAI = re.compile(r"[\u0e00-\u0e7f]")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

COLLECT_JS = """() => {
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let i = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    const text = node.nodeValue.trim();
    if (!text || !el || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(el.tagName)) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none" || !el.getClientRects().length) continue;
    if (!el.dataset.glyphProbe) el.dataset.glyphProbe = String(i++);
    out.push({probe: el.dataset.glyphProbe, tag: el.tagName, text, family: style.fontFamily,
              weight: style.fontWeight});
  }
  for (const el of document.querySelectorAll("input[placeholder], input[type=submit], button, option")) {
    const text = (el.placeholder || el.value || "").trim();
    if (text && el.getClientRects().length) out.push({probe: null, tag: el.tagName, text,
      family: getComputedStyle(el).fontFamily, weight: getComputedStyle(el).fontWeight});
  }
  return out;
}"""


def _ranges(spec: str) -> set[int]:
    out: set[int] = set()
    for part in spec.split(","):
        lo, _, hi = part.strip().removeprefix("U+").partition("-")
        out.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return out


@lru_cache(maxsize=1)
def shipped_coverage() -> dict[str, set[int]]:
    """family -> code points the shipped files really draw (unicode-range ∩ cmap)."""
    from fontTools.ttLib import TTFont

    cover: dict[str, set[int]] = {}
    for css in ("fonts.css", "langs.css"):
        for rule in re.findall(r"@font-face\{([^}]*)\}", (FONT_DIR / css).read_text(encoding="utf-8")):
            family = re.search(r'font-family:"([^"]+)"', rule).group(1)
            file = re.search(r'url\("([^"]+)"\)', rule).group(1)
            ranges = _ranges(re.search(r"unicode-range:([^;}]+)", rule).group(1))
            cmap = set(TTFont(str(FONT_DIR / file)).getBestCmap())
            cover.setdefault(family, set()).update(ranges & cmap)
    return cover


@lru_cache(maxsize=1)
def system_coverage() -> set[int]:
    """Code points some installed font has (for Latin, Cyrillic, symbols: not Thai or Chinese)."""
    from fontTools.ttLib import TTCollection, TTFont

    out = subprocess.run(["fc-list", ":", "file"], capture_output=True, text=True).stdout
    cps: set[int] = set()
    for line in out.splitlines():
        path = line.split(":")[0].strip()
        try:
            fonts = TTCollection(path).fonts if path.endswith(".ttc") else [TTFont(path, lazy=True)]
            for font in fonts:
                cps.update(font.getBestCmap() or {})
        except Exception:  # a bitmap or odd font: it draws nothing we count on
            continue
    return cps


def missing_glyphs(items: list[dict], page_families: set[str]) -> list[str]:
    """Characters no font draws. Only the shipped faces the page itself declares count."""
    shipped = {f: cps for f, cps in shipped_coverage().items() if f in page_families}
    everything_shipped = set().union(set(), *shipped.values())
    system = system_coverage()
    problems = []
    for item in items:
        families = [f.strip().strip('"') for f in item["family"].split(",")]
        declared = set().union(set(), *(shipped.get(f, set()) for f in families))
        for ch in set(item["text"]):
            cp = ord(ch)
            if ch.isspace() or 0xFE00 <= cp <= 0xFE0F or cp in (0x200B, 0x200C, 0x200D, 0x2060):
                continue
            if THAI.match(ch) or HAN.match(ch):
                ok = cp in declared  # our own font, named in the element's font-family
            else:
                ok = cp in declared or cp in everything_shipped or cp in system
            if not ok:
                problems.append(f"{ch!r} U+{cp:04X} in <{item['tag']}> {item['text'][:60]!r}")
    return problems


def check_page(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    items = page.evaluate(COLLECT_JS)
    assert items, f"{name}: no visible text"
    thai_text = "".join(i["text"] for i in items if THAI.search(i["text"]))
    assert thai_text, f"{name}: the page shows no Thai"

    faces = page.evaluate(
        "() => [...document.fonts].map(f => ({family: f.family.replace(/\"/g, ''), status: f.status}))"
    )
    problems = missing_glyphs(items, {f["family"] for f in faces})
    assert not problems, f"{name}: characters without a glyph:\n" + "\n".join(sorted(set(problems))[:40])
    assert any(f["family"] == "Sarabun" and f["status"] == "loaded" for f in faces), (name, faces)
    assert page.evaluate("t => document.fonts.check('16px Sarabun', t)", thai_text[:2000]), name

    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    wrong = []
    for item in items:
        if item["probe"] is None or not THAI.search(item["text"]):
            continue
        node = cdp.send(
            "DOM.querySelector", {"nodeId": root, "selector": f'[data-glyph-probe="{item["probe"]}"]'}
        )
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        if not any(f["familyName"] == "Sarabun" and f["isCustomFont"] for f in fonts):
            wrong.append(f"<{item['tag']}> {item['text'][:40]!r} drawn with {fonts}")
        # A Thai-only text may take its spaces from another font (the Thai slice has none), nothing else.
        only_thai = all(THAI.match(c) or c.isspace() for c in item["text"])
        spaces = sum(c.isspace() for c in item["text"])
        if only_thai and sum(f["glyphCount"] for f in fonts if not f["isCustomFont"]) > spaces:
            wrong.append(f"<{item['tag']}> {item['text'][:40]!r} partly drawn with a system font: {fonts}")
    cdp.detach()
    assert not wrong, f"{name}: Thai not drawn in the shipped Sarabun:\n" + "\n".join(wrong[:20])
    if DOC_SHOTS and name in DOC_PAGES:  # scripts/screenshots.py: the pictures in docs/img
        before = page.viewport_size
        if name == "board":
            page.set_viewport_size({"width": 1280, "height": 800})
            page.wait_for_timeout(300)
        page.screenshot(path=str(Path(DOC_SHOTS) / f"{DOC_PAGES[name]}.png"), full_page=False)
        page.set_viewport_size(before)
