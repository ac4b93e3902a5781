"""Builders shared by the farm tests, offered as the `fb` fixture."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

# A ~2-rai square on farmland west of Krasom (Takua Thung), on land in the OSM polygons.
KRASOM_LAT, KRASOM_LON = 8.384, 98.440


def square(lat: float = KRASOM_LAT, lon: float = KRASOM_LON, side_m: float = 56.6) -> dict:
    """A GeoJSON square of about side_m metres centred on lat/lon."""
    import math

    dlat = side_m / 2 / 111_320
    dlon = side_m / 2 / (111_320 * math.cos(math.radians(lat)))
    ring = [
        [lon - dlon, lat - dlat],
        [lon + dlon, lat - dlat],
        [lon + dlon, lat + dlat],
        [lon - dlon, lat + dlat],
        [lon - dlon, lat - dlat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def make_household(
    user=None,
    *,
    district="takua_thung",
    subdistrict="krasom",
    registered_on=None,
    status="approved",
    nid=None,
    head="Somsak",
):
    """A household written straight to the database (the registry services are tested elsewhere)."""
    import random

    from phangnga.core.thai import random_valid_national_id
    from phangnga.farm.models import Household

    today = date.today()
    n = Household.objects.count() + 1
    return Household.objects.create(
        code=f"T-{n:05d}",
        head_name=f"{head} {n}",
        head_national_id=nid or random_valid_national_id(random.Random(n * 7919)),
        district_id=district,
        subdistrict=subdistrict,
        moo=3,
        village="Ban Test",
        registered_on=registered_on or today - timedelta(days=400),
        last_update_on=today,
        status=status,
        user=user,
    )


def make_plot(
    household,
    *,
    area_rai=2.0,
    lat=KRASOM_LAT,
    lon=KRASOM_LON,
    registered_on=None,
    land_document="chanote",
    land_document_no="1234",
    district=None,
    subdistrict=None,
):
    from phangnga.farm import geometry
    from phangnga.farm.models import Plot

    side = (area_rai * 1600) ** 0.5
    geom = geometry.parse_polygon(square(lat, lon, side), geometry.Box(97.4, 7.5, 99.2, 9.8))
    return Plot.objects.create(
        household=household,
        name="Plot",
        geometry=geometry.to_geojson(geom),
        area_m2=geometry.area_m2(geom),
        centroid_lat=lat,
        centroid_lon=lon,
        land_document=land_document,
        land_document_no=land_document_no,
        tenure="owned",
        district_id=district or household.district_id,
        subdistrict=subdistrict or household.subdistrict,
        registered_on=registered_on or household.registered_on,
    )


def make_cycle(plot, crop="rice", *, planted, harvest_days=120, area_rai=None, tree_count=None):
    from phangnga.farm.models import CropCycle

    return CropCycle.objects.create(
        plot=plot,
        crop=crop,
        planting_date=planted,
        expected_harvest=planted + timedelta(days=harvest_days),
        area_rai=area_rai if area_rai is not None else plot.area_m2 / 1600,
        tree_count=tree_count,
        reported_on=planted + timedelta(days=20),
    )


def _default_damage(plot) -> float:
    """The whole registered crop (the latest cycle), else the whole plot."""
    cycle = plot.cycles.order_by("-planting_date", "-id").first()
    return cycle.area_rai * 1600 if cycle else plot.area_m2


def make_assessment(disaster_id, plot, *, damaged_rai=None, total_loss=True, cap_priority=None, cycle=None):
    """An officer's assessment written straight to the database (the service is tested elsewhere)."""
    from phangnga.farm.models import DamageAssessment

    return DamageAssessment.objects.create(
        disaster_id=disaster_id,
        plot=plot,
        cycle=cycle,
        damaged_m2=(_default_damage(plot) if damaged_rai is None else damaged_rai * 1600),
        total_loss=total_loss,
        cap_priority=cap_priority,
        assessed_on=date.today(),
    )


@pytest.fixture
def fb(db):
    """Builders for farm tests: fb.square(), fb.household(), fb.plot(), fb.cycle()."""
    return SimpleNamespace(
        square=square,
        household=make_household,
        plot=make_plot,
        cycle=make_cycle,
        assess=make_assessment,
        lat=KRASOM_LAT,
        lon=KRASOM_LON,
    )
