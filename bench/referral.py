"""Benchmark the referral app: planning time per referral over the real routing network,
the demo load, and the savings / compliance reports over the demo data. Prints one JSON.
The plans are made over emergency's unit registry (the demo boats and ambulances, loaded
first, as in production), so each plan weighs real units' approach and availability.

    .venv/bin/python bench/referral.py            # 200 plans, full demo
    .venv/bin/python bench/referral.py --smoke    # 20 plans, full demo (CI, < 60 s)

Runs on a scratch SQLite database in a temporary directory (the configured one is not
touched). Target: a referral is planned in < 1 s (p95) so a nurse on a phone waits only
for the network, not for the planner.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN_P95_TARGET_S = 1.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="pn-referral-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("PHANGNGA_CACHE_DIR", str(ROOT / "var" / "cache"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phangnga.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PHANGNGA_CACHE_DIR = Path(os.environ["PHANGNGA_CACHE_DIR"])
    call_command("migrate", verbosity=0)
    from phangnga.core.demo import load_users
    from phangnga.fleet.demo import load_resources
    from phangnga.geo.models import Place
    from phangnga.geo.places import load_registry
    from phangnga.referral import demo, kpis, planning

    load_registry()
    load_users()
    units_loaded = load_resources()  # referral plans over real units: time them with the units
    fleet = planning.fleet()
    t = time.perf_counter()
    engine = planning.engine_name()
    build_s = time.perf_counter() - t
    origins = list(Place.objects.filter(code__in=[c for c, _ in demo.ORIGINS]))
    caps = ["ct", "emergency", "obstetrics", "surgery", "hyperbaric", "icu"]
    n = 20 if args.smoke else 200
    times = []
    with_unit = no_unit = 0
    for i in range(n):
        t = time.perf_counter()
        plan = planning.make_plan(origins[i % len(origins)], caps[i % len(caps)], triage=1 + i % 4)
        times.append(time.perf_counter() - t)
        with_unit += plan.chosen.unit is not None
        no_unit += plan.no_unit_available
    if not units_loaded or not with_unit:
        sys.exit("bench/referral.py: no plan named a unit; the unit registry did not load")
    t = time.perf_counter()
    summary = demo.load()
    demo_s = time.perf_counter() - t
    t = time.perf_counter()
    table = {kpis.savings(fy)["fy_be"]: kpis.savings(fy)["total"] for fy in (2018, 2019, 2020)}
    within = kpis.compliance(2021)["within_pct"]
    report_s = time.perf_counter() - t
    p95 = sorted(times)[int(0.95 * (len(times) - 1))]
    print(
        json.dumps(
            {
                "bench": "referral",
                "smoke": args.smoke,
                "routing_engine": engine,
                "network_build_s": round(build_s, 2),
                "units": {
                    "loaded": units_loaded,
                    "boats_available": len(fleet["boats"]),
                    "ambulances_available": len(fleet["ambulances"]),
                    "left_out": len(fleet["unavailable"]),
                },
                "plans": n,
                "plans_with_unit": with_unit,
                "plans_no_unit_available": no_unit,
                "plan_mean_s": round(statistics.mean(times), 4),
                "plan_p95_s": round(p95, 4),
                "plan_p95_target_s": PLAN_P95_TARGET_S,
                "plan_ok": p95 < PLAN_P95_TARGET_S,
                "demo_load_s": round(demo_s, 2),
                "demo": summary,
                "savings_fy2561_2563": table,
                "within_80_pct_fy2564": within,
                "reports_s": round(report_s, 3),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
