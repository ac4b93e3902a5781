"""Land pages: map, plan with live recompute and save, participation, owner statement PDF."""

import pytest
from django.test import Client


@pytest.fixture
def project(db):
    from phangnga.land.demo import create_project

    return create_project()


def client_for(make_user, *role_names):
    c = Client()
    c.force_login(make_user(*role_names))
    return c


def test_pages_render_for_officer_and_viewer(project, make_user):
    for role in ("land_officer", "viewer"):
        c = client_for(make_user, role)
        assert c.get("/land/").status_code == 200
        r = c.get(f"/land/{project.pk}/")
        assert r.status_code == 200 and "2547" in r.content.decode()
        assert c.get(f"/land/{project.pk}/plan/").status_code == 200
        assert c.get(f"/land/{project.pk}/participation/").status_code == 200
    assert client_for(make_user, "farmer").get("/land/").status_code == 403
    assert Client().get("/land/").status_code == 302


def test_recompute_with_a_hand_set_area(project, make_user):
    c = client_for(make_user, "land_officer")
    first = project.parcels.first()
    r = c.post(f"/land/{project.pk}/plan/recompute", {"method": "area", f"manual_{first.pk}": "1500"})
    assert r.status_code == 200
    html = r.content.decode()
    row = html.split(f'data-deed="{first.deed_no}"')[1].split("</tr>")[0]
    assert "1500.0" in row
    r = c.post(f"/land/{project.pk}/plan/recompute", {"method": "area", f"manual_{first.pk}": "abc"})
    row = r.content.decode().split(f'data-deed="{first.deed_no}"')[1].split("</tr>")[0]
    assert 'class="error"' in row


def test_save_layout_keeps_the_hand_set_area(project, make_user):
    first = project.parcels.first()
    r = client_for(make_user, "land_officer").post(
        f"/land/{project.pk}/plan/save", {"method": "value", f"manual_{first.pk}": "1500"}
    )
    assert r.status_code == 302
    first.refresh_from_db()
    project.refresh_from_db()
    assert first.manual_area_m2 == 1500 and first.new_area_m2 == pytest.approx(1500, abs=0.5)
    assert project.method == "value"
    r = client_for(make_user, "viewer").post(f"/land/{project.pk}/plan/save", {"method": "area"})
    assert r.status_code == 403


def test_meeting_and_consent_are_recorded(project, make_user):
    from phangnga.land.models import Consent, Meeting

    c = client_for(make_user, "land_officer")
    n = Meeting.objects.count()
    r = c.post(
        f"/land/{project.pk}/participation/",
        {"m-step": "approval", "m-date": "2021-09-01", "m-attendees": "A\nB\nC", "m-resolution": "Approved"},
    )
    assert r.status_code == 302 and Meeting.objects.count() == n + 1
    assert Meeting.objects.latest("id").attendee_list == ["A", "B", "C"]
    parcel = project.parcels.all()[8]
    r = c.post(
        f"/land/{project.pk}/participation/",
        {
            "c-parcel": parcel.pk,
            "c-step": "allocation",
            "c-agreed": "1",
            "c-date": "2021-07-01",
            "c-note": "",
        },
    )
    assert r.status_code == 302
    assert Consent.objects.get(parcel=parcel, step="allocation").agreed is True
    r = c.post(
        f"/land/{project.pk}/participation/",
        {"m-step": "approval", "m-date": "", "m-attendees": "", "m-resolution": ""},
    )
    assert r.status_code == 422


def test_owner_statement_pdf(project, make_user):
    from phangnga.core.models import AuditEntry

    parcel = project.parcels.first()
    r = client_for(make_user, "land_officer").get(f"/land/{project.pk}/parcels/{parcel.pk}/statement.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r["Content-Language"] == "th"  # the platform carries its Thai font: never an English fallback
    assert AuditEntry.objects.filter(action="read", object_id=str(parcel.pk)).exists()
    assert (
        client_for(make_user, "viewer")
        .get(f"/land/{project.pk}/parcels/{parcel.pk}/statement.pdf")
        .status_code
        == 403
    )


def test_layout_download(project, make_user):
    r = client_for(make_user, "viewer").get(f"/land/{project.pk}/after.geojson?download=1")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    assert client_for(make_user, "viewer").get(f"/land/{project.pk}/other.geojson").status_code == 404


def test_owner_names_only_for_land_officers_and_audited(project, make_user):
    from phangnga.core.models import AuditEntry

    owner = project.parcels.first().owners[0]
    html = client_for(make_user, "viewer").get(f"/land/{project.pk}/").content.decode()
    assert owner not in html
    html = client_for(make_user, "viewer").get(f"/land/{project.pk}/participation/").content.decode()
    assert owner not in html
    n = AuditEntry.objects.filter(action="read").count()
    html = client_for(make_user, "land_officer").get(f"/land/{project.pk}/").content.decode()
    assert owner in html
    assert AuditEntry.objects.filter(action="read").count() == n + 1
