"""The referral state machine (pure). CARE's "shifting" states, adapted to boats and piers.

requested -> accepted -> transport_arranged -> departed -> at_pier -> arrived -> handed_over
-> completed; declined (by the destination, which triggers a replan) and cancelled (by the
origin) end a path. Steps may be skipped forward (a patient walking to the hospital on the
same island never waits at a pier) but never go backwards.
"""

from __future__ import annotations

REQUESTED = "requested"
ACCEPTED = "accepted"
TRANSPORT_ARRANGED = "transport_arranged"
DEPARTED = "departed"
AT_PIER = "at_pier"
ARRIVED = "arrived"
HANDED_OVER = "handed_over"
COMPLETED = "completed"
DECLINED = "declined"
CANCELLED = "cancelled"

FORWARD = [REQUESTED, ACCEPTED, TRANSPORT_ARRANGED, DEPARTED, AT_PIER, ARRIVED, HANDED_OVER, COMPLETED]
STATES = [*FORWARD, DECLINED, CANCELLED]
FINAL = {COMPLETED, DECLINED, CANCELLED}
# Until the patient has left, the destination may still decline and the origin cancel.
BEFORE_DEPARTURE = {REQUESTED, ACCEPTED, TRANSPORT_ARRANGED}
# The transfer clock runs from departure until arrival.
IN_TRANSFER = {DEPARTED, AT_PIER}

# Who acts on each transition: the receiving side or the sending side.
BY_DESTINATION = {ACCEPTED, DECLINED, ARRIVED, HANDED_OVER, COMPLETED}
BY_ORIGIN = {TRANSPORT_ARRANGED, DEPARTED, AT_PIER, CANCELLED}


class TransitionError(ValueError):
    pass


def allowed_next(state: str) -> list[str]:
    if state in FINAL:
        return []
    index = FORWARD.index(state)
    nxt = FORWARD[index + 1 :]
    if state == REQUESTED:
        # Nothing moves before the destination has said yes.
        nxt = [ACCEPTED]
    extra = [DECLINED, CANCELLED] if state in BEFORE_DEPARTURE else []
    return nxt + extra


def check_transition(state: str, new: str) -> None:
    if new not in STATES:
        raise TransitionError(f"unknown state {new!r}; one of {', '.join(STATES)}")
    if new not in allowed_next(state):
        options = ", ".join(allowed_next(state)) or "none (the referral is closed)"
        raise TransitionError(f"cannot go from {state} to {new}; next: {options}")


def actor_side(new: str) -> str:
    return "destination" if new in BY_DESTINATION else "origin"
