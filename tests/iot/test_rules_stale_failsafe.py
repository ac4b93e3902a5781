"""A stale sensor drives the output to its fail-safe state and raises an alert once."""

from phangnga.iot.rules import RuleState, ThresholdRule, evaluate_threshold

RULE = ThresholdRule(
    direction="above", on_at=30, off_at=28, stale_after_s=600, failsafe=True, min_cycle_s=3600
)


def test_stale_sensor_turns_the_fan_on_even_inside_the_minimum_cycle():
    off = evaluate_threshold(RULE, RuleState(), 25, 0, 0)
    assert off.output is False
    stale = evaluate_threshold(RULE, off.state, 25, 0, 601)
    assert stale.output is True and stale.changed
    assert stale.state.stale
    assert stale.alerts and "stale" in stale.alerts[0] and "fail-safe on" in stale.alerts[0]


def test_fresh_reading_within_the_limit_is_not_stale():
    d = evaluate_threshold(RULE, RuleState(), 25, 0, 600)
    assert not d.state.stale and d.output is False


def test_alert_only_on_the_transition_and_recovery_is_reported():
    state = evaluate_threshold(RULE, RuleState(), 25, 0, 0).state
    first = evaluate_threshold(RULE, state, 25, 0, 700)
    again = evaluate_threshold(RULE, first.state, 25, 0, 800)
    assert first.alerts and not again.alerts and not again.changed
    back = evaluate_threshold(RULE, again.state, 27, 900, 900)
    assert not back.state.stale
    assert any("back" in a for a in back.alerts)


def test_no_value_at_all_counts_as_stale():
    d = evaluate_threshold(RULE, RuleState(), None, None, 0)
    assert d.output is True and d.state.stale


def test_without_failsafe_the_output_is_left_alone():
    rule = ThresholdRule(direction="above", on_at=30, off_at=28, stale_after_s=60)
    d = evaluate_threshold(rule, RuleState(output=True, last_change_s=0), 31, 0, 120)
    assert d.output is True and not d.changed and d.state.stale
