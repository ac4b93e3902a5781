"""Find English left on staff pages shown in Thai: every GET page of the access matrix, opened
as the demo admin with the language set to Thai, its visible text searched for English words.

Run against a loaded demo (PHANGNGA_DATA_DIR of `phangnga serve --demo`):
    PHANGNGA_DATA_DIR=/tmp/demo-data .venv/bin/python scripts/thai_sweep.py [--json]
Prints each page with the English words found on it, outside ALLOWED (names, units, codes).
"""

from __future__ import annotations

import json
import os
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
from phangnga.core.i18n_check import english_words, visible_text  # noqa: E402
from phangnga.core.models import User  # noqa: E402


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
