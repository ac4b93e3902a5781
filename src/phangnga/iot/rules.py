"""Control-rule kernel (pure: no Django). Semantics follow Home Assistant's generic
thermostat / ThingsBoard rule chains:

* threshold with hysteresis: switch ON when the value crosses `on_at`, OFF only when it
  crosses back past `off_at` (between the two the output keeps its state, so a value
  hovering at the set point does not chatter the relay);
* "for N minutes": the switch condition must hold continuously for `for_s` seconds;
* minimum cycle time: the output may not change again within `min_cycle_s` of its last
  change (protects relays, pumps and fan motors);
* stale fail-safe: when the sensor's latest reading is older than `stale_after_s`, the
  output goes to `failsafe` (e.g. pig-house fans ON) regardless of the minimum cycle
  time, because animal safety beats relay wear;
* schedules: ON inside daily windows (local time), optionally skipped while a sensor is
  already above a level (do not water wet soil).

Every evaluation returns a `Decision` with the new state to persist; callers send a
command only when `changed` is true.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Direction = Literal["above", "below"]


@dataclass(frozen=True)
class ThresholdRule:
    """direction "above": ON when value >= on_at, OFF when value <= off_at (cooling, fans).
    direction "below": ON when value <= on_at, OFF when value >= off_at (watering, heating)."""

    direction: Direction
    on_at: float
    off_at: float
    for_s: float = 0
    min_cycle_s: float = 0
    stale_after_s: float | None = None
    failsafe: bool | None = None  # output while stale; None = leave as it is
    alarm_high: float | None = None
    alarm_low: float | None = None

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.direction not in ("above", "below"):
            errors["direction"] = "must be 'above' or 'below'"
        elif self.direction == "above" and not self.off_at < self.on_at:
            errors["off_at"] = "must be below on_at for an 'above' rule (hysteresis band)"
        elif self.direction == "below" and not self.off_at > self.on_at:
            errors["off_at"] = "must be above on_at for a 'below' rule (hysteresis band)"
        for name in ("for_s", "min_cycle_s"):
            if getattr(self, name) < 0:
                errors[name] = "must not be negative"
        if self.stale_after_s is not None and self.stale_after_s <= 0:
            errors["stale_after_s"] = "must be positive"
        if self.alarm_high is not None and self.alarm_low is not None and self.alarm_low >= self.alarm_high:
            errors["alarm_low"] = "must be below alarm_high"
        return errors


@dataclass(frozen=True)
class Window:
    start_min: int  # minutes after local midnight
    duration_min: int
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)  # Monday = 0

    def contains(self, weekday: int, minute: int) -> bool:
        # A window may run past midnight: check today's and yesterday's start.
        for day_offset in (0, 1):
            day = (weekday - day_offset) % 7
            offset = minute + day_offset * 1440 - self.start_min
            if day in self.weekdays and 0 <= offset < self.duration_min:
                return True
        return False


@dataclass(frozen=True)
class ScheduleRule:
    windows: tuple[Window, ...]
    skip_above: float | None = None  # e.g. soil moisture %: skip watering when already wet
    min_cycle_s: float = 0
    stale_after_s: float | None = None  # a stale skip sensor is ignored (water anyway)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.windows:
            errors["windows"] = "at least one window is needed"
        for w in self.windows:
            if not (0 <= w.start_min < 1440):
                errors["windows"] = "start must be between 00:00 and 23:59"
            elif not (1 <= w.duration_min <= 1440):
                errors["windows"] = "duration must be 1 to 1440 minutes"
            elif not w.weekdays or any(d not in range(7) for d in w.weekdays):
                errors["windows"] = "weekdays must be 0 (Monday) to 6"
        return errors


@dataclass(frozen=True)
class RuleState:
    output: bool | None = None  # last commanded output (None: never commanded)
    last_change_s: float | None = None
    pending_since_s: float | None = None  # when the wanted change was first seen
    stale: bool = False
    alarm: str | None = None  # "high" / "low" while out of the alarm band


@dataclass(frozen=True)
class Decision:
    output: bool | None
    changed: bool
    reason: str
    state: RuleState
    alerts: tuple[str, ...] = field(default=())


def _is_stale(value_ts_s: float | None, now_s: float, stale_after_s: float | None) -> bool:
    if stale_after_s is None:
        return False
    return value_ts_s is None or now_s - value_ts_s > stale_after_s


def _wanted(rule: ThresholdRule, value: float) -> bool | None:
    """The output the value asks for, or None inside the hysteresis band."""
    if rule.direction == "above":
        if value >= rule.on_at:
            return True
        if value <= rule.off_at:
            return False
    else:
        if value <= rule.on_at:
            return True
        if value >= rule.off_at:
            return False
    return None


def _alarm(rule: ThresholdRule, value: float) -> str | None:
    if rule.alarm_high is not None and value >= rule.alarm_high:
        return "high"
    if rule.alarm_low is not None and value <= rule.alarm_low:
        return "low"
    return None


def _switch(state: RuleState, output: bool, now_s: float, reason: str, alerts: list[str]) -> Decision:
    changed = state.output != output
    new_state = replace(
        state, output=output, pending_since_s=None, last_change_s=now_s if changed else state.last_change_s
    )
    return Decision(output, changed, reason, new_state, tuple(alerts))


def _hold(state: RuleState, reason: str, alerts: list[str], **changes) -> Decision:
    new_state = replace(state, **changes)
    return Decision(new_state.output, False, reason, new_state, tuple(alerts))


def _gate(
    state: RuleState,
    wanted: bool,
    now_s: float,
    for_s: float,
    min_cycle_s: float,
    reason: str,
    alerts: list[str],
) -> Decision:
    """Apply "for N seconds" and the minimum cycle time to a wanted change."""
    if state.output == wanted:
        return _hold(state, f"{reason}; already {'on' if wanted else 'off'}", alerts, pending_since_s=None)
    pending = state.pending_since_s if state.pending_since_s is not None else now_s
    if now_s - pending < for_s:
        left = for_s - (now_s - pending)
        return _hold(
            state, f"{reason}; waiting {left:.0f} s more (for {for_s:.0f} s)", alerts, pending_since_s=pending
        )
    if state.last_change_s is not None and now_s - state.last_change_s < min_cycle_s:
        left = min_cycle_s - (now_s - state.last_change_s)
        return _hold(
            state, f"{reason}; minimum cycle time, {left:.0f} s left", alerts, pending_since_s=pending
        )
    return _switch(state, wanted, now_s, reason, alerts)


def evaluate_threshold(
    rule: ThresholdRule, state: RuleState, value: float | None, value_ts_s: float | None, now_s: float
) -> Decision:
    alerts: list[str] = []
    if value is None or _is_stale(value_ts_s, now_s, rule.stale_after_s):
        if not state.stale:
            alerts.append(
                "sensor stale: no reading for more than "
                f"{(rule.stale_after_s or 0) / 60:.0f} min"
                + (f", fail-safe {'on' if rule.failsafe else 'off'}" if rule.failsafe is not None else "")
            )
        stale_state = replace(state, stale=True, pending_since_s=None)
        if rule.failsafe is None:
            return _hold(stale_state, "sensor stale; output left as it is", alerts)
        # Fail-safe ignores the minimum cycle time on purpose (see module docstring).
        return _switch(stale_state, rule.failsafe, now_s, "sensor stale: fail-safe", alerts)
    if state.stale:
        alerts.append(f"sensor back: {value:g}")
        state = replace(state, stale=False)
    alarm = _alarm(rule, value)
    if alarm != state.alarm:
        if alarm == "high":
            alerts.append(f"value {value:g} at or above alarm level {rule.alarm_high:g}")
        elif alarm == "low":
            alerts.append(f"value {value:g} at or below alarm level {rule.alarm_low:g}")
        else:
            alerts.append(f"value {value:g} back within the alarm band")
        state = replace(state, alarm=alarm)
    wanted = _wanted(rule, value)
    if wanted is None:
        return _hold(state, f"{value:g} inside the hysteresis band", alerts, pending_since_s=None)
    side = (
        ("at or above" if wanted else "at or below")
        if rule.direction == "above"
        else ("at or below" if wanted else "at or above")
    )
    level = rule.on_at if wanted else rule.off_at
    return _gate(state, wanted, now_s, rule.for_s, rule.min_cycle_s, f"{value:g} {side} {level:g}", alerts)


def evaluate_schedule(
    rule: ScheduleRule,
    state: RuleState,
    now_s: float,
    weekday: int,
    minute_of_day: int,
    value: float | None = None,
    value_ts_s: float | None = None,
) -> Decision:
    alerts: list[str] = []
    in_window = any(w.contains(weekday, minute_of_day) for w in rule.windows)
    if not in_window:
        return _gate(state, False, now_s, 0, rule.min_cycle_s, "outside the schedule", alerts)
    if (
        rule.skip_above is not None
        and value is not None
        and not _is_stale(value_ts_s, now_s, rule.stale_after_s)
    ):
        if value > rule.skip_above:
            return _gate(
                state,
                False,
                now_s,
                0,
                rule.min_cycle_s,
                f"in window but {value:g} > {rule.skip_above:g}: skipped",
                alerts,
            )
    return _gate(state, True, now_s, 0, rule.min_cycle_s, "inside the schedule window", alerts)


def parse_hhmm(text: str) -> int:
    """'06:30' -> 390 minutes after midnight; ValueError when malformed."""
    hours, _, minutes = text.strip().partition(":")
    h, m = int(hours), int(minutes or 0)
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(f"not a time of day: {text!r}")
    return h * 60 + m
