"""The Khok Kloi demo project end to end: on land, the plan closes, every owner gets a
plot on a road near the old parcel, settlement priced; idempotent loading; GeoJSON out."""

import pytest
from shapely.geometry import Point, shape


@pytest.fixture
def project(db):
    from phangnga.land.demo import create_project

    return create_project()


def test_demo_is_on_land_near_khok_kloi(project):
    from phangnga.geo.land import polygons
    from phangnga.geo.places import haversine_km

    c = shape(project.boundary).centroid
    assert polygons().contains(Point(c.x, c.y))
    assert haversine_km(c.y, c.x, 8.270, 98.300) < 1.0
    assert project.is_demo and "2547" in project.legal_basis


def test_plan_closes_and_layout_gives_every_owner_a_plot(project):
    from phangnga.land import plans

    plan = plans.compute_plan(project)
    assert plan.area.ratio == pytest.approx(
        (plan.public_after_m2 - plan.public_before_m2 + plan.reserve_m2)
        / (project.boundary_area_m2 - plan.public_before_m2),
        rel=1e-9,
    )
    assert plan.value is not None and plan.value.k > 1
    assert plan.layout.notes == []
    assert len(plan.layout.plots) == 12
    assert sum(p.area_m2 for p in plan.layout.plots) == pytest.approx(plan.area.available_m2, rel=0.002)
    for p in plan.layout.plots:
        assert p.frontage_m > 10
        assert p.distance_m < 60
    rows = {r.id: r for r in plan.allocated.parcels}
    for p in plan.layout.plots:
        assert rows[p.id].area_difference_m2 == pytest.approx(p.area_m2 - rows[p.id].new_area_m2, abs=0.02)
        assert rows[p.id].settlement_baht is not None
    # Saved plots do not overlap each other and stay inside the project.
    saved = [shape(p.new_geometry) for p in project.parcels.all()]
    boundary = shape(project.boundary).buffer(1e-6)
    for i, a in enumerate(saved):
        assert a.within(boundary)
        for b in saved[i + 1 :]:
            assert a.intersection(b).area < 1e-10


def test_manual_area_is_kept_and_settled(project):
    from phangnga.land import plans

    first = project.parcels.first()
    plan = plans.compute_plan(project, manual={first.deed_no: 1400.0})
    plot = next(p for p in plan.layout.plots if p.id == first.deed_no)
    assert plot.area_m2 == pytest.approx(1400.0, abs=0.5)
    row = next(r for r in plan.allocated.parcels if r.id == first.deed_no)
    zone_after = project.zones.get(code=first.zone).value_after
    assert row.settlement_baht == pytest.approx((plot.area_m2 - row.new_area_m2) * zone_after, abs=1)


def test_load_twice_changes_nothing(db):
    from phangnga.land import demo
    from phangnga.land.models import Meeting, Parcel, Project

    demo.load()
    counts = (Project.objects.count(), Parcel.objects.count(), Meeting.objects.count())
    demo.load()
    assert (Project.objects.count(), Parcel.objects.count(), Meeting.objects.count()) == counts == (1, 12, 4)


def test_layout_geojson_export(project, api, make_user):
    r = api(make_user("viewer")).get(f"/api/v1/land/projects/{project.id}/layout.geojson")
    assert r.status_code == 200
    fc = r.json()
    plots = [f for f in fc["features"] if f["properties"]["layer"] == "plot"]
    assert len(plots) == 12 and fc["properties"]["demo"] is True
    assert all(shape(f["geometry"]).is_valid for f in plots)
    r = api(make_user("viewer")).get(f"/api/v1/land/projects/{project.id}/plan")
    assert r.status_code == 200 and r.json()["value"]["k"] > 1
