"""iot.kpis.indicators(fy_ce): sites, devices online, labour saved (pro rata per fiscal year)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from phangnga.core.audit import Actor
from phangnga.iot import services
from phangnga.iot.kpis import indicators


@pytest.fixture
def pig(db):
    site = services.create_site(
        Actor(), code="pig-k", kind="pig_house", name_th="p", name_en="p", lat=8.4, lon=98.47, owner=None
    )
    site.commissioned_on = date(2021, 10, 1)  # first day of FY2022 (FY2565 BE)
    site.save()
    device = services.create_device(
        Actor(), site, code="ctl", name="c", channels=["temperature"], actuators=["fan"]
    )[0]
    return site, device


def test_full_year_of_a_pig_house_saves_24000_baht(pig):
    k = indicators(2022)
    assert k["labour_saved_baht"] == 24000
    assert k["sites"] == 1 and k["sites_by_kind"] == {"pig_house": 1}
    assert indicators(2021)["labour_saved_baht"] == 0 and indicators(2021)["sites"] == 0


def test_half_year_is_pro_rata(pig):
    site, _ = pig
    site.commissioned_on = date(2022, 4, 1)  # 183 of 365 days of FY2022
    site.save()
    assert indicators(2022)["labour_saved_baht"] == round(24000 * 183 / 365)


def test_devices_online_counts_recent_reports(pig):
    _, device = pig
    assert indicators(2022)["devices_online"] == 0
    device.last_seen_at = timezone.now()
    device.save()
    assert indicators(2022)["devices"] == 1 and indicators(2022)["devices_online"] == 1
