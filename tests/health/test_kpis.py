"""health.kpis.indicators(fy_ce): what the dashboard reads, from the seeded demo."""

import pytest

from phangnga.health import demo, kpis


@pytest.fixture
def demo_data(places):
    demo._load_visits()
    demo._load_cohort()


def test_indicators_from_the_demo(demo_data, api, make_user):
    k = kpis.indicators(2020)
    assert k["fy_be"] == 2563 and k["ckd_threshold"] == 5.0
    assert k["ckd_percent"] == round(100 * k["ckd_numerator"] / k["ckd_denominator"], 2)
    assert 62 < k["ckd_percent"] < 70
    # Smart Hospital: from 2-3 hours before to 1-2 hours after
    assert 120 <= k["waiting_before_median_min"] <= 180
    assert 60 <= k["waiting_after_median_min"] <= 120
    assert k["waiting_change_percent"] < -20
    earlier = kpis.indicators(2019)
    assert earlier["ckd_threshold"] == 4.0 and earlier["ckd_percent"] < k["ckd_percent"]
    assert earlier["waiting_before_median_min"] is None  # no visits in FY2561
    body = api(make_user("health_officer")).get("/api/v1/health/kpis?fy=2563").json()
    assert body == k


def test_demo_is_idempotent(demo_data):
    from phangnga.health.models import CkdPatient, LabResult, Visit, VisitStep

    counts = (
        Visit.objects.count(),
        VisitStep.objects.count(),
        CkdPatient.objects.count(),
        LabResult.objects.count(),
    )
    demo.load()
    demo.load()
    live = Visit.objects.filter(source="live").count()
    assert live == 14
    assert (Visit.objects.count() - live, CkdPatient.objects.count(), LabResult.objects.count()) == (
        counts[0], counts[2], counts[3],
    )  # fmt: skip
