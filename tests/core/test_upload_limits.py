"""Issues 21.7 and 18.4: uploads are limited before they are parsed (core/limits.py), on every
import path: by size, by type judged from the content (a PNG named .csv is refused, whatever its
name), an xlsx whose members expand too far (a 0.56 MB workbook held 226 MB of XML and a worker
for 148 s) refused from its zip directory before openpyxl opens it, and by rows. A page says so
in the user's language (Thai by default) naming the field; the API answers 4xx JSON naming the
field; nothing is stored."""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from phangnga.core import limits
from phangnga.health.models import CkdPatient, LabResult, Visit
from phangnga.health.tables import TableError, read_table

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" + bytes(40)
THAI_NOT_TEXT = "ไม่ใช่ไฟล์ข้อความ: ไฟล์นี้เป็นรูปภาพ PNG"
THAI_TOO_LARGE = "เกินขีดจำกัด"


def png_as(name: str) -> SimpleUploadedFile:
    """A PNG image named like a table, sent as the browser would guess from the name."""
    return SimpleUploadedFile(name, PNG, "text/csv")


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


def lying_xlsx(expanded_mb: int = 80) -> bytes:
    """The bomb with its sheet's size rewritten to 1 KB in both the local header and the zip
    directory, so the directory check passes: zipfile must still stop at the declared size."""
    data = bytearray(bomb_xlsx(expanded_mb))
    name = b"xl/worksheets/sheet1.xml"
    for sig, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = data.find(sig)
        while pos != -1:
            (name_len,) = struct.unpack_from("<H", data, pos + (26 if sig == b"PK\x03\x04" else 28))
            if bytes(data[pos + name_at : pos + name_at + name_len]) == name:
                struct.pack_into("<I", data, pos + size_at, 1024)
            pos = data.find(sig, pos + 4)
    return bytes(data)


# ---- the checks alone --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PNG, "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"PK\x03\x04" + bytes(30), "a zip file or an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(30), "an old Office file (.xls, .doc)"),
        ("cid,date\n".encode("utf-16"), "UTF-16 text (save it as CSV UTF-8)"),
        (b"cid,date\n\x00\x01\x02", "a binary file"),
        (b"MZ\x90\x00\x03" + bytes(60), "a binary file"),
    ],
)
def test_a_binary_file_is_known_by_its_content(data, kind):
    with pytest.raises(limits.UploadRefused) as refused:
        limits.check_text(data, "labfu")
    assert (refused.value.field, refused.value.code, refused.value.params["kind"]) == (
        "labfu",
        "not_text",
        kind,
    )


@pytest.mark.parametrize(
    "data",
    [
        "cid,name\n1101700203451,สมชาย ใจดี\n".encode(),
        "\ufeffcid,name\n1,สมชาย\n".encode(),
        "HOSPCODE|PID\n10723|ชาย\n".encode("cp874"),  # Thai Windows 43-file
        b"a\tb\r\nc\td\f\n",
        b"",
    ],
)
def test_text_in_utf8_or_thai_windows_passes(data):
    limits.check_text(data)


def test_check_xlsx_wants_a_zip_holding_a_workbook():
    wb = Workbook()
    buf = io.BytesIO()
    wb.save(buf)
    limits.check_xlsx(buf.getvalue())
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    for data in (b"facility,visit\n", PNG, other.getvalue()):
        with pytest.raises(limits.UploadRefused, match="not an Excel workbook"):
            limits.check_xlsx(data, "file")


def test_check_image_wants_an_image_by_content():
    limits.check_image(PNG)
    with pytest.raises(limits.UploadRefused, match="not a PNG, JPEG or WebP image"):
        limits.check_image(b"<svg onload=alert(1)>", "photo")
    with pytest.raises(limits.UploadRefused, match="over the limit of 10 bytes"):
        limits.check_image(PNG, "photo", max_bytes=10)


def test_a_zip_bomb_is_refused_from_its_directory_before_openpyxl_opens_it(monkeypatch):
    data = bomb_xlsx()
    assert len(data) < 1024 * 1024  # small on the wire

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a refused workbook")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(TableError, match="expands"):
        read_table(data, "history.xlsx")


def test_a_zip_directory_that_lies_about_sizes_expands_no_further():
    data = lying_xlsx()
    limits.check_xlsx(data)  # the directory says 1 KB: it passes
    with pytest.raises(TableError, match="not a readable Excel file"):
        read_table(data, "history.xlsx")


def test_rows_past_the_limit_are_refused():
    text = "facility,visit,step,arrived\n" + "hosp-phangnga,1,doctor,2019-01-07 08:00\n" * 11
    with pytest.raises(TableError, match="more than 10 rows"):
        read_table(text.encode(), "h.csv", max_rows=10)
    with pytest.raises(limits.UploadRefused, match="rows"):
        limits.check_lines(text, "labfu", max_rows=10)


