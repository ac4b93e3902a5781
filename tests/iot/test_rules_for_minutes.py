""" "For N minutes": a condition must hold continuously before the output switches."""

from phangnga.iot.rules import RuleState, ThresholdRule, evaluate_threshold

RULE = ThresholdRule(direction="above", on_at=30.0, off_at=28.0, for_s=5 * 60)


def step(state, value, minute):
    return evaluate_threshold(RULE, state, value, minute * 60, minute * 60)


def test_switches_only_after_the_condition_held_n_minutes():
    state = RuleState(output=False)
    outputs = []
    for minute in range(7):
        d = step(state, 31.0, minute)
        outputs.append(d.output)
        state = d.state
    # Seen at minute 0; held 5 minutes at minute 5.
    assert outputs == [False] * 5 + [True, True]


def test_a_dip_back_into_the_band_restarts_the_clock():
    state = RuleState(output=False)
    for minute, value in [(0, 31), (1, 31), (2, 31), (3, 29)]:
        state = step(state, value, minute).state
    assert state.pending_since_s is None
    for minute in (4, 5, 6, 7, 8):
        d = step(state, 31, minute)
        state = d.state
        assert d.output is False
    assert step(state, 31, 9).output is True


def test_waiting_reason_says_how_long():
    d = step(RuleState(output=False), 31, 0)
    assert "waiting 300 s" in d.reason
