"""The board page (cards link to their modules, charts inline SVG) and its exports."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook


@pytest.fixture
def viewer(make_user):
    c = Client()
    c.force_login(make_user("viewer"))
    return c


def test_page_has_a_card_per_indicator_with_link_and_chart(viewer):
    r = viewer.get("/dashboard/?fy=2563")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-fy="2563"' in html and "2563" in html
    for key in ("triage12_access", "referral_savings", "ckd_slowed", "sign_scans", "iot_labour_saved"):
        assert f'data-key="{key}"' in html
    assert html.count("<svg") >= 13
    assert 'href="/referral/savings/"' in html or 'href="/referral/' in html
    assert "cdn" not in html.lower()


def test_page_access(make_user):
    c = Client()
    assert c.get("/dashboard/").status_code == 302
    c.force_login(make_user("farmer"))
    assert c.get("/dashboard/").status_code == 403
    c.force_login(make_user("dispatcher"))
    assert c.get("/dashboard/?fy=2021").status_code == 200


def test_excel_export_opens_with_openpyxl(viewer):
    r = viewer.get("/dashboard/export.xlsx?fy=2563")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb[wb.sheetnames[0]]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:4] == ("fiscal_year_be", "key", "indicator", "value")
    keys = {row[1] for row in rows[2:]}
    assert {"referral_savings", "ckd_slowed", "sign_scans"} <= keys
    savings = next(row for row in rows[2:] if row[1] == "referral_savings")
    assert savings[0] == 2563 and savings[6] == 840_000
    assert len(wb.sheetnames) == 2


def test_pdf_export(viewer):
    r = viewer.get("/dashboard/export.pdf?fy=2564")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert viewer.get("/dashboard/export.pdf?fy=xyz").status_code == 422
