"""Find English left on staff pages shown in Thai: every GET page of the access matrix, opened
as the demo admin with the language set to Thai, its visible text searched for English words.

Run against a loaded demo (PHANGNGA_DATA_DIR of `phangnga serve --demo`):
    PHANGNGA_DATA_DIR=/tmp/demo-data .venv/bin/python scripts/thai_sweep.py [--json]
Prints each page with the English words found on it, outside ALLOWED (names, units, codes).
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phangnga.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

import access_harness  # noqa: E402
import access_samples  # noqa: E402
from phangnga.core.models import User  # noqa: E402

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


def main() -> None:
    admin = User.objects.get(username="admin")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    client.cookies["django_language"] = "th"
    rows = access_harness.read_matrix()
    report = {}
    for (kind, method, path), _row in sorted(rows.items()):
        if kind != "page" or method != "GET" or path.endswith((".pdf", ".xlsx", ".csv", ".svg", ".png")):
            continue
        try:
            url = access_harness.fill(path, access_samples.values(path, admin))
        except Exception as exc:  # a page without demo data to show
            report[path] = [f"(no sample: {exc})"]
            continue
        response = client.get(url + access_samples.CHEAP_QUERY.get(path, ""))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        words = english_words(visible_text(response.content.decode()))
        if words:
            report[url] = words
    if "--json" in sys.argv:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    for url, words in report.items():
        print(f"{url}: {' '.join(words)}")


if __name__ == "__main__":
    main()
