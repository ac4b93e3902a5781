"""Public warnings as OASIS CAP 1.2.

`/alerts.cap` is one CAP `<alert>` (status Actual, scope Public) carrying one `<info>` block per
active warning and language (Thai and English): red flags and rough sea, tsunami warnings, and the
registry's active risk points. Its identifier changes whenever the set of warnings changes, so a
reader can tell a new message from a repeat. Times use the CAP form 2026-01-05T10:20:00+07:00.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import RiskPoint, SeaWarning

NS = "urn:oasis:names:tc:emergency:cap:1.2"
SENDER = "command-centre@phangnga.go.th"
SENDER_NAME = {"en": "Phang Nga Provincial Command Centre", "th": "ศูนย์สั่งการจังหวัดพังงา"}

RISK_EVENT = {
    "rip_current": ("Rip current", "กระแสน้ำย้อนกลับ (ริปเคอร์เรนต์)"),
    "rocks": ("Dangerous rocks", "โขดหินอันตราย"),
    "jellyfish": ("Box jellyfish", "แมงกะพรุนพิษ"),
    "strong_current": ("Strong current", "กระแสน้ำแรง"),
    "other": ("Marine hazard", "จุดเสี่ยงทางทะเล"),
}
RISK_INSTRUCTION = {
    "en": "Swim only at flagged areas with a lifeguard. If caught in a current, swim parallel to the shore. "
    "Emergency: 1669.",
    "th": "ว่ายน้ำเฉพาะบริเวณที่มีธงและเจ้าหน้าที่ช่วยชีวิต หากติดกระแสน้ำให้ว่ายขนานกับฝั่ง เหตุฉุกเฉินโทร 1669",
}
SEA_EVENT = {
    "red_flag": ("Red flag: no swimming", "ธงแดง ห้ามลงเล่นน้ำ"),
    "sea_state": ("Rough sea", "คลื่นลมแรง"),
    "tsunami": ("Tsunami warning", "เตือนภัยสึนามิ"),
}


def cap_time(value: datetime) -> str:
    """CAP wants local time with a numeric offset and no fraction ("Z" is not allowed)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def active_alerts(now: datetime | None = None) -> list[dict]:
    now = now or timezone.now()
    alerts: list[dict] = []
    warnings = SeaWarning.objects.filter(active=True, onset__lte=now).filter(
        Q(expires__isnull=True) | Q(expires__gt=now)
    )
    for w in warnings:
        en, th = SEA_EVENT[w.kind]
        tsunami = w.kind == "tsunami"
        alerts.append(
            {
                "id": f"sea-{w.pk}",
                "kind": w.kind,
                "event": {"en": en, "th": th},
                "category": "Geo" if tsunami else "Met",
                "response": "Evacuate" if tsunami else "Avoid",
                "urgency": w.urgency,
                "severity": w.severity,
                "certainty": w.certainty,
                "headline": {"en": w.headline, "th": th},
                "description": {"en": w.description, "th": w.description},
                "instruction": {"en": w.instruction, "th": w.instruction},
                "area": w.area,
                "lat": w.lat,
                "lon": w.lon,
                "radius_km": w.radius_km,
                "onset": cap_time(w.onset),
                "expires": cap_time(w.expires) if w.expires else None,
                "updated": w.onset,
            }
        )
    for rp in RiskPoint.objects.filter(active=True).select_related("place"):
        en, th = RISK_EVENT.get(rp.kind, RISK_EVENT["other"])
        alerts.append(
            {
                "id": f"risk-{rp.pk}",
                "kind": rp.kind,
                "event": {"en": en, "th": th},
                "category": "Safety",
                "response": "Avoid",
                "urgency": "Expected",
                "severity": rp.severity,
                "certainty": "Likely",
                "headline": {"en": f"{en} at {rp.name}", "th": f"{th} ที่ {rp.name}"},
                "description": {"en": rp.description, "th": rp.description},
                "instruction": RISK_INSTRUCTION,
                "area": rp.name,
                "lat": rp.lat,
                "lon": rp.lon,
                "radius_km": 0.5,
                "onset": None,
                "expires": None,
                "updated": None,
            }
        )
    for a in alerts:
        a.pop("updated")
    return alerts


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        el.text = text
    return el


def feed_xml(now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    alerts = active_alerts(now)
    digest = hashlib.sha256(
        repr([(a["id"], a["headline"], a["severity"], a["expires"]) for a in alerts]).encode()
    ).hexdigest()[:16]
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}alert")
    _sub(root, "identifier", f"phangnga-marine-{digest}")
    _sub(root, "sender", SENDER)
    _sub(root, "sent", cap_time(now))
    _sub(root, "status", "Actual")
    _sub(root, "msgType", "Alert")
    _sub(root, "source", "Phang Nga Smart Province platform")
    _sub(root, "scope", "Public")
    _sub(root, "note", f"{len(alerts)} active marine warning(s) in Phang Nga province")
    for a in alerts:
        for lang in ("th", "en"):
            info = _sub(root, "info")
            _sub(info, "language", "th-TH" if lang == "th" else "en-US")
            _sub(info, "category", a["category"])
            _sub(info, "event", a["event"][lang])
            _sub(info, "responseType", a["response"])
            _sub(info, "urgency", a["urgency"])
            _sub(info, "severity", a["severity"])
            _sub(info, "certainty", a["certainty"])
            code = _sub(info, "eventCode")
            _sub(code, "valueName", "phangnga:warning")
            _sub(code, "value", a["kind"])
            if a["onset"]:
                _sub(info, "onset", a["onset"])
            if a["expires"]:
                _sub(info, "expires", a["expires"])
            _sub(info, "senderName", SENDER_NAME[lang])
            _sub(info, "headline", a["headline"][lang][:160])
            if a["description"][lang]:
                _sub(info, "description", a["description"][lang])
            if a["instruction"][lang]:
                _sub(info, "instruction", a["instruction"][lang])
            _sub(info, "web", f"{settings.PUBLIC_BASE_URL}/emergency/warnings")
            _sub(info, "contact", "1669")
            param = _sub(info, "parameter")
            _sub(param, "valueName", "alertId")
            _sub(param, "value", a["id"])
            area = _sub(info, "area")
            _sub(area, "areaDesc", a["area"])
            _sub(area, "circle", f"{a['lat']:.5f},{a['lon']:.5f} {a['radius_km']:.2f}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
