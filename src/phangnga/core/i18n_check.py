"""English words left on a page shown in Thai: the visible text of a page (no scripts, styles,
SVG, comments or tags) and the Latin-letter words in it outside ALLOWED (units, standards, codes,
place-name parts). Used by scripts/thai_sweep.py over every staff page and by the tests."""

from __future__ import annotations

import html
import re

# Words a Thai page may show in Latin letters: units, standards, product and place names.
ALLOWED = set(
    """
    km kg rai min mm cm ml mg dl hr hrs pm am api json csv pdf xlsx svg png qr url gps gis id cid icd
    ckd egfr ckd-epi fhir hl7 cap oasis aed cpr ems esi ctas bp sbp dbp gcs spo pr rr bpm mmhg
    lat lon wgs utm osm geojson http https www mqtt iot ph ec npk om ppm ntu
    phang nga krabi phuket takua pa thai ranong similan surin yao kuraburi khura buri
    mueang thap put kapong thai muang lamu khao lak tap tha koh ko
    """.split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")


def visible_text(page: str) -> str:
    page = re.sub(r"(?is)<(script|style|svg)\b.*?</\1>", " ", page)
    page = re.sub(r"(?is)<!--.*?-->", " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return html.unescape(page)


def english_words(text: str) -> list[str]:
    words = [w for w in WORD.findall(text) if w.lower() not in ALLOWED and not w.isupper()]
    return sorted(set(words))
