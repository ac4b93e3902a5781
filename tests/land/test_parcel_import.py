"""Parcel import: geodesic area against the deed, and files that do not close, overlap
or lie outside the project are refused naming every parcel (kernel and HTTP)."""

import copy

import pytest

from phangnga.land import demo
from phangnga.land.parcels import ImportProblems, check_against, from_csv, from_geojson


@pytest.fixture(scope="module")
def data():
    return demo.features()


def test_demo_parcels_have_geodesic_areas_and_flags(data):
    parcels = from_geojson(data["parcels"])
    assert len(parcels) == 12
    # Parcel 1 is a 36/42 x 50 m trapezoid: (36 + 42) / 2 * 50 = 1950 m2.
    assert parcels[0].computed_area_m2 == pytest.approx(1950, abs=1.0)
    flagged = {p.deed_no for p in parcels if p.area_flagged}
    assert flagged == {data["parcels"]["features"][i]["properties"]["deed_no"] for i in (3, 8)}
    assert sum(p.computed_area_m2 for p in parcels) == pytest.approx(22_600, abs=3)


def test_csv_of_corners_gives_the_same_parcel(data):
    f = data["parcels"]["features"][0]
    props = f["properties"]
    lines = ["deed_no,owners,deed_area_m2,zone,lon,lat"]
    for lon, lat in f["geometry"]["coordinates"][0]:
        lines.append(
            f"{props['deed_no']},{';'.join(props['owners'])},{props['deed_area_m2']},{props['zone']},{lon},{lat}"
        )
    [p] = from_csv("\n".join(lines))
    assert p.owners == props["owners"]
    assert p.computed_area_m2 == pytest.approx(from_geojson(data["parcels"])[0].computed_area_m2, abs=0.01)


def test_open_ring_is_named(data):
    bad = copy.deepcopy(data["parcels"])
    ring = bad["features"][2]["geometry"]["coordinates"][0]
    ring[-1] = [ring[-1][0] + 0.0001, ring[-1][1]]  # ~11 m off
    with pytest.raises(ImportProblems) as e:
        from_geojson(bad)
    deed = bad["features"][2]["properties"]["deed_no"]
    assert list(e.value.problems) == [f"parcels.{deed}"]
    assert "does not close" in e.value.problems[f"parcels.{deed}"]


def test_overlap_and_outside_are_named(data):
    from shapely.geometry import shape

    bad = copy.deepcopy(data["parcels"])
    # Parcel 2 shifted 10 m west overlaps parcel 1; parcel 12 shifted far east leaves the boundary.
    for i, dlon in ((1, -0.00009), (11, 0.002)):
        bad["features"][i]["geometry"]["coordinates"][0] = [
            [x + dlon, y] for x, y in bad["features"][i]["geometry"]["coordinates"][0]
        ]
    parcels = from_geojson(bad)
    with pytest.raises(ImportProblems) as e:
        check_against(parcels, shape(data["boundary"]))
    deeds = [f["properties"]["deed_no"] for f in bad["features"]]
    probs = e.value.problems
    assert "overlaps" in probs[f"parcels.{deeds[0]}"] and deeds[1] in probs[f"parcels.{deeds[0]}"]
    assert "outside" in probs[f"parcels.{deeds[11]}"]
    assert f"parcels.{deeds[5]}" not in probs


def test_import_endpoint_refuses_bad_file_and_writes_nothing(api, make_user, data):
    officer = make_user("land_officer")
    r = api(officer).post(
        "/api/v1/land/projects",
        {
            "name": "Test project",
            "boundary": data["boundary"],
            "zones": [
                {"code": "A", "value_before": 600, "value_after": 1300},
                {"code": "B", "value_before": 450, "value_after": 1100},
            ],
        },
    )
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    bad = copy.deepcopy(data["parcels"])
    ring = bad["features"][4]["geometry"]["coordinates"][0]
    ring.pop()  # no longer closes
    r = api(officer).post(f"/api/v1/land/projects/{pid}/parcels/import", {"format": "geojson", "data": bad})
    assert r.status_code == 422
    deed = bad["features"][4]["properties"]["deed_no"]
    assert list(r.json()["fields"]) == [f"parcels.{deed}"]
    from phangnga.land.models import Parcel

    assert Parcel.objects.filter(project_id=pid).count() == 0

    r = api(officer).post(
        f"/api/v1/land/projects/{pid}/parcels/import", {"format": "geojson", "data": data["parcels"]}
    )
    assert r.status_code == 201
    body = r.json()
    assert body["imported"] == 12
    assert sum(p["area_flagged"] for p in body["parcels"]) == 2
    # The same parcels again, added (not replacing): each overlaps its twin? No: same deed
    # numbers replace themselves. A shifted copy under new deed numbers overlaps.
    shifted = copy.deepcopy(data["parcels"])
    for f in shifted["features"][:2]:
        f["properties"]["deed_no"] += "-X"
    shifted["features"] = shifted["features"][:2]
    r = api(officer).post(
        f"/api/v1/land/projects/{pid}/parcels/import", {"format": "geojson", "data": shifted}
    )
    assert r.status_code == 422
    assert all("overlaps" in v for v in r.json()["fields"].values())


def test_import_needs_a_land_officer(api, make_user, data):
    from phangnga.land.models import Project

    p = Project.objects.create(name="x", boundary=data["boundary"], boundary_area_m2=23000)
    r = api(make_user("viewer")).post(
        f"/api/v1/land/projects/{p.id}/parcels/import", {"format": "geojson", "data": data["parcels"]}
    )
    assert r.status_code == 403


def test_import_endpoint_takes_csv(api, make_user, data):
    from phangnga.land.models import Project, Zone

    p = Project.objects.create(name="csv", boundary=data["boundary"], boundary_area_m2=23000)
    Zone.objects.create(project=p, code="B", value_before=450, value_after=1100)
    f = data["parcels"]["features"][0]
    props = f["properties"]
    rows = ["deed_no,owners,deed_area_m2,zone,lon,lat"] + [
        f"{props['deed_no']},{';'.join(props['owners'])},{props['deed_area_m2']},{props['zone']},{lon},{lat}"
        for lon, lat in f["geometry"]["coordinates"][0]
    ]
    c = api(make_user("land_officer"))
    r = c.post(f"/api/v1/land/projects/{p.id}/parcels/import", {"format": "csv", "data": "\n".join(rows)})
    assert r.status_code == 201, r.content
    assert r.json()["parcels"][0]["computed_area_m2"] == pytest.approx(1950, abs=1)
    bad = "\n".join(rows[:-1])  # the first corner is not repeated: does not close
    r = c.post(f"/api/v1/land/projects/{p.id}/parcels/import", {"format": "csv", "data": bad})
    assert r.status_code == 422 and list(r.json()["fields"]) == [f"parcels.{props['deed_no']}"]