def test_refusals_are_english_for_the_api_and_thai_on_pages():
    from django.utils import translation

    refused = limits.UploadRefused("file", "too_large", size="2,000", limit="1,000")
    assert refused.message == "file of 2,000 bytes is over the limit of 1,000 bytes"
    with translation.override("th"):
        assert refused.translated() == "ไฟล์ขนาด 2,000 ไบต์ เกินขีดจำกัด 1,000 ไบต์"
        assert limits.UploadRefused("file", "not_text", kind="a PNG image").translated() == THAI_NOT_TEXT
    with translation.override("en"):
        assert refused.translated() == refused.message


# ---- health: visit history page -----------------------------------------------------------


@pytest.fixture
def health_staff(make_user, places):
    client = Client()
    client.force_login(make_user("health_officer"))
    return client


def visit_error(client, upload) -> str:
    response = client.post("/health/waiting/import/", {"file": upload, "mode": "keep_good"})
    assert response.status_code == 200 and response.context["report"] is None
    assert Visit.objects.count() == 0
    return response.context["error"]


def test_the_visit_import_page_refuses_the_bomb_and_imports_nothing(health_staff):
    error = visit_error(health_staff, SimpleUploadedFile("history.xlsx", bomb_xlsx()))
    assert "ไฟล์ Excel ขยายออกเป็น" in error


def test_the_visit_import_page_refuses_a_png_named_csv(health_staff):
    assert visit_error(health_staff, png_as("history.csv")) == THAI_NOT_TEXT


def test_the_visit_import_page_refuses_a_csv_named_xlsx(health_staff):
    upload = SimpleUploadedFile("history.xlsx", b"facility,visit,step,arrived\n")
    assert visit_error(health_staff, upload) == "ไม่ใช่ไฟล์ Excel (.xlsx)"


def test_the_visit_import_page_refuses_an_oversized_file(health_staff, monkeypatch):
    from phangnga.health import views_waiting

    monkeypatch.setattr(views_waiting, "MAX_UPLOAD", 100)
    upload = SimpleUploadedFile("history.csv", b"facility,visit,step,arrived\n" * 10)
    assert visit_error(health_staff, upload) == "ไฟล์ใหญ่เกิน 20 MB"


