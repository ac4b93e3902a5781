"""The demo loader: idempotent, marked demo, and its KPIs show the improving trends it models."""

from __future__ import annotations

from phangnga.emergency import kpis
from phangnga.emergency.models import Incident, Patient
from phangnga.fleet.models import Resource


def test_demo_is_idempotent_and_trends_improve(places):
    from phangnga.core.demo import load_users
    from phangnga.emergency.demo import load

    load_users()
    load()
    counts = (
        Incident.objects.count(),
        Patient.objects.count(),
        Resource.objects.count(),
    )
    load()
    assert (
        Incident.objects.count(),
        Patient.objects.count(),
        Resource.objects.count(),
    ) == counts
    assert not Incident.objects.filter(is_demo=False).exists()
    public = Incident.objects.get(channel="public")  # the board's call-back flag has a case to show
    assert public.status == "new" and public.reporter_phone and public.created_by is None

    years = {fy: kpis.indicators(fy) for fy in (2018, 2019, 2020, 2021)}
    assert all(y["incidents"] > 20 for y in years.values())
    medians = [years[fy]["call_to_hospital"]["median_min"] for fy in (2018, 2019, 2020, 2021)]
    assert medians == sorted(medians, reverse=True), medians
    assert years[2021]["mortality_per_1000"] < years[2018]["mortality_per_1000"]
    assert years[2021]["triage_1_2"]["share_pct"] >= years[2018]["triage_1_2"]["share_pct"]
    assert years[2021]["by_site"] and years[2021]["by_site"][0]["code"]
