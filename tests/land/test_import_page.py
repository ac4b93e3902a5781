"""The import page: a parcels file with problems lists each bad parcel and writes nothing;
public land pasted (or drawn) as GeoJSON is added with its geodesic area."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from phangnga.land import demo


@pytest.fixture
def officer(make_user):
    c = Client()
    c.force_login(make_user("land_officer"))
    return c


@pytest.fixture
def empty_project(db):
    from phangnga.land import plans
    from phangnga.land.models import Project, Zone

    data = demo.features()
    p = Project(name="Empty")
    plans.set_boundary(p, data["boundary"])
    p.save()
    Zone.objects.create(project=p, code="A", value_before=600, value_after=1300)
    Zone.objects.create(project=p, code="B", value_before=450, value_after=1100)
    return p, data


def test_bad_file_lists_every_bad_parcel(officer, empty_project):
    project, data = empty_project
    bad = copy.deepcopy(data["parcels"])
    bad["features"][0]["geometry"]["coordinates"][0].pop()
    bad["features"][5]["geometry"]["coordinates"][0].pop()
    f = SimpleUploadedFile("p.geojson", json.dumps(bad).encode(), content_type="application/geo+json")
    r = officer.post(f"/land/{project.pk}/import/", {"form": "parcels", "f-file": f})
    assert r.status_code == 422
    html = r.content.decode()
    assert 'data-problems="2"' in html
    assert (
        bad["features"][0]["properties"]["deed_no"] in html
        and bad["features"][5]["properties"]["deed_no"] in html
    )
    assert project.parcels.count() == 0


def test_good_file_imports(officer, empty_project):
    project, data = empty_project
    f = SimpleUploadedFile("p.geojson", json.dumps(data["parcels"]).encode())
    r = officer.post(f"/land/{project.pk}/import/", {"form": "parcels", "f-file": f})
    assert r.status_code == 302 and project.parcels.count() == 12


def test_public_land_pasted_is_added_and_outside_refused(officer, empty_project):
    project, data = empty_project
    road = data["public"]["after"][0][2]
    r = officer.post(
        f"/land/{project.pk}/import/",
        {
            "form": "public",
            "p-phase": "after",
            "p-kind": "road",
            "p-name": "Soi",
            "p-geometry": json.dumps(road),
        },
    )
    assert r.status_code == 302
    pl = project.public_land.get()
    assert pl.area_m2 == pytest.approx(800, abs=1)
    far = {"type": "Polygon", "coordinates": [[[98.0, 8.0], [98.001, 8.0], [98.001, 8.001], [98.0, 8.0]]]}
    r = officer.post(
        f"/land/{project.pk}/import/",
        {"form": "public", "p-phase": "after", "p-kind": "road", "p-geometry": json.dumps(far)},
    )
    assert r.status_code == 422 and project.public_land.count() == 1
    r = officer.post(
        f"/land/{project.pk}/import/",
        {"form": "public", "p-phase": "after", "p-kind": "road", "p-geometry": "not json"},
    )
    assert r.status_code == 422


def test_zone_values_are_saved_and_change_the_value_method(officer, empty_project):
    from phangnga.land.models import Zone

    project, _ = empty_project
    r = officer.post(
        f"/land/{project.pk}/import/",
        {"form": "zone", "z-code": "A", "z-name": "Lane", "z-value_before": "700", "z-value_after": "1500"},
    )
    assert r.status_code == 302
    z = Zone.objects.get(project=project, code="A")
    assert (z.value_before, z.value_after) == (700, 1500)
    r = officer.post(
        f"/land/{project.pk}/import/",
        {"form": "zone", "z-code": "C", "z-value_before": "-1", "z-value_after": "10"},
    )
    assert r.status_code == 422 and not Zone.objects.filter(project=project, code="C").exists()
