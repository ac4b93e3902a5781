"""Public warnings as OASIS CAP 1.2.

`/alerts.cap` is one CAP `<alert>` (status Actual, scope Public) carrying one `<info>` block per
active warning and language (Thai and English): red flags and rough sea, tsunami warnings, and the
registry's active risk points. Its identifier changes whenever the warnings change (content or
expiry), so a reader can tell a new message from a repeat. Times use the CAP form
2026-01-05T10:20:00+07:00. The feed validates against the OASIS CAP 1.2 schema in
`data/cap-1.2.xsd` (`SCHEMA_PATH`).

Languages: the `th-TH` block is Thai throughout. Event names, headlines, descriptions and
instructions come from the Thai templates below, filled with the registry's Thai place names
(`Place.name_th`, the risk point's place or the place nearest a sea warning); the officer's
free-text headline/description/instruction of a sea warning (written in English) go to the
`en-US` block only.

Expiry (CAP `expires`, which every block carries): a sea warning keeps the end the officer
set. A warning that stands until it is withdrawn (every risk point, and a sea warning issued
without an end) is renewed while it stands: it expires at the end of the renewal block after
the current one (`RENEW_HOURS`: risk points in whole Bangkok days, so between 24 and 48 hours
ahead, renewed at midnight; open-ended sea warnings in 6-hour blocks from 00:00, so between 6
and 12 hours ahead). Each feed built in a new block re-issues them with the new expiry and a
new identifier; a reader that hears nothing more lets them lapse at most one block after the
warning was withdrawn.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from phangnga.geo.places import nearest

from .models import RiskPoint, SeaWarning

SCHEMA_PATH = Path(__file__).parent / "data" / "cap-1.2.xsd"

NS = "urn:oasis:names:tc:emergency:cap:1.2"
SENDER = "command-centre@phangnga.go.th"
SENDER_NAME = {"en": "Phang Nga Provincial Command Centre", "th": "ศูนย์สั่งการจังหวัดพังงา"}

# Event names and standing advice also in the languages tourists read (en, th, zh-hans, ru, de): the
# travel landing pages show them; the CAP feed carries th and en. What an officer types is in one
# language and is shown as it is (readers mark it).
RISK_EVENT = {
    "rip_current": ("Rip current", "กระแสน้ำย้อนกลับ (ริปเคอร์เรนต์)", "离岸流", "Отбойное течение", "Rippströmung"),
    "rocks": ("Dangerous rocks", "โขดหินอันตราย", "危险礁石", "Опасные камни", "Gefährliche Felsen"),
    "jellyfish": ("Box jellyfish", "แมงกะพรุนพิษ", "箱水母", "Кубомедузы", "Würfelquallen"),
    "strong_current": ("Strong current", "กระแสน้ำแรง", "强流", "Сильное течение", "Starke Strömung"),
    "other": ("Marine hazard", "จุดเสี่ยงทางทะเล", "海上危险", "Опасность на море", "Gefahr im Meer"),
}  # fmt: skip
# Thai description of a standing risk point, by kind (the registry's own text is English).
RISK_DESCRIPTION_TH = {
    "rip_current": "จุดเสี่ยงกระแสน้ำย้อนกลับ กระแสน้ำจะดึงผู้ที่ลงเล่นน้ำออกจากฝั่งอย่างรวดเร็ว",
    "rocks": "จุดเสี่ยงโขดหินและแนวปะการังใต้น้ำ อาจได้รับบาดเจ็บจากการกระแทกหรือบาด",
    "jellyfish": "จุดเสี่ยงแมงกะพรุนพิษ พิษของแมงกะพรุนกล่องอาจทำให้หัวใจหยุดเต้นได้",
    "strong_current": "จุดเสี่ยงกระแสน้ำแรงสำหรับการดำน้ำและดำน้ำตื้น กระแสน้ำอาจพัดออกจากเรือ",
    "other": "จุดเสี่ยงทางทะเลที่เจ้าหน้าที่แจ้งเตือน",
}
RISK_INSTRUCTION = {
    "en": "Swim only at flagged areas with a lifeguard. If caught in a current, swim parallel to the shore. "
    "Emergency: 1669.",
    "th": "ว่ายน้ำเฉพาะบริเวณที่มีธงและเจ้าหน้าที่ช่วยชีวิต หากติดกระแสน้ำให้ว่ายขนานกับฝั่ง เหตุฉุกเฉินโทร 1669",
    "zh-hans": "只在插有旗帜并有救生员的区域游泳。如被水流卷走，请与海岸平行游出。紧急电话：1669。",
    "ru": "Купайтесь только в зонах с флагами и спасателем. Если вас уносит течением, плывите параллельно "
    "берегу. Экстренная помощь: 1669.",
    "de": "Nur in beflaggten Bereichen mit Rettungsschwimmer baden. Von einer Strömung erfasst: parallel "
    "zum Ufer schwimmen. Notruf: 1669.",
}
# Box jellyfish first aid: vinegar for at least 30 seconds, no rubbing, call 1669 (Department of
# Disease Control, MOPH, box jellyfish advice for beach visitors; the same as the Australian
# Resuscitation Council guideline 9.4.5).
JELLYFISH_INSTRUCTION = {
    "en": "Do not touch jellyfish. If stung, pour vinegar on the sting for 30 seconds, do not rub, "
    "and call 1669.",
    "th": "อย่าสัมผัสแมงกะพรุน หากถูกพิษให้ราดน้ำส้มสายชูบริเวณที่ถูกพิษอย่างน้อย 30 วินาที ห้ามถู แล้วโทร 1669",
    "zh-hans": "不要触碰水母。如被蜇伤，请在伤处倒醋至少 30 秒，不要揉搓，并拨打 1669。",
    "ru": "Не трогайте медуз. При ожоге полейте место уксусом не менее 30 секунд, не трите и звоните 1669.",
    "de": "Quallen nicht berühren. Bei einem Stich 30 Sekunden lang Essig darübergießen, nicht reiben, "
    "und 1669 anrufen.",
}
SEVERITY_TH = {
    "Extreme": "รุนแรงมากที่สุด",
    "Severe": "รุนแรง",
    "Moderate": "ปานกลาง",
    "Minor": "เล็กน้อย",
    "Unknown": "ไม่ทราบ",
}
SEA_EVENT = {
    "red_flag": ("Red flag: no swimming", "ธงแดง ห้ามลงเล่นน้ำ", "红旗：禁止游泳", "Красный флаг: купание запрещено",
                 "Rote Flagge: Baden verboten"),
    "sea_state": ("Rough sea", "คลื่นลมแรง", "海浪汹涌", "Сильное волнение на море", "Raue See"),
    "tsunami": ("Tsunami warning", "เตือนภัยสึนามิ", "海啸预警", "Предупреждение о цунами", "Tsunami-Warnung"),
}  # fmt: skip
SEA_DESCRIPTION_TH = {
    "red_flag": "ชักธงแดงแล้ว คลื่นลมแรงและมีกระแสน้ำย้อนกลับ ห้ามลงเล่นน้ำทุกกรณี",
    "sea_state": "ทะเลมีคลื่นสูงและลมแรง เรือเล็กควรงดออกจากฝั่ง",
    "tsunami": "มีประกาศเตือนภัยสึนามิสำหรับชายฝั่งทะเลอันดามัน",
}
SEA_INSTRUCTION_TH = {
    "red_flag": "ห้ามลงเล่นน้ำ ปฏิบัติตามคำแนะนำของเจ้าหน้าที่ช่วยชีวิต เหตุฉุกเฉินโทร 1669",
    "sea_state": "งดเล่นน้ำและงดออกเรือ ติดตามประกาศของกรมอุตุนิยมวิทยา เหตุฉุกเฉินโทร 1669",
    "tsunami": "อพยพขึ้นที่สูงตามป้ายเส้นทางอพยพทันที อย่ากลับลงไปชายหาดจนกว่าจะมีประกาศยกเลิก เหตุฉุกเฉินโทร 1669",
}
# Renewal block of a warning that stands until withdrawn, in hours (see the module docstring).
RENEW_HOURS = {"risk_point": 24, "sea_warning": 6}
NEAR_PLACE_KM = 5.0  # a sea warning's Thai area name: the registry place nearest its centre, if this close


def _in_all(texts: tuple[str, ...]) -> dict[str, str]:
    """(en, th, zh-hans, ru, de) -> {lang: text}."""
    return dict(zip(("en", "th", "zh-hans", "ru", "de"), texts, strict=True))


def _others(event: dict[str, str], place_en: str) -> dict[str, str]:
    """The headline in zh-hans/ru/de: the hazard and the place's (English) name once."""
    return {lang: f"{text}: {place_en}" for lang, text in event.items() if lang not in ("en", "th")}


