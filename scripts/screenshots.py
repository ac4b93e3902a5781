"""Regenerate the pictures in docs/img that show the platform in Thai on a machine without Thai
fonts: the public help page, the dispatch board, the Thai tourist landing page and a land owner
statement (its PDF page rendered by poppler's pdftoppm).

They are taken by the tests that check those pages for missing glyphs (tests/glyph_check.py,
tests/core/test_pdfs_in_thai.py), so a picture is only written when its page passed:

    python scripts/screenshots.py          # needs Chromium and poppler-utils, like the tests
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
TESTS = [
    "tests/core/test_browser_no_missing_glyphs.py::test_help_page_in_thai",
    "tests/core/test_browser_no_missing_glyphs.py::test_staff_pages_in_thai",
    "tests/core/test_pdfs_in_thai.py::test_land_owner_statement_in_thai",
    "tests/travel/test_browser_fonts.py::test_landing_page_fonts_by_language[th]",
]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    python = ROOT / ".venv" / "bin" / "python"
    env = os.environ | {"PHANGNGA_DOC_SHOTS": str(OUT)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH", "")]))
    cmd = [
        str(python if python.exists() else sys.executable),
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:randomly",
        *TESTS,
    ]
    status = subprocess.call(cmd, cwd=ROOT, env=env)
    for name in ("help-th", "board-th", "travel-landing-th", "land-statement-th"):
        path = OUT / f"{name}.png"
        print(f"{'written' if path.exists() else 'MISSING'}  {path.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
