"""The order of an incident's timeline steps, as data: which step may follow which.

The crew phone (/emergency/crew) offers only the steps listed after the incident's current one, and
`services.add_event` refuses any other with 409 `step_out_of_order` naming the step. The usual path
is dispatched -> en route -> on scene -> patient aboard -> at pier -> at hospital -> handed over ->
closed. Allowed short cuts, each for a reason a crew meets:
- on scene straight after the call or dispatch: a lifeguard or volunteer who reports is already there,
  and a crew that forgot "en route" must still be able to say it has arrived;
- at hospital straight after "patient aboard": a land scene has no boat leg (and a boat may land at a
  hospital's own pier), so the pier step is skipped;
- closed after any step: a false alarm, a crew stood down, a patient treated on scene or refusing
  transport. Closing is final, so the phone asks for confirmation.
Repeating the current step is allowed (a second unit arrives on scene, the ambulance reaches the
pier after the boat); going back is not. Pure: imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Iterable

NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "call_received": ("dispatched", "on_scene", "closed"),
    "dispatched": ("en_route", "on_scene", "closed"),
    "en_route": ("on_scene", "closed"),
    "on_scene": ("left_scene", "closed"),
    "left_scene": ("at_pier", "at_hospital", "closed"),
    "at_pier": ("at_hospital", "closed"),
    "at_hospital": ("handed_over", "closed"),
    "handed_over": ("closed",),
    "closed": (),
}
# The steps in their usual order (the rank that decides which step is an incident's current one).
ORDER: tuple[str, ...] = tuple(NEXT_STEPS)
# Steps that only a boat leg has: a scene reached by road does not offer them.
BOAT_STEPS: frozenset[str] = frozenset({"at_pier"})
# Steps a second unit may record again without moving the incident back.
REPEATABLE: frozenset[str] = frozenset({"dispatched", "en_route", "on_scene", "at_pier", "at_hospital"})


def current_step(kinds: Iterable[str]) -> str:
    """The furthest step an incident's events reached (call received when there are none)."""
    ranks = [ORDER.index(k) for k in kinds if k in NEXT_STEPS]
    return ORDER[max(ranks)] if ranks else "call_received"


def next_steps(current: str, *, boat_leg: bool = True) -> tuple[str, ...]:
    """The steps a crew may record after `current`; without a boat leg the pier step is left out."""
    steps = NEXT_STEPS.get(current, ())
    return steps if boat_leg else tuple(s for s in steps if s not in BOAT_STEPS)


def allowed(current: str, step: str) -> bool:
    """May `step` be recorded when the incident stands at `current`? (The API's rule: the pier step is
    always allowed after "patient aboard", whatever the plan said; the phone simply does not offer it
    for a land scene.)"""
    return step in NEXT_STEPS.get(current, ()) or (step == current and step in REPEATABLE)
