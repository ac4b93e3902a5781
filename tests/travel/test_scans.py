"""Each landing view records a scan with the day, the language and the device class, and no IP
address or other personal data; officers see counts and export CSV."""

import csv
import io
from datetime import date

import pytest
from django.utils import timezone

from phangnga.travel.models import Scan

pytestmark = pytest.mark.django_db

IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


def test_a_scan_stores_no_ip_and_no_user_agent(client, make_sign):
    sign = make_sign()
    client.get(
        f"/s/{sign.code}",
        HTTP_ACCEPT_LANGUAGE="ru",
        HTTP_USER_AGENT=IPHONE,
        REMOTE_ADDR="203.0.113.77",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    scan = Scan.objects.get()
    assert (scan.sign_id, scan.day, scan.language, scan.device) == (
        sign.id,
        timezone.localdate(),
        "ru",
        "mobile",
    )
    assert {f.name for f in Scan._meta.get_fields()} == {"id", "sign", "day", "language", "device", "is_demo"}
    stored = repr(list(Scan.objects.values()))
    for secret in ("203.0.113", "198.51.100", "iPhone", "Mozilla"):
        assert secret not in stored


def test_unknown_codes_and_other_pages_record_nothing(client, make_sign):
    make_sign()
    client.get("/s/QQQQQQ")
    client.get("/travel/")
    assert Scan.objects.count() == 0


def _scans(sign, rows):
    Scan.objects.bulk_create([Scan(sign=sign, day=d, language=lang, device=dev) for d, lang, dev in rows])


def test_officer_page_and_csv(client, make_user, make_sign):
    a, b = make_sign("similan"), make_sign("koh-panyee")
    _scans(a, [(date(2026, 1, 5), "ru", "mobile")] * 3 + [(date(2026, 1, 6), "de", "tablet")])
    _scans(b, [(date(2026, 1, 5), "th", "mobile"), (date(2026, 2, 1), "en", "bot")])
    client.force_login(make_user("tourism_officer"))
    page = client.get("/travel/analytics/?start=2026-01-01&end=2026-01-31")
    assert page.status_code == 200
    counts = page.context["counts"]
    assert counts["total"] == 5
    assert {r["sign__code"]: r["scans"] for r in counts["per_sign"]} == {a.code: 4, b.code: 1}
    assert {r["language"]: r["scans"] for r in counts["per_language"]} == {"ru": 3, "de": 1, "th": 1}
    assert {r["device"]: r["scans"] for r in counts["per_device"]} == {"mobile": 4, "tablet": 1}
    assert [(r["day"], r["scans"]) for r in counts["per_day"]] == [
        (date(2026, 1, 5), 4),
        (date(2026, 1, 6), 1),
    ]

    export = client.get("/travel/analytics.csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == ["day", "sign", "attraction", "language", "device", "scans"]
    assert [r for r in rows[1:] if r[1] == a.code and r[0] == "2026-01-05"] == [
        ["2026-01-05", a.code, "similan", "ru", "mobile", "3"]
    ]
    assert sum(int(r[5]) for r in rows[1:]) == 6

    assert client.get("/travel/analytics/?start=yesterday").status_code == 400


def test_analytics_needs_a_role(client, make_user, catalogue):
    assert client.get("/travel/analytics/").status_code == 302  # to the login page
    client.force_login(make_user("farmer"))
    assert client.get("/travel/analytics/").status_code == 403
    assert client.get("/travel/analytics.csv").status_code == 403


def test_kpi_counts_scans_in_the_fiscal_year_without_bots(make_sign):
    from phangnga.travel.kpis import indicators

    sign = make_sign()
    _scans(
        sign,
        [
            (date(2025, 9, 30), "en", "mobile"),
            (date(2025, 10, 1), "en", "mobile"),
            (date(2026, 9, 30), "th", "desktop"),
            (date(2026, 3, 1), "ru", "bot"),
            (date(2026, 10, 1), "de", "mobile"),
        ],
    )
    kpi = indicators(2026)  # FY2569: 1 Oct 2025 - 30 Sep 2026
    assert kpi["fy"] == 2026 and kpi["scans"] == 2
    assert kpi["scans_by_language"] == {"en": 1, "th": 1}
    assert indicators(2025)["scans"] == 1
