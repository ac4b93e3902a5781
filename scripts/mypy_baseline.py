"""Type-check src/ (with django-stubs) against a baseline: `mypy-baseline.txt` holds the known
errors (file and message, no line numbers, so moving code does not count as new). A new error
fails; a fixed one is reported so the baseline can shrink (`--update` rewrites it). The pure
kernels (docs/architecture.md) are held to the same rule: their known errors are listed too.

    .venv/bin/python scripts/mypy_baseline.py [--update]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "mypy-baseline.txt"
TARGETS = ["src/phangnga"]
LINE = re.compile(r"^(?P<file>[^:]+):\d+: error: (?P<message>.*)$")


def current_errors() -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", *TARGETS],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},  # django-stubs imports the settings
    ).stdout  # fmt: skip
    return sorted(f"{m['file']}: {m['message']}" for line in out.splitlines() if (m := LINE.match(line)))


def main() -> int:
    errors = current_errors()
    if "--update" in sys.argv:
        BASELINE.write_text("".join(e + "\n" for e in errors), encoding="utf-8")
        print(f"baseline: {len(errors)} known errors")
        return 0
    known = BASELINE.read_text(encoding="utf-8").splitlines() if BASELINE.exists() else []
    remaining = list(known)
    new = []
    for e in errors:
        if e in remaining:
            remaining.remove(e)  # a message may repeat: each known copy covers one
        else:
            new.append(e)
    if remaining:
        print(f"{len(remaining)} known errors are fixed: run with --update to shrink the baseline")
    if new:
        print("new type errors:\n  " + "\n  ".join(new))
        return 1
    print(f"mypy: no new errors in src/ ({len(errors)} known)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
