"""Minimum cycle time: no output change within min_cycle_s of the previous one."""

from phangnga.iot.rules import (
    RuleState,
    ScheduleRule,
    ThresholdRule,
    Window,
    evaluate_schedule,
    evaluate_threshold,
)

RULE = ThresholdRule(direction="above", on_at=30.0, off_at=28.0, min_cycle_s=600)


def test_fan_cannot_switch_off_within_ten_minutes_of_switching_on():
    on = evaluate_threshold(RULE, RuleState(output=False), 31, 0, 0)
    assert on.changed and on.output is True
    early = evaluate_threshold(RULE, on.state, 27, 300, 300)
    assert not early.changed and early.output is True
    assert "minimum cycle time" in early.reason
    later = evaluate_threshold(RULE, early.state, 27, 600, 600)
    assert later.changed and later.output is False


def test_first_ever_switch_is_not_blocked():
    d = evaluate_threshold(RULE, RuleState(), 31, 0, 0)
    assert d.changed and d.output is True


def test_schedule_respects_minimum_cycle_time_too():
    rule = ScheduleRule(windows=(Window(6 * 60, 1),), min_cycle_s=300)
    on = evaluate_schedule(rule, RuleState(), 0, 0, 6 * 60)
    assert on.output is True
    off_early = evaluate_schedule(rule, on.state, 60, 0, 6 * 60 + 1)
    assert off_early.output is True and not off_early.changed
    off = evaluate_schedule(rule, off_early.state, 300, 0, 6 * 60 + 5)
    assert off.output is False and off.changed