def test_the_visit_import_page_refuses_rows_past_the_limit(health_staff, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    text = "facility,visit,step,arrived\n" + "hosp-phangnga,1,doctor,2019-01-07 08:00\n" * 6
    error = visit_error(health_staff, SimpleUploadedFile("history.csv", text.encode()))
    assert error == "มากกว่า 5 แถว กรุณาแบ่งไฟล์"


# ---- health: CKD import page -------------------------------------------------------------


def ckd_error(client, data) -> str:
    response = client.post("/health/ckd/import/", data)
    assert response.status_code == 200 and response.context["result"] is None
    assert CkdPatient.objects.count() == 0 and LabResult.objects.count() == 0
    return response.context["error"]


@pytest.mark.parametrize(
    ("fmt", "field"),
    [("patients_csv", "file"), ("labs_csv", "file"), ("fhir", "file"), ("f43", "person"), ("f43", "labfu")],
)
def test_the_ckd_import_refuses_a_png_in_any_file_field(health_staff, fmt, field):
    error = ckd_error(health_staff, {"format": fmt, field: png_as(f"{field}.txt")})
    assert error == f"{field}: {THAI_NOT_TEXT}"


def test_the_ckd_import_refuses_a_workbook_or_zip_bomb_as_a_43_file(health_staff):
    error = ckd_error(health_staff, {"format": "f43", "labfu": SimpleUploadedFile("labfu.txt", bomb_xlsx())})
    assert error == "labfu: ไม่ใช่ไฟล์ข้อความ: ไฟล์นี้เป็นไฟล์ zip หรือไฟล์ Excel (.xlsx)"


def test_the_ckd_import_refuses_an_oversized_file_naming_it(health_staff, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    upload = SimpleUploadedFile("chronic.txt", b"HOSPCODE|PID\n" * 20)
    error = ckd_error(health_staff, {"format": "f43", "chronic": upload})
    assert error == "chronic: ไฟล์ขนาด 260 ไบต์ เกินขีดจำกัด 100 ไบต์"


def test_the_ckd_import_refuses_a_43_file_past_the_row_limit(health_staff, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    lines = "".join(f"10669|{n:05d}|V{n}|20240105|0581902|120|1.4\n" for n in range(10))
    labfu = SimpleUploadedFile(
        "labfu.txt", ("HOSPCODE|PID|SEQ|DATE_SERV|LABTEST|LABRESULT\n" + lines).encode()
    )
    error = ckd_error(health_staff, {"format": "f43", "mode": "keep_good", "labfu": labfu})
    assert error == "labfu: มากกว่า 5 แถว กรุณาแบ่งไฟล์"


def test_the_ckd_import_counts_fhir_observations_as_rows(health_staff, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    obs = {"resourceType": "Observation", "status": "final",
           "code": {"coding": [{"system": "http://loinc.org", "code": "2160-0"}]},
           "subject": {"identifier": {"value": "1101700203451"}}, "effectiveDateTime": "2021-01-05",
           "valueQuantity": {"value": 1.4, "unit": "mg/dL"}}  # fmt: skip
    upload = SimpleUploadedFile("obs.json", json.dumps([obs] * 4).encode(), "application/json")
    assert ckd_error(health_staff, {"format": "fhir", "file": upload}) == "file: มากกว่า 3 แถว กรุณาแบ่งไฟล์"


# ---- land: parcels page and API ----------------------------------------------------------


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


def land_page(make_user, project, upload):
    client = Client()
    client.force_login(make_user("land_officer"))
    response = client.post(f"/land/{project.pk}/import/", {"form": "parcels", "f-file": upload})
    assert response.status_code == 422 and project.parcels.count() == 0
    return response.context["problems"]


def test_a_parcel_file_over_the_limit_is_refused_on_the_page(make_user, land_project, monkeypatch):
    project, data = land_project
    monkeypatch.setattr(limits, "MAX_PARCEL_BYTES", 1000)
    f = SimpleUploadedFile("p.geojson", json.dumps(data["parcels"]).encode())
    problems = land_page(make_user, project, f)
    assert list(problems) == ["file"] and "เกินขีดจำกัด 1,000 ไบต์" in problems["file"]


def test_a_png_named_csv_is_refused_on_the_parcels_page(make_user, land_project):
    project, _ = land_project
    assert land_page(make_user, project, png_as("parcels.csv")) == {"file": THAI_NOT_TEXT}


def test_a_zip_bomb_is_refused_on_the_parcels_page(make_user, land_project):
    project, _ = land_project
    problems = land_page(make_user, project, SimpleUploadedFile("parcels.csv", bomb_xlsx()))
    assert problems == {"file": "ไม่ใช่ไฟล์ข้อความ: ไฟล์นี้เป็นไฟล์ zip หรือไฟล์ Excel (.xlsx)"}


def test_too_many_parcels_through_the_api_import_nothing(api, make_user, land_project, monkeypatch):
    project, data = land_project
    monkeypatch.setattr(limits, "MAX_PARCELS", 3)
    response = api(make_user("land_officer")).post(
        f"/api/v1/land/projects/{project.pk}/parcels/import", {"format": "geojson", "data": data["parcels"]}
    )
    assert response.status_code == 422 and "more than 3 parcels" in response.json()["fields"]["data"]
    assert project.parcels.count() == 0


def test_a_csv_field_past_the_csv_module_limit_is_a_422_not_a_500(api, make_user, land_project):
    project, _ = land_project
    text = "deed_no,owners,deed_area_m2,zone,lon,lat\n" + "x" * 200_000 + ",a,1,A,98.3,8.27\n"
    response = api(make_user("land_officer")).post(
        f"/api/v1/land/projects/{project.pk}/parcels/import", {"format": "csv", "data": text}
    )
    assert response.status_code == 422 and "line 2" in response.json()["fields"]
    assert project.parcels.count() == 0


# ---- farm: plot GeoJSON and fertilizer table uploads --------------------------------------


@pytest.fixture
def farmer_household(make_user, places):
    from phangnga.core.thai import random_valid_national_id
    from phangnga.farm.models import Household

    farmer = make_user("farmer")
    household = Household.objects.create(
        code="T-00001", head_name="Somsak", head_national_id=random_valid_national_id(random.Random(3)),
        district_id="takua_thung", subdistrict="krasom", moo=3, village="Ban Test",
        registered_on=date.today() - timedelta(days=400), last_update_on=date.today(), status="approved",
        user=farmer,
    )  # fmt: skip
    client = Client()
    client.force_login(farmer)
    return client, household


def plot_upload(client, household, upload):
    response = client.post(
        f"/farm/households/{household.pk}/plots/new",
        {"name": "Upload", "geojson_file": upload, "land_document": "spk401", "land_document_no": "77",
         "tenure": "leased"},
    )  # fmt: skip
    assert response.status_code == 200 and not household.plots.exists()
    return response.context["form"].errors["geojson_file"]


def test_a_png_named_geojson_is_refused_as_a_plot(farmer_household):
    client, household = farmer_household
    assert plot_upload(client, household, png_as("plot.geojson")) == [THAI_NOT_TEXT]


def test_a_plot_file_over_2_mb_is_refused(farmer_household):
    client, household = farmer_household
    upload = SimpleUploadedFile("plot.geojson", b" " * 2_000_001)
    assert plot_upload(client, household, upload) == ["ไฟล์ใหญ่เกิน 2 MB"]


def test_a_png_named_json_is_refused_as_a_fertilizer_table(make_user, places):
    from phangnga.farm.models import FertilizerTable

    client = Client()
    client.force_login(make_user("agriculture_officer", district="kapong"))
    response = client.post("/farm/settings/", {"action": "import", "table": png_as("table.json")})
    assert response.status_code == 200 and not FertilizerTable.objects.exists()
    assert response.context["import_form"].errors["table"] == [THAI_NOT_TEXT]


# ---- prevention: a warning sign's photo (admin) -------------------------------------------


def test_a_sign_photo_must_be_an_image_by_content(places):
    from phangnga.prevention.admin import WarningSignForm
    from phangnga.prevention.models import RiskPoint

    risk = RiskPoint.objects.create(name="Rip current", kind="rip_current", lat=8.6, lon=98.2)
    fields = {"risk_point": risk.pk, "installed_on": "2024-01-05", "languages": "th,en", "condition": "good"}
    svg = SimpleUploadedFile(
        "sign.jpg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "image/jpeg"
    )
    form = WarningSignForm(fields, {"photo": svg})
    assert not form.is_valid() and form.errors["photo"] == ["ไม่ใช่รูปภาพ PNG, JPEG หรือ WebP"]
    assert WarningSignForm(fields, {"photo": SimpleUploadedFile("sign.png", PNG, "image/png")}).is_valid()


# ---- the API: every JSON import path -----------------------------------------------------


@pytest.fixture
def json_imports(make_user, places, land_project):
    """(path, user, body) of each API import, with a body each would accept."""
    project, data = land_project
    return [
        (f"/api/v1/land/projects/{project.pk}/parcels/import", make_user("land_officer"),
         {"format": "geojson", "data": data["parcels"]}),
        ("/api/v1/health/ckd/patients", make_user("health_officer"), []),
        ("/api/v1/health/ckd/labs", make_user("health_officer"), []),
        ("/api/v1/referrals/fhir", make_user("referral_nurse", facility="rpst-phru-nai"),
         {"resourceType": "Bundle", "type": "collection", "entry": []}),
        ("/api/v1/farm/fertilizer/tables", make_user("agriculture_officer"), {"crop": "rice"}),
    ]  # fmt: skip


def stored() -> tuple:
    from phangnga.farm.models import FertilizerTable
    from phangnga.land.models import Parcel
    from phangnga.referral.models import Referral

    return (Parcel.objects.count(), CkdPatient.objects.count(), LabResult.objects.count(),
            Referral.objects.count(), FertilizerTable.objects.count())  # fmt: skip


def test_an_api_import_over_the_body_limit_is_a_413_naming_the_body(api, json_imports, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    for path, user, _ in json_imports:
        response = api(user).post(path, {"padding": "x" * 5000})
        assert response.status_code == 413, path
        assert response.json()["error"] == "body_too_large" and "body" in response.json()["fields"]
    assert stored() == (0, 0, 0, 0, 0)


def test_an_api_import_of_a_png_is_a_415_naming_the_body(api, json_imports):
    from conftest import ApiClient

    for path, user, _ in json_imports:
        client: ApiClient = api(user)
        response = client.client.post(path, data=PNG, content_type="image/png", headers=client.headers)
        assert response.status_code == 415, path
        assert "body" in response.json()["fields"]
    assert stored() == (0, 0, 0, 0, 0)


def test_an_api_batch_past_the_row_limit_is_a_422_and_saves_nothing(api, make_user, places, monkeypatch):
    from phangnga.health import api as health_api

    monkeypatch.setattr(health_api, "MAX_BATCH", 3)
    row = {"cid": "1101700203451", "birth_date": "1960-01-01", "sex": "M", "nationality": "099"}
    response = api(make_user("health_officer")).post("/api/v1/health/ckd/patients", [row] * 4)
    assert response.status_code == 422 and "at most 3 rows" in response.json()["fields"]["__all__"]
    assert CkdPatient.objects.count() == 0


def test_a_fhir_bundle_past_the_entry_limit_is_refused_before_validation(api, make_user, places):
    from phangnga.referral.models import Referral

    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"resource": {"resourceType": "Basic"}}] * (limits.MAX_BUNDLE_ENTRIES + 1)}  # fmt: skip
    response = api(make_user("referral_nurse", facility="rpst-phru-nai")).post(
        "/api/v1/referrals/fhir", bundle
    )
    assert response.status_code == 422 and "at most 100 entries" in response.json()["fields"]["entry"]
    assert Referral.objects.count() == 0
