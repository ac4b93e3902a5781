"""Benchmark the pure CKD indicator kernel (no database): 100,000 patients and
1,000,000 creatinine results generated in memory; prints JSON.

Targets (issue 7): < 5 s and < 1 GB peak memory for the indicator.

    .venv/bin/python bench/ckd_kpi_kernel.py            # full size
    .venv/bin/python bench/ckd_kpi_kernel.py --smoke    # CI smoke size
    .venv/bin/python bench/ckd_kpi_kernel.py --stream   # results from a generator

Every result carries creatinine (not eGFR), so the kernel computes CKD-EPI 2021 once
per in-window row: the expensive path.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta

from phangnga.health.ckd_indicator import CkdPatient, LabResult, compute_indicator

TIME_TARGET_S = 5.0
MEMORY_TARGET_MB = 1024.0
FY_BE = 2564
WINDOW_START = date(2020, 10, 1)
# Results span two fiscal years so about half fall outside the window, as in a registry.
SPAN_START = date(2019, 10, 1)
SPAN_DAYS = 731

DIAGNOSES = ("N183",) * 40 + ("N184",) * 15 + ("N189",) * 15 + ("E112",) * 15 + ("I129",) * 10 + ("I10",) * 5


def make_patients(n: int, rng: random.Random) -> list[CkdPatient]:
    patients = []
    for i in range(n):
        birth = date(1935, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
        patients.append(
            CkdPatient(
                cid=f"{i:013d}",
                nationality="099" if rng.random() < 0.95 else "048",
                diagnoses=(rng.choice(DIAGNOSES),),
                birth_date=birth,
                sex="M" if rng.random() < 0.5 else "F",
            )
        )
    return patients


def iter_results(patients: list[CkdPatient], per_patient: int, seed: int) -> Iterator[LabResult]:
    """Creatinine rising along a per-patient trend with noise (eGFR falls as it rises)."""
    rng = random.Random(seed)
    for p in patients:
        base = rng.uniform(1.1, 3.0)
        rise_per_year = rng.gauss(0.12, 0.15)
        for _ in range(per_patient):
            offset = rng.randrange(SPAN_DAYS)
            scr = max(0.4, base + rise_per_year * offset / 365.25 + rng.gauss(0, 0.05))
            yield LabResult(
                p.cid, SPAN_START + timedelta(days=offset), creatinine=round(scr, 2), unit="mg/dL"
            )


def peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    raw = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return raw / (1024 * 1024) if sys.platform == "darwin" else raw / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--patients", type=int, default=100_000)
    ap.add_argument("--results", type=int, default=1_000_000)
    ap.add_argument("--smoke", action="store_true", help="1,000 patients / 10,000 results")
    ap.add_argument("--stream", action="store_true", help="feed results from a generator (not a list)")
    ap.add_argument("--method", default="endpoint", choices=("endpoint", "least_squares"))
    ap.add_argument("--seed", type=int, default=2564)
    args = ap.parse_args()
    if args.smoke:
        args.patients, args.results = 1_000, 10_000

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    patients = make_patients(args.patients, rng)
    per_patient = max(1, args.results // args.patients)
    results = iter_results(patients, per_patient, args.seed + 1)
    if not args.stream:
        results = list(results)
    generate_s = time.perf_counter() - t0
    rss_before = peak_rss_mb()

    t1 = time.perf_counter()
    res = compute_indicator(patients, results, fy=FY_BE, method=args.method)
    kernel_s = time.perf_counter() - t1
    peak = peak_rss_mb()

    # In stream mode generation happens inside the kernel's loop, so its time counts.
    print(
        json.dumps(
            {
                "bench": "ckd_kpi_kernel",
                "patients": args.patients,
                "results": per_patient * args.patients,
                "mode": "stream" if args.stream else "in_memory",
                "method": args.method,
                "fiscal_year_be": res.fiscal_year_be,
                "generate_s": round(generate_s, 3),
                "kernel_s": round(kernel_s, 3),
                "peak_rss_mb_after_generation": round(rss_before, 1),
                "peak_rss_mb": round(peak, 1),
                "numerator": res.numerator,
                "denominator": res.denominator,
                "percent": res.percent,
                "drill_down_rows": len(res.rows),
                "skipped_results": res.skipped_results,
                "targets": {"time_s": TIME_TARGET_S, "memory_mb": MEMORY_TARGET_MB},
                "meets_time": kernel_s < TIME_TARGET_S,
                "meets_memory": peak < MEMORY_TARGET_MB,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
