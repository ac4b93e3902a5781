"""Emergency settings read from the environment (kept here so the shared settings stay small)."""

from __future__ import annotations

import os


def regional_url() -> str:
    """Where each incident is pushed as JSON; empty = the outbox keeps messages until configured."""
    return os.environ.get("EMERGENCY_REGIONAL_URL", "").strip()


def regional_token() -> str:
    return os.environ.get("EMERGENCY_REGIONAL_TOKEN", "").strip()


def push_on_commit() -> bool:
    return os.environ.get("EMERGENCY_PUSH_ON_COMMIT", "1").strip().lower() in {"1", "true", "yes", "on"}


def push_timeout_s() -> float:
    return float(os.environ.get("EMERGENCY_PUSH_TIMEOUT", "5"))


# The seed's referral guarantee: from the call to arrival at definitive care.
TARGET_MIN = float(os.environ.get("EMERGENCY_TARGET_MIN", "80"))
# Planning assumptions (minutes) until measured values replace them.
DISPATCH_MIN = float(os.environ.get("EMERGENCY_DISPATCH_MIN", "3"))
ON_SCENE_MIN = float(os.environ.get("EMERGENCY_ON_SCENE_MIN", "10"))
TRANSFER_MIN = float(os.environ.get("EMERGENCY_TRANSFER_MIN", "5"))
# A call older than this is most likely a mistyped time or a back-filled record: the plan says so.
STALE_CALL_MIN = float(os.environ.get("EMERGENCY_STALE_CALL_MIN", "360"))
