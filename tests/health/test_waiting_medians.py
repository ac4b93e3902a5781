"""Waiting-time medians and p90 on a known visit set, in the pure kernel and from the DB."""

from datetime import UTC, datetime, timedelta

import pytest

from phangnga.health.waiting import StepTimes, compare, percentile, summarise

T0 = datetime(2020, 1, 6, 1, 0, tzinfo=UTC)  # 08:00 in Bangkok


def visit(facility, vid, start, waits_services):
    """Steps back to back: each (kind, wait, service) in minutes."""
    steps, t = [], start
    for kind, wait, service in waits_services:
        arrived = t
        started = arrived + timedelta(minutes=wait)
        finished = started + timedelta(minutes=service)
        steps.append(StepTimes(facility, vid, kind, arrived, started, started, finished))
        t = finished
    return steps


# Five visits: totals 60, 90, 120, 150, 300 min; doctor waits 10, 20, 30, 40, 200.
KNOWN = [
    visit("H", 1, T0, [("registration", 5, 5), ("doctor", 10, 40)]),
    visit("H", 2, T0, [("registration", 10, 10), ("doctor", 20, 50)]),
    visit("H", 3, T0, [("registration", 20, 20), ("doctor", 30, 50)]),
    visit("H", 4, T0, [("registration", 40, 20), ("doctor", 40, 50)]),
    visit("H", 5, T0, [("registration", 50, 10), ("doctor", 200, 40)]),
]
STEPS = [s for v in KNOWN for s in v]


def test_percentile_interpolates():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([10], 90) == 10
    assert percentile([], 50) is None
    assert percentile([0, 10], 90) == pytest.approx(9.0)


def test_known_set_medians():
    (row,) = summarise(STEPS)
    assert row["facility"] == "H" and row["month"] == "2020-01" and row["visits"] == 5
    assert row["total"] == {"n": 5, "median": 120.0, "p90": 240.0}  # 150 + 0.6 x 150
    assert row["steps"]["doctor"]["wait"]["median"] == 30.0
    assert row["steps"]["doctor"]["wait"]["p90"] == 136.0  # 40 + 0.6 x 160
    assert row["steps"]["registration"]["service"]["median"] == 10.0


def test_incomplete_visit_is_left_out_of_totals():
    open_visit = [StepTimes("H", 9, "registration", T0, T0, T0 + timedelta(minutes=1), None)]
    (row,) = summarise(STEPS + open_visit)
    assert row["visits"] == 6 and row["total"]["n"] == 5
    assert row["steps"]["registration"]["wait"]["n"] == 6


def test_before_after():
    after = [s for i, v in enumerate(KNOWN[:3]) for s in visit("H", 100 + i, T0, [("doctor", 10, 50)])]
    result = compare(STEPS, after)
    assert result["overall"]["before"]["median"] == 120.0
    assert result["overall"]["after"]["median"] == 60.0
    assert result["facilities"]["H"]["median_change_percent"] == -50.0


def test_months_split_in_bangkok_time():
    late = datetime(2020, 1, 31, 17, 30, tzinfo=UTC)  # 00:30 on 1 Feb in Bangkok
    rows = summarise(visit("H", 1, late, [("doctor", 5, 5)]))
    assert rows[0]["month"] == "2020-02"


def test_medians_from_the_database(db, places):
    from phangnga.health import analytics
    from phangnga.health.models import Visit, VisitStep

    facility = places["hosp-phangnga"]
    for i, v in enumerate(KNOWN, start=1):
        visit_row = Visit.objects.create(
            facility=facility, day=T0.date(), number=i, route=["registration", "doctor"]
        )
        VisitStep.objects.bulk_create(
            VisitStep(
                visit=visit_row,
                kind=s.kind,
                seq=j,
                arrived_at=s.arrived,
                called_at=s.called,
                started_at=s.started,
                finished_at=s.finished,
            )
            for j, s in enumerate(v)
        )
    (row,) = analytics.summary(facility=facility)
    assert row["total"]["median"] == 120.0 and row["total"]["p90"] == 240.0
    assert row["steps"]["doctor"]["wait"]["median"] == 30.0
