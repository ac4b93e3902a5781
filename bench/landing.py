"""Benchmark the Smart Travel landing page (/s/<code>) on SQLite; prints JSON.

Targets (issue 6): the landing page's HTML + CSS + JS as transferred <= 60 KB (video and images
excluded; the service-worker script it registers is counted), and server p50 <= 10 ms.

Each request is the real thing: sign lookup, the page in a language from Accept-Language, the
nearest attractions, weather and safety look-ups, and the scan written to the database.

    .venv/bin/python bench/landing.py            # 2,000 requests
    .venv/bin/python bench/landing.py --smoke    # 200 requests (CI)
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import tempfile
import time

SIZE_TARGET_BYTES = 60 * 1024
P50_TARGET_MS = 10.0
LANGS = ["th-TH,th;q=0.9", "en-US,en;q=0.9", "zh-CN,zh;q=0.9", "ru-RU,ru;q=0.9", "de-DE,de;q=0.9"]
MOBILE_UA = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 Chrome/124 Mobile Safari/537.36"


def setup(data_dir: str) -> dict[str, float]:
    os.environ["PHANGNGA_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)  # the target is stated for SQLite
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phangnga.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    timings = {}
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate_s"] = time.perf_counter() - t
    from phangnga.geo.places import load_registry
    from phangnga.travel import demo

    t = time.perf_counter()
    load_registry()
    demo.load()
    timings["demo_s"] = time.perf_counter() - t
    return {k: round(v, 2) for k, v in timings.items()}


def asset_bytes(client, html: str) -> dict[str, int]:
    """Stylesheets and scripts the page loads, plus the service worker it registers."""
    urls = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    urls += re.findall(r'<script src="([^"]+)"', html)
    urls += re.findall(r'serviceWorker\.register\("([^"]+)"', html)
    from django.conf import settings
    from django.contrib.staticfiles import finders

    sizes = {}
    for url in urls:
        if url.startswith(settings.STATIC_URL):  # no collectstatic in the temp dir: read the source file
            with open(finders.find(url.removeprefix(settings.STATIC_URL)), "rb") as f:
                sizes[url] = f.read()
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, (url, response.status_code)
        sizes[url] = body
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="200 requests instead of 2,000")
    args = parser.parse_args()
    requests = 200 if args.smoke else 2000

    with tempfile.TemporaryDirectory(prefix="pn-landing-bench-") as data_dir:
        setup_times = setup(data_dir)

        from django.test import Client

        from phangnga.travel.models import Scan, Sign

        client = Client()
        codes = list(Sign.objects.values_list("code", flat=True))
        first = client.get(f"/s/{codes[0]}", HTTP_ACCEPT_LANGUAGE=LANGS[0], HTTP_USER_AGENT=MOBILE_UA)
        assert first.status_code == 200
        largest_html, largest_code = b"", None
        for code in codes:  # the largest page over every sign and language decides the size
            for lang in LANGS:
                body = client.get(f"/s/{code}", HTTP_ACCEPT_LANGUAGE=lang, HTTP_USER_AGENT=MOBILE_UA).content
                if len(body) > len(largest_html):
                    largest_html, largest_code = body, code
        assets = asset_bytes(client, largest_html.decode())
        raw_total = len(largest_html) + sum(len(b) for b in assets.values())
        gzip_total = len(gzip.compress(largest_html)) + sum(len(gzip.compress(b)) for b in assets.values())

        scans_before = Scan.objects.count()
        timings, cpu = [], []
        for i in range(requests):
            code, lang = codes[i % len(codes)], LANGS[i % len(LANGS)]
            start, start_cpu = time.perf_counter(), time.thread_time()
            response = client.get(f"/s/{code}", HTTP_ACCEPT_LANGUAGE=lang, HTTP_USER_AGENT=MOBILE_UA)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        assert Scan.objects.count() - scans_before == requests  # every view was counted

        timings.sort()
        p50 = statistics.median(timings)
        result = {
            "benchmark": "travel landing page",
            "database": "sqlite",
            "smoke": args.smoke,
            "setup": setup_times,
            "signs": len(codes),
            "requests": requests,
            "largest_page_sign": largest_code,
            "html_bytes": len(largest_html),
            "assets_bytes": {url: len(b) for url, b in assets.items()},
            "transferred_bytes_uncompressed": raw_total,
            "transferred_bytes_gzip": gzip_total,
            "size_target_bytes": SIZE_TARGET_BYTES,
            "p50_ms": round(p50, 3),
            "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 3),
            "p99_ms": round(timings[int(0.99 * (len(timings) - 1))], 3),
            "p50_target_ms": P50_TARGET_MS,
            # CPU time of the serving thread: what the request costs when the machine is shared
            # (wall time includes waiting for a core; see load_avg).
            "cpu_p50_ms": round(statistics.median(cpu), 3),
            "load_avg_1min": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count(),
            "scans_recorded": requests,
        }
        result["size_ok"] = raw_total <= SIZE_TARGET_BYTES
        result["p50_ok"] = p50 <= P50_TARGET_MS
        result["ok"] = result["size_ok"] and result["p50_ok"]
        print(json.dumps(result, indent=2))
        # The size is deterministic and fails the run; wall time depends on the machine's load
        # (CI runners are shared), so it is reported, not enforced.
        sys.exit(0 if result["size_ok"] else 1)


if __name__ == "__main__":
    main()
