"""Type-check the pure kernels against a baseline: `mypy-baseline.txt` holds their known errors
(file and message, no line numbers, so moving code does not count as new). A new error fails;
a fixed one is reported so the baseline can shrink (`--update` rewrites it).

    .venv/bin/python scripts/mypy_baseline.py [--update]
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "mypy-baseline.txt"
# The kernels of docs/architecture.md ("Pure kernels"), plus the other Django-free modules.
KERNELS = [
    "src/phangnga/core/thai.py",
    "src/phangnga/core/exports.py",
    "src/phangnga/geo/coastline.py",
    "src/phangnga/geo/routing",
    "src/phangnga/emergency/triage.py",
    "src/phangnga/health/egfr.py",
    "src/phangnga/health/ckd_indicator.py",
    "src/phangnga/farm/fertilizer.py",
    "src/phangnga/land/readjust.py",
    "src/phangnga/iot/rules.py",
]
LINE = re.compile(r"^(?P<file>[^:]+):\d+: error: (?P<message>.*)$")


def current_errors() -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", *KERNELS],
        cwd=ROOT, capture_output=True, text=True, check=False,
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
        print("new type errors in the kernels:\n  " + "\n  ".join(new))
        return 1
    print(f"mypy: no new errors in the kernels ({len(errors)} known)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
