"""The tourist landing page behind a sign, in Chromium: in Thai its Thai is drawn in the shipped
Sarabun with no missing glyph, and each language downloads only the fonts it needs (the weights
stated in docs/travel.md): Thai the two Thai slices of Sarabun, English none but the switcher's
labels and the page's symbols, Chinese the Noto Sans SC core (on a machine without a Chinese font)."""

import pytest

from glyph_check import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FONT_BYTES_JS = """() => performance.getEntriesByType('resource')
  .filter(e => e.name.endsWith('.woff2'))
  .map(e => ({name: e.name.split('/').pop(), bytes: e.encodedBodySize || e.transferSize}))"""

# Upper bounds in bytes of the fonts one landing page downloads (measured: docs/travel.md).
BUDGET = {"th": 35_000, "en": 15_000, "de": 15_000, "zh-hans": 220_000}


@pytest.mark.parametrize("lang", ["th", "en", "de", "zh-hans"])
def test_landing_page_fonts_by_language(browser, live_server, make_sign, lang):
    sign = make_sign("samet-nangshe")
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{sign.code}?lang={lang}")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    fonts = page.evaluate(FONT_BYTES_JS)
    names = {f["name"] for f in fonts}
    total = sum(f["bytes"] for f in fonts)
    print(f"landing {lang}: {total} bytes of fonts {sorted(names)}")
    assert total <= BUDGET[lang], (lang, total, fonts)
    if lang == "th":
        assert {"sarabun-400-thai.woff2"} <= names
        assert not any(n.startswith(("han-", "sarabun-400-latin")) for n in names)
        check_page(page, "landing-th")
    elif lang == "zh-hans":
        assert "han-core.woff2" in names and not any(n.startswith("sarabun-") for n in names)
        assert not any(n.startswith("han-extra") for n in names)  # the core has every hanzi
    else:
        assert not any(n.startswith(("sarabun-", "han-")) for n in names)
    context.close()
