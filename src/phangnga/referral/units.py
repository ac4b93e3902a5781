"""Which boat and ambulance work a referral, and for how long.

At "transport arranged" (or the first later step, when a phone skipped it) the referral takes
the units its plan chose. If the planned boat has gone meanwhile (an emergency took it, it
broke down) or the plan had none, the boat is re-planned for the destination that accepted,
over the units available now. The units' status then follows the referral and they are
handed back at handed over, completed, cancelled or declined. The registry itself is only
touched through planning.py.
"""

from __future__ import annotations

from datetime import datetime

from phangnga.core.errors import ApiError

from . import planning, workflow
from .models import Referral

# A phone may skip "transport arranged"; the boat is then taken at departure (not on arrival:
# a patient who came without one needs none).
HOLD_FROM = {workflow.TRANSPORT_ARRANGED, workflow.DEPARTED, workflow.AT_PIER}
RELEASE_AT = {workflow.HANDED_OVER, workflow.COMPLETED, workflow.CANCELLED, workflow.DECLINED}


def _wanted(plan: dict) -> dict[str, str]:
    return {role: (plan.get(role) or {}).get("code") or "" for role in ("unit", "ambulance")}


def arrange(referral: Referral, at: datetime) -> dict:
    """Hold the plan's units for this referral; returns what to record on the event."""
    if planning.held_codes(referral.pk):
        return {}
    got = _hold(referral, at)
    wanted = _wanted(referral.plan)
    needs_boat = bool(wanted["unit"]) or bool(referral.plan.get("no_unit_available"))
    replanned = False
    if needs_boat and "boat" not in got:
        before = wanted["unit"]
        try:
            planning.apply_plan(referral, only=[referral.destination.code])
        except ApiError:  # the destination cannot be reached now: keep the plan, say so below
            pass
        else:
            replanned = _wanted(referral.plan)["unit"] != before
            got = _hold(referral, at)
    data = {"boat": got.get("boat"), "ambulance": got.get("ambulance")}
    if replanned:
        data["replanned"] = True
        data["eta_min"] = referral.predicted_min
    if needs_boat and "boat" not in got:
        data["no_unit_available"] = True
    return data


def _hold(referral: Referral, at: datetime) -> dict[str, str]:
    wanted = _wanted(referral.plan)
    return planning.hold_units(referral.pk, {"boat": wanted["unit"], "ambulance": wanted["ambulance"]}, at)


def follow(referral: Referral, state: str, at: datetime) -> None:
    if state in RELEASE_AT:
        planning.release_units(referral.pk, at)
    else:
        planning.advance_units(referral.pk, state)
