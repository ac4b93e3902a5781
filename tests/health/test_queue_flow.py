"""Tickets, one-tap call-next, the patient's status and the TV's now-serving list."""

from datetime import UTC, datetime, timedelta

from phangnga.health import queue
from phangnga.health.models import ServicePoint

T0 = datetime(2024, 3, 4, 2, 0, tzinfo=UTC)


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def test_numbers_count_up_per_day(places):
    h = places["hosp-phangnga"]
    queue.ensure_points(h)
    a, b = queue.issue_ticket(h, now=at(0)), queue.issue_ticket(h, now=at(1))
    tomorrow = queue.issue_ticket(h, now=at(24 * 60))
    assert (a.number, b.number, tomorrow.number) == (1, 2, 1)
    assert a.token != b.token and len(a.token) >= 12


def test_call_next_walks_the_route_and_records_times(places):
    h = places["hosp-phangnga"]
    queue.ensure_points(h)
    reg = ServicePoint.objects.get(facility=h, name="Registration 1")
    scr = ServicePoint.objects.get(facility=h, name="Screening 1")
    v1 = queue.issue_ticket(h, now=at(0))
    v2 = queue.issue_ticket(h, now=at(2))

    called = queue.call_next(reg, now=at(5))
    assert called.visit == v1 and called.called_at == at(5)
    queue.start(reg, now=at(6))
    # one tap: v1 finishes registration and v2 is called
    called = queue.call_next(reg, now=at(10))
    assert called.visit == v2
    s1 = v1.steps.get(kind="registration")
    assert (s1.arrived_at, s1.called_at, s1.started_at, s1.finished_at) == (at(0), at(5), at(6), at(10))
    # v1 now waits at screening since the moment registration finished
    nxt = v1.steps.get(kind="screening")
    assert nxt.arrived_at == at(10) and nxt.called_at is None
    assert queue.call_next(scr, now=at(12)).visit == v1
    assert queue.call_next(reg, now=at(15)) is None  # v2 finished, nobody left
    assert v2.steps.get(kind="registration").finished_at == at(15)


def test_status_counts_who_is_ahead(places):
    h = places["hosp-takuapa"]
    queue.ensure_points(h)
    visits = [queue.issue_ticket(h, now=at(i)) for i in range(4)]
    st = queue.status(visits[3], now=at(5))
    assert st.state == "waiting" and st.ahead == 3
    # no history yet: default 3 min per registration at one counter -> (3 + 1) x 3
    assert st.expected_wait_min == 12
    reg = ServicePoint.objects.get(facility=h, kind="registration")
    queue.call_next(reg, now=at(6))
    assert queue.status(visits[3]).ahead == 2
    assert queue.status(visits[0]).state == "called"


def test_extra_steps_and_no_show(places):
    h = places["hosp-phangnga"]
    queue.ensure_points(h)
    v = queue.issue_ticket(h, extra=["lab"], now=at(0))
    assert v.route == ["registration", "screening", "doctor", "lab", "pharmacy", "payment"]
    reg = ServicePoint.objects.get(facility=h, kind="registration")
    queue.call_next(reg, now=at(1))
    skipped = queue.no_show(reg, now=at(3))
    assert skipped.skipped and queue.status(v).state == "missed"


def test_now_serving_lists_called_numbers(places):
    h = places["hosp-phangnga"]
    queue.ensure_points(h)
    rooms = list(ServicePoint.objects.filter(facility=h, kind="doctor"))
    scr = ServicePoint.objects.get(facility=h, kind="screening")
    reg = ServicePoint.objects.get(facility=h, kind="registration")
    for i in range(3):
        queue.issue_ticket(h, now=at(i))
    for i in range(4):
        queue.call_next(reg, now=at(10 + i))  # 3 calls + 1 to finish the last
    for i in range(3):
        queue.call_next(scr, now=at(20 + i))
    queue.call_next(scr, now=at(24))
    queue.call_next(rooms[0], now=at(30))
    queue.call_next(rooms[1], now=at(31))
    board = {row["kind"]: row for row in queue.now_serving(h)}
    assert sorted(s["number"] for s in board["doctor"]["serving"]) == [1, 2]
    assert board["doctor"]["waiting"] == 1
    assert {s["point"] for s in board["doctor"]["serving"]} == {rooms[0].name, rooms[1].name}
