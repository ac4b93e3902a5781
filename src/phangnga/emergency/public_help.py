"""Emergency reports from anyone, without an account: a tourist at a QR smart sign, hotel staff.

The 1669 call stays the first thing the page offers; this is for the caller who cannot get
through or cannot make themselves understood. A report goes through the same intake as the
dispatcher's (triage, plan, group commit, regional push) on the `public` channel, and the board
marks it "unverified: call back". Abuse is held back by a required phone number and a per-network
rate limit on *new* reports (a retry of a report already stored is always answered).

The reporter's phone keeps the report's key and a secret (two random UUIDs, at least 16
characters each: `Idempotency-Key` and `Idempotency-Secret` headers). The report is stored under a
digest of both, so a retry finds it only with the secret: someone who learns the key (it travels
in a header, proxies log headers) makes a new report of their own, never reads this one. The
answer's `status_url` names the digest, which the phone polls for the public status: received,
help on the way, with the patient, to hospital, closed. A phone whose page predates the secret
(an old page still open offline) sends the key alone: the report is accepted all the same (an
emergency report is never refused for that) and stored under its key, as before.
"""

from __future__ import annotations

import hashlib
import os
import re

from django.utils.translation import gettext_lazy as _
from ninja.throttling import AnonRateThrottle

from phangnga.core.audit import client_ip
from phangnga.core.errors import ApiError, FieldError

from .models import Incident, IncidentKind, IncidentStatus

# What a bystander can tell apart, in the order the page offers it.
PUBLIC_KINDS: tuple[str, ...] = tuple(
    k.value
    for k in (
        IncidentKind.NEAR_DROWNING,
        IncidentKind.CARDIAC_ARREST,
        IncidentKind.DIVING_INJURY,
        IncidentKind.BOAT_ACCIDENT,
        IncidentKind.TRAUMA,
        IncidentKind.MARINE_STING,
        IncidentKind.MEDICAL,
        IncidentKind.MISSING_PERSON,
    )
)
# Signs a bystander can see; each is a triage criteria symptom code.
PUBLIC_SIGNS: tuple[str, ...] = ("not_breathing", "unconscious", "severe_bleeding", "near_drowning_symptoms")
# The page's words for them: a bystander's, not a clinician's.
KIND_WORDS = {
    "near_drowning": _("Drowning or pulled from the water"),
    "cardiac_arrest": _("Collapsed, not breathing"),
    "diving_injury": _("Diving accident"),
    "boat_accident": _("Boat accident"),
    "trauma": _("Injury (fall, cut, broken bone)"),
    "marine_sting": _("Jellyfish or other sting or bite"),
    "medical": _("Sudden illness"),
    "missing_person": _("Someone missing in the water"),
}
SIGN_WORDS = {
    "not_breathing": _("not breathing"),
    "unconscious": _("not responding (unconscious)"),
    "severe_bleeding": _("bleeding heavily"),
    "near_drowning_symptoms": _("swallowed water, coughing"),
}
MIN_KEY_LENGTH = 16  # the key is also the status lookup: it must not be guessable
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,24}$")

# Public status of an incident, coarse on purpose (no unit names or positions leave the platform).
_STATUS = {
    IncidentStatus.NEW: "received",
    IncidentStatus.DISPATCHED: "help_on_the_way",
    IncidentStatus.ON_SCENE: "with_patient",
    IncidentStatus.TRANSPORTING: "to_hospital",
    IncidentStatus.AT_HOSPITAL: "at_hospital",
    IncidentStatus.CLOSED: "closed",
}


HEADER_KEY = "Idempotency-Key"
SECRET_HEADER = "Idempotency-Secret"


def _check(name: str, value: str | None) -> str:
    if value is None or not (MIN_KEY_LENGTH <= len(value) <= 120):
        raise FieldError(name, f"required, {MIN_KEY_LENGTH} to 120 characters (a UUID)")
    return value


def receipt_ref(key: str | None, secret: str | None) -> str:
    """What a public report is filed under: a digest of its key and the phone's secret (the key
    alone for a phone without a secret). It names the report in its status URL."""
    key = _check(HEADER_KEY, key)
    if secret is None:
        return key
    secret = _check(SECRET_HEADER, secret)
    return hashlib.sha256(f"{key}\n{secret}".encode()).hexdigest()


def client_id(ref: str) -> str:
    """The incident's client id for a public report (its own namespace: a public key can never
    name, or read the status of, an incident reported by staff)."""
    return f"public:{_check('key', ref)}"


def check_phone(phone: str) -> str:
    phone = phone.strip()
    if not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 6:
        raise FieldError("phone", "a phone number the centre can call back, e.g. +66 81 234 5678")
    return phone


def incident_data(payload: dict) -> dict:
    """The intake's report body for a public report (validated by the intake as any other)."""
    kind = payload["kind"]
    if kind not in PUBLIC_KINDS:
        raise FieldError("kind", f"one of {', '.join(PUBLIC_KINDS)}")
    signs = list(dict.fromkeys(payload.get("signs") or []))
    if unknown := [s for s in signs if s not in PUBLIC_SIGNS]:
        raise FieldError("signs", f"unknown {unknown[0]!r}; one of {', '.join(PUBLIC_SIGNS)}")
    if kind == "cardiac_arrest" and "not_breathing" not in signs:
        signs.append("not_breathing")  # the page's words for it are "collapsed, not breathing": a seen sign
    language = payload.get("language") or ""
    notes = "\n".join(
        x
        for x in (
            "Public report, unverified: call back." + (f" Language: {language}." if language else ""),
            payload.get("notes") or "",
        )
        if x
    )
    return {
        "kind": kind,
        "lat": payload.get("lat"),
        "lon": payload.get("lon"),
        "place": payload.get("place") or None,
        "location_text": payload.get("location_text") or None,
        "patient_count": payload.get("people") or 1,
        "reporter_phone": check_phone(payload.get("phone") or ""),
        "boat_name": payload.get("boat_name") or None,
        "notes": notes,
        # Triage only from what was seen: no signs means severity unknown (the queue's "?"),
        # never a computed "non-urgent" for a drowning nobody has assessed yet.
        "patients": [{"symptoms": signs}] if signs else [],
    }


def public_status(incident: Incident) -> dict:
    return {
        "reference": incident.pk,
        "status": _STATUS.get(incident.status, "received"),
        "reported_at": incident.reported_at.isoformat(),
    }


class NewReportThrottle(AnonRateThrottle):
    """New public reports per network address (EMERGENCY_PUBLIC_RATE, default 5 per 10 minutes).

    Kept in the Django cache (per server process unless a shared cache is configured). Behind a
    reverse proxy set PHANGNGA_NUM_PROXIES so the client's address, not the proxy's, counts.
    """

    scope = "emergency_public"

    def __init__(self) -> None:
        super().__init__(os.environ.get("EMERGENCY_PUBLIC_RATE", "5/10m"))

    def get_ident(self, request) -> str | None:
        return client_ip(request)  # the audit's rule: X-Forwarded-For only through trusted proxies


def throttle(request) -> None:
    limiter = NewReportThrottle()
    if not limiter.allow_request(request):
        wait = limiter.wait()
        raise ApiError(
            429,
            "rate_limited",
            "Too many reports from this network. Call 1669.",
            {"retry_after_s": round(wait) if wait else None},
        )