def cap_time(value: datetime) -> str:
    """CAP wants local time with a numeric offset and no fraction ("Z" is not allowed)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def renewed_expiry(now: datetime, hours: int) -> datetime:
    """End of the renewal block after the one `now` is in (blocks of `hours` from local midnight)."""
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    block = int((local - midnight).total_seconds() // (hours * 3600))
    start = midnight + timedelta(hours=block * hours)
    # add in local wall-clock terms, then normalise (Asia/Bangkok has no DST; this stays correct if it had)
    return timezone.localtime(start + timedelta(hours=2 * hours))


PROVINCE_COAST_TH = "ชายฝั่งทะเลอันดามัน จังหวัดพังงา"


def _place_th(lat: float, lon: float, radius_km: float) -> str:
    """A Thai name for a warning's area: the registry place at its centre, or the province's coast
    for a wide warning or one far from any registered place."""
    if radius_km <= 2 * NEAR_PLACE_KM:
        found = nearest(lat, lon, limit=1)
        if found and found[0][1] <= NEAR_PLACE_KM and found[0][0].name_th:
            return found[0][0].name_th
    return PROVINCE_COAST_TH


def active_alerts(now: datetime | None = None) -> list[dict]:
    now = now or timezone.now()
    alerts: list[dict] = []
    warnings = SeaWarning.objects.filter(active=True, onset__lte=now).filter(
        Q(expires__isnull=True) | Q(expires__gt=now)
    )
    for w in warnings:
        event = _in_all(SEA_EVENT[w.kind])
        en, th = event["en"], event["th"]
        tsunami = w.kind == "tsunami"
        where_th = _place_th(w.lat, w.lon, w.radius_km)
        expires = w.expires or renewed_expiry(now, RENEW_HOURS["sea_warning"])
        alerts.append(
            {
                "id": f"sea-{w.pk}",
                "kind": w.kind,
                "event": event,
                "category": "Geo" if tsunami else "Met",
                "response": "Evacuate" if tsunami else "Avoid",
                "urgency": w.urgency,
                "severity": w.severity,
                "certainty": w.certainty,
                # zh-hans/ru/de read the warning's kind; the officer's headline is English.
                "headline": {**event, "en": w.headline, "th": f"{th} บริเวณ{where_th}"},
                "description": {
                    "en": w.description,
                    "th": f"{SEA_DESCRIPTION_TH[w.kind]} บริเวณ{where_th} "
                    f"(ระดับความรุนแรง: {SEVERITY_TH.get(w.severity, w.severity)})",
                },
                "instruction": {"en": w.instruction, "th": SEA_INSTRUCTION_TH[w.kind]},
                "area": w.area,
                "area_th": where_th,
                "lat": w.lat,
                "lon": w.lon,
                "radius_km": w.radius_km,
                "onset": cap_time(w.onset),
                "expires": cap_time(expires),
                "renewed": w.expires is None,
            }
        )
    risk_expires = cap_time(renewed_expiry(now, RENEW_HOURS["risk_point"]))
    for rp in RiskPoint.objects.filter(active=True).select_related("place"):
        kind = rp.kind if rp.kind in RISK_EVENT else "other"
        event = _in_all(RISK_EVENT[kind])
        en, th = event["en"], event["th"]
        # The place named once: "Box jellyfish at Donald Duck Bay", not "... at Donald Duck Bay jellyfish".
        where_en = rp.place.name_en if rp.place and rp.place.name_en else rp.name
        where_th = rp.place.name_th if rp.place and rp.place.name_th else _place_th(rp.lat, rp.lon, 0.5)
        alerts.append(
            {
                "id": f"risk-{rp.pk}",
                "kind": rp.kind,
                "event": event,
                "category": "Safety",
                "response": "Avoid",
                "urgency": "Expected",
                "severity": rp.severity,
                "certainty": "Likely",
                "headline": {
                    "en": f"{en} at {where_en}",
                    "th": f"{th} ที่{where_th}",
                    **_others(event, where_en),
                },
                "description": {
                    "en": rp.description,
                    "th": f"{RISK_DESCRIPTION_TH[kind]} บริเวณ{where_th} "
                    f"(ระดับความรุนแรง: {SEVERITY_TH.get(rp.severity, rp.severity)})",
                },
                "instruction": JELLYFISH_INSTRUCTION if kind == "jellyfish" else RISK_INSTRUCTION,
                "area": rp.name,
                "area_th": where_th,
                "lat": rp.lat,
                "lon": rp.lon,
                "radius_km": 0.5,
                "onset": None,
                "expires": risk_expires,
                "renewed": True,
            }
        )
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
        repr(
            [(a["id"], a["headline"], a["description"], a["severity"], a["expires"]) for a in alerts]
        ).encode()
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
            _sub(area, "areaDesc", a["area_th"] if lang == "th" else a["area"])
            _sub(area, "circle", f"{a['lat']:.5f},{a['lon']:.5f} {a['radius_km']:.2f}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
