"""Benchmark the pure land kernels: entitlements (readjust.py, both methods) and the
replotting layout (layout.py) for a synthetic project of N parcels in rows along
parallel roads. Prints one JSON object.

    .venv/bin/python bench/land_layout.py            # 12, 100 and 500 parcels
    .venv/bin/python bench/land_layout.py --smoke    # 12 and 100 parcels

A real readjustment has tens to a few hundred parcels; the layout is recomputed on each
hand edit in the plan page, so it should stay well under a second for 100 parcels.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from shapely.geometry import box
from shapely.ops import unary_union

from phangnga.land.layout import PlotRequest, layout
from phangnga.land.readjust import Parcel, readjust

TARGET_100_S = 1.0


def project(n: int, rng: random.Random):
    """Blocks 46 m deep between 8 m roads; each block row holds up to 10 parcels."""
    per_row, depth, road = 10, 46.0, 8.0
    rows = (n + per_row - 1) // per_row
    width = 300.0
    height = rows * depth + (rows + 1) * road
    roads = unary_union(
        [box(0, i * (depth + road), width, i * (depth + road) + road) for i in range(rows + 1)]
    )
    land = box(0, 0, width, height).difference(roads)
    parcels, origins = [], []
    for i in range(n):
        r, c = divmod(i, per_row)
        parcels.append(
            Parcel(
                f"P{i:04d}",
                area_m2=rng.uniform(800, 2400),
                value_per_m2=rng.choice([450, 500, 600]),
                new_value_per_m2=rng.choice([1000, 1100, 1300]),
            )
        )
        origins.append(((c + 0.5) * width / per_row, road + r * (depth + road) + depth / 2))
    total = box(0, 0, width, height).area
    public_after = roads.area
    public_before = 0.05 * total  # old lanes
    return parcels, origins, land, roads, public_before, public_after, total


def run(n: int, rng: random.Random) -> dict:
    parcels, origins, land, roads, pub_before, pub_after, total = project(n, rng)
    scale = (total - pub_before) / sum(p.area_m2 for p in parcels)
    parcels = [Parcel(p.id, p.area_m2 * scale, p.value_per_m2, p.new_value_per_m2) for p in parcels]
    t0 = time.perf_counter()
    area = readjust(parcels, pub_before, pub_after, 0.0, "area")
    value = readjust(parcels, pub_before, pub_after, 0.0, "value")
    t1 = time.perf_counter()
    reqs = [PlotRequest(r.id, r.new_area_m2, o) for r, o in zip(area.parcels, origins, strict=True)]
    lay = layout(land, roads, reqs)
    t2 = time.perf_counter()
    diffs = [abs(p.area_m2 - p.target_m2) / p.target_m2 for p in lay.plots]
    return {
        "parcels": n,
        "readjust_both_methods_ms": round((t1 - t0) * 1000, 2),
        "layout_s": round(t2 - t1, 3),
        "plots": len(lay.plots),
        "plots_without_frontage": sum(1 for p in lay.plots if p.frontage_m < 1),
        "median_area_difference_pct": round(100 * sorted(diffs)[len(diffs) // 2], 2),
        "max_area_difference_pct": round(100 * max(diffs), 2),
        "value_k": round(value.k, 4),
        "notes": len(lay.notes),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()
    rng = random.Random(2547)
    sizes = [12, 100] if args.smoke else [12, 100, 500]
    runs = [run(n, rng) for n in sizes]
    at_100 = next(r for r in runs if r["parcels"] == 100)
    print(
        json.dumps(
            {
                "bench": "land_layout",
                "smoke": args.smoke,
                "runs": runs,
                "target_layout_100_parcels_s": TARGET_100_S,
                "meets_target": at_100["layout_s"] < TARGET_100_S,
            }
        )
    )


if __name__ == "__main__":
    main()
