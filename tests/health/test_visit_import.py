"""Import of historical visit timestamps from CSV or Excel with a row-by-row report."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from phangnga.health import analytics
from phangnga.health.models import Visit, VisitStep

HEADER = ["facility", "visit", "step", "arrived", "called", "started", "finished"]
ROWS = [
    [
        "hosp-phangnga",
        1,
        "registration",
        "2019-01-07 08:00",
        "2019-01-07 08:20",
        "2019-01-07 08:21",
        "2019-01-07 08:25",
    ],
    [
        "hosp-phangnga",
        1,
        "doctor",
        "2019-01-07 08:25",
        "2019-01-07 09:40",
        "2019-01-07 09:41",
        "2019-01-07 10:00",
    ],
    [
        "hosp-phangnga",
        2,
        "registration",
        "2019-01-07 08:05",
        "2019-01-07 08:45",
        "2019-01-07 08:46",
        "2019-01-07 08:50",
    ],
    [
        "hosp-phangnga",
        2,
        "doctor",
        "2019-01-07 08:50",
        "2019-01-07 11:20",
        "2019-01-07 11:22",
        "2019-01-07 11:35",
    ],
    ["hosp-nowhere", 3, "doctor", "2019-01-07 08:50", "", "", ""],
    ["hosp-phangnga", 4, "surgery", "2019-01-07 08:50", "", "", ""],
    ["hosp-phangnga", 5, "doctor", "2019-01-07 09:50", "2019-01-07 09:40", "", ""],
    ["hosp-phangnga", 6, "doctor", "yesterday", "", "", ""],
]


def csv_bytes(rows):
    return ("\n".join(",".join(str(c) for c in r) for r in [HEADER, *rows]) + "\n").encode()


def xlsx_bytes(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def staff(client, make_user, places):
    client.force_login(make_user("health_officer"))
    return client


def post(client, name, data, mode="keep_good"):
    r = client.post("/health/waiting/import/", {"file": SimpleUploadedFile(name, data), "mode": mode})
    assert r.status_code == 200
    return r.context["report"]


@pytest.mark.parametrize("name,make", [("history.csv", csv_bytes), ("history.xlsx", xlsx_bytes)])
def test_import_reports_each_bad_row(staff, name, make):
    report = post(staff, name, make(ROWS))
    assert {(e["row"], e["field"]) for e in report.errors} == {
        (6, "facility"),
        (7, "step"),
        (8, "called"),
        (9, "arrived"),
    }
    assert report.visits_created == 2 and report.steps_created == 4
    (row,) = analytics.summary()
    assert row["total"]["median"] == pytest.approx((120 + 210) / 2)  # 08:00-10:00 and 08:05-11:35
    assert row["steps"]["doctor"]["wait"]["median"] == pytest.approx((76 + 152) / 2)


def test_all_or_nothing_and_duplicates(staff):
    report = post(staff, "h.csv", csv_bytes(ROWS), mode="all_or_nothing")
    assert report.errors and Visit.objects.count() == 0
    post(staff, "h.csv", csv_bytes(ROWS[:4]))
    again = post(staff, "h.csv", csv_bytes(ROWS[:4]))
    assert again.visits_created == 0 and all("duplicate" in e["message"] for e in again.errors)
    assert VisitStep.objects.count() == 4


def test_a_bad_row_drops_its_whole_visit(staff):
    rows = [ROWS[0], ROWS[1][:3] + ["2019-01-07 08:25", "2019-01-07 08:20", "", ""]]
    report = post(staff, "h.csv", csv_bytes(rows))
    assert report.visits_created == 0
    assert {e["row"] for e in report.errors} == {2, 3}
