"""Threshold with hysteresis: ON at on_at, OFF only past off_at, no chatter in between."""

from phangnga.iot.rules import RuleState, ThresholdRule, evaluate_threshold

FAN = ThresholdRule(direction="above", on_at=30.0, off_at=28.0)
PUMP = ThresholdRule(direction="below", on_at=35.0, off_at=60.0)


def run(rule, values, start=None):
    state = start or RuleState()
    outputs = []
    for i, value in enumerate(values):
        decision = evaluate_threshold(rule, state, value, value_ts_s=i * 60, now_s=i * 60)
        state = decision.state
        outputs.append(decision.output)
    return outputs


def test_fan_switches_on_above_and_off_only_below_the_band():
    assert run(FAN, [27.0, 29.0, 30.0, 29.5, 28.5, 28.1, 28.0, 29.9]) == [
        False,
        False,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_value_hovering_at_the_set_point_does_not_chatter():
    decisions = []
    state = RuleState(output=True, last_change_s=0)
    for i, value in enumerate([29.9, 30.1, 29.8, 30.2, 29.7, 30.0]):
        d = evaluate_threshold(FAN, state, value, i, i)
        decisions.append(d.changed)
        state = d.state
    assert not any(decisions)


def test_below_direction_waters_dry_soil_until_wet():
    # Inside the band at start-up nothing is commanded (output unknown) until a threshold is crossed.
    assert run(PUMP, [50, 36, 35, 40, 59, 60, 45]) == [None, None, True, True, True, False, False]


def test_changed_is_true_only_on_transitions():
    state = RuleState()
    changes = []
    for i, value in enumerate([31, 31, 27, 27]):
        d = evaluate_threshold(FAN, state, value, i, i)
        changes.append(d.changed)
        state = d.state
    assert changes == [True, False, True, False]


def test_band_must_be_the_right_way_round():
    assert "off_at" in ThresholdRule(direction="above", on_at=28, off_at=30).validate()
    assert "off_at" in ThresholdRule(direction="below", on_at=60, off_at=35).validate()
    assert FAN.validate() == {}


def test_alarm_levels_raise_an_alert_once_per_crossing():
    rule = ThresholdRule(direction="above", on_at=30, off_at=28, alarm_high=33)
    state = RuleState()
    alerts = []
    for i, value in enumerate([31, 33.5, 34, 32, 34]):
        d = evaluate_threshold(rule, state, value, i, i)
        alerts.append(d.alerts)
        state = d.state
    assert [bool(a) for a in alerts] == [False, True, False, True, True]
    assert "above alarm level 33" in alerts[1][0]
