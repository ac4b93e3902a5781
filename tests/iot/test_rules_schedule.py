"""Watering and fertigation windows, with a skip when the soil is already wet."""

from phangnga.iot.rules import RuleState, ScheduleRule, Window, evaluate_schedule, parse_hhmm

MORNING = ScheduleRule(
    windows=(Window(parse_hhmm("06:00"), 20), Window(parse_hhmm("17:30"), 15, (0, 2, 4))),
    skip_above=60,
    stale_after_s=3600,
)


def out(rule, weekday, hhmm, value=None, value_ts=None, now=0):
    return evaluate_schedule(rule, RuleState(), now, weekday, parse_hhmm(hhmm), value, value_ts).output


def test_inside_and_outside_the_window():
    assert out(MORNING, 1, "06:00") is True
    assert out(MORNING, 1, "06:19") is True
    assert out(MORNING, 1, "06:20") is False
    assert out(MORNING, 1, "05:59") is False


def test_weekday_limited_window():
    assert out(MORNING, 0, "17:35") is True
    assert out(MORNING, 1, "17:35") is False


def test_window_past_midnight():
    rule = ScheduleRule(windows=(Window(parse_hhmm("23:50"), 20, (0,)),))
    assert out(rule, 0, "23:55") is True
    assert out(rule, 1, "00:05") is True
    assert out(rule, 1, "00:10") is False
    assert out(rule, 2, "00:05") is False


def test_wet_soil_skips_watering_but_a_stale_sensor_does_not():
    assert out(MORNING, 1, "06:05", value=70, value_ts=0, now=0) is False
    assert out(MORNING, 1, "06:05", value=40, value_ts=0, now=0) is True
    assert out(MORNING, 1, "06:05", value=70, value_ts=0, now=7200) is True


def test_bad_times_are_refused():
    import pytest

    with pytest.raises(ValueError):
        parse_hhmm("25:00")
    assert ScheduleRule(windows=()).validate() == {"windows": "at least one window is needed"}
