"""The demo's live incidents: a few open cases so the command board, the crew phone and the
call-back flag have something to show, each made once with an Idempotency-Key derived from the
deployment's SECRET_KEY (demo_key). Called by demo.load after the incident history."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from phangnga.core import idempotency
from phangnga.core.audit import Actor
from phangnga.geo.models import Place

from . import public_help
from .models import Incident


def demo_key(name: str) -> str:
    """The Idempotency-Key a demo record is made with: derived from the deployment's SECRET_KEY,
    so it is the same on every load (the demo stays idempotent) and no one can guess it."""
    return hmac.new(settings.SECRET_KEY.encode(), f"demo-key:{name}".encode(), hashlib.sha256).hexdigest()[
        :40
    ]


def live_incidents(places: dict[str, Place]) -> int:
    """A few open incidents so the board has something to show."""
    from .reports import create_incident
    from .services import accept_plan, add_event

    dispatcher = get_user_model().objects.filter(username="dispatcher").first()
    now = timezone.now()
    cases = [
        (
            "demo-live-1",
            {
                "kind": "near_drowning",
                "place": "dive-elephant-head",
                "boat_name": "Similan Explorer",
                "patients": [
                    {
                        "age": 34,
                        "sex": "M",
                        "nationality": "RU",
                        "vitals": {"pr": 130, "rr": 0, "spo2": 80, "sbp": 80, "gcs": 6},
                        "symptoms": ["unconscious", "not_breathing"],
                    }
                ],
            },
            12,
            True,
        ),
        (
            "demo-live-2",
            {
                "kind": "decompression_illness",
                "place": "dive-richelieu",
                "patients": [
                    {
                        "age": 41,
                        "sex": "F",
                        "nationality": "DE",
                        "vitals": {"pr": 108, "rr": 22, "spo2": 94},
                        "symptoms": ["decompression_symptoms", "joint_pain_after_dive"],
                    }
                ],
            },
            25,
            True,
        ),
        (
            "demo-live-3",
            {
                "kind": "marine_sting",
                "place": "beach-khukkhak",
                "patients": [{"age": 8, "sex": "F", "nationality": "CN", "symptoms": ["sting"]}],
            },
            4,
            False,
        ),
        (
            "demo-live-4",
            {
                "kind": "trauma",
                "place": "beach-nangthong",
                "patients": [
                    {
                        "age": 27,
                        "sex": "M",
                        "nationality": "TH",
                        "vitals": {"pr": 96, "rr": 18, "spo2": 98, "sbp": 125, "gcs": 15},
                        "symptoms": ["laceration"],
                    }
                ],
            },
            2,
            False,
        ),
    ]
    n = 0
    for name, data, ago, dispatch in cases:
        client_id = idempotency.scoped(idempotency.caller_of(dispatcher), demo_key(name))
        if Incident.objects.filter(client_id=client_id).exists():
            continue
        data = dict(data, reported_at=now - timedelta(minutes=ago), reporter_phone="081-234-5678")
        inc = create_incident(data, user=dispatcher, channel="dispatcher", client_id=client_id)
        Incident.objects.filter(pk=inc.pk).update(is_demo=True)
        if dispatch and dispatcher is not None:
            # The first case goes to the demo crew's boat, so /emergency/crew has work to show.
            unit = "rb-thaplamu-1" if name == "demo-live-1" else None
            note = "Similan unit kept on the island for divers; Thap Lamu boat sent" if unit else ""
            actor = Actor(user=dispatcher, channel="demo")
            accept_plan(inc, actor=actor, resource_code=unit, note=note)
            add_event(inc, {"kind": "en_route", "at": now - timedelta(minutes=ago - 4)}, actor=actor)
        n += 1
    # A tourist's report from the Khao Lak beach sign's help page: the board flags it for a call-back.
    public_id = public_help.client_id(
        public_help.receipt_ref(demo_key("public-report-khaolak"), demo_key("public-report-khaolak-secret"))
    )
    if not Incident.objects.filter(client_id=public_id).exists():
        data = public_help.incident_data(
            {"kind": "near_drowning", "lat": 8.6366, "lon": 98.239, "people": 1, "phone": "+49 170 1234567",
             "signs": ["near_drowning_symptoms"], "language": "de", "notes": "Kind am Strand, hustet"}
        )  # fmt: skip
        data["reported_at"] = now - timedelta(minutes=1)
        inc = create_incident(data, channel="public", client_id=public_id)
        Incident.objects.filter(pk=inc.pk).update(is_demo=True)
        n += 1
    return n
