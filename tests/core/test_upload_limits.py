"""Issue 21.7: uploads are limited before they are parsed (core/limits.py), on every import path:
an xlsx whose members expand too far (a 0.56 MB workbook held 226 MB of XML and a worker for
148 s) is refused from its zip directory before openpyxl opens it; tables past the row limit,
files past the size limit and parcel files past the parcel limit are refused with the field
named, and nothing is half-imported."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from phangnga.core import limits
from phangnga.health.models import Visit
from phangnga.health.tables import TableError, read_table


def bomb_xlsx(expanded_mb: int = 80) -> bytes:
    """A real workbook whose sheet is padded with XML whitespace that deflates ~1000:1."""
    wb = Workbook()
    wb.active.append(["facility", "visit", "step", "arrived"])
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                with dst.open(item.filename, "w") as member:
                    head, tail = data.split(b"<sheetData>", 1)
                    member.write(head + b"<sheetData>")
                    for _ in range(expanded_mb):
                        member.write(b" " * (1024 * 1024))
                    member.write(tail)
            else:
                dst.writestr(item, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory_before_openpyxl_opens_it(monkeypatch):
    data = bomb_xlsx()
    assert len(data) < 1024 * 1024  # small on the wire

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a refused workbook")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(TableError, match="expands"):
        read_table(data, "history.xlsx")


def test_rows_past_the_limit_are_refused():
    text = "facility,visit,step,arrived\n" + "hosp-phangnga,1,doctor,2019-01-07 08:00\n" * 11
    with pytest.raises(TableError, match="more than 10 rows"):
        read_table(text.encode(), "h.csv", max_rows=10)
    with pytest.raises(limits.UploadRefused, match="rows"):
        limits.check_lines(text, "labfu", max_rows=10)


@pytest.fixture
def health_staff(make_user, places):
    client = Client()
    client.force_login(make_user("health_officer"))
    return client


def test_the_visit_import_page_refuses_the_bomb_and_imports_nothing(health_staff):
    upload = SimpleUploadedFile("history.xlsx", bomb_xlsx())
    response = health_staff.post("/health/waiting/import/", {"file": upload, "mode": "keep_good"})
    assert response.status_code == 200
    assert "expands" in response.context["error"] and response.context["report"] is None
    assert Visit.objects.count() == 0


def test_the_ckd_import_refuses_a_43_file_past_the_row_limit(health_staff, monkeypatch):
    from phangnga.health.models import CkdPatient

    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    lines = "".join(f"10669|{n:05d}|V{n}|20240105|0581902|120|1.4\n" for n in range(10))
    labfu = SimpleUploadedFile(
        "labfu.txt", ("HOSPCODE|PID|SEQ|DATE_SERV|LABTEST|LABRESULT\n" + lines).encode()
    )
    response = health_staff.post(
        "/health/ckd/import/", {"format": "f43", "mode": "keep_good", "labfu": labfu}
    )
    assert response.status_code == 200 and "more than 5 rows" in response.context["error"]
    assert CkdPatient.objects.count() == 0


@pytest.fixture
def land_project(make_user, db):
    from phangnga.land import demo, services
    from phangnga.land.models import Project, Zone

    data = demo.features()
    project = Project(name="Limits")
    services.set_boundary(project, data["boundary"])
    project.save()
    Zone.objects.create(project=project, code="A", value_before=600, value_after=1300)
    Zone.objects.create(project=project, code="B", value_before=450, value_after=1100)
    return project, data


def test_a_parcel_file_over_the_limit_is_refused_on_the_page(make_user, land_project, monkeypatch):
    project, data = land_project
    monkeypatch.setattr(limits, "MAX_PARCEL_BYTES", 1000)
    client = Client()
    client.force_login(make_user("land_officer"))
    f = SimpleUploadedFile("p.geojson", json.dumps(data["parcels"]).encode())
    response = client.post(f"/land/{project.pk}/import/", {"form": "parcels", "f-file": f})
    assert response.status_code == 422 and "1,000 bytes" in response.content.decode()
    assert project.parcels.count() == 0


def test_too_many_parcels_through_the_api_import_nothing(api, make_user, land_project, monkeypatch):
    project, data = land_project
    monkeypatch.setattr(limits, "MAX_PARCELS", 3)
    response = api(make_user("land_officer")).post(
        f"/api/v1/land/projects/{project.pk}/parcels/import", {"format": "geojson", "data": data["parcels"]}
    )
    assert response.status_code == 422 and "more than 3 parcels" in response.json()["fields"]["data"]
    assert project.parcels.count() == 0
