"""Channel, actuator and switch-state codes (telemetry.CHANNELS, ACTUATORS) in the page's language.
The codes stay in the data and the MQTT topics; only what a farmer reads is translated."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

WORDS = {
    "temperature": _("Temperature"),
    "humidity": _("Humidity"),
    "soil_moisture": _("Soil moisture"),
    "light": _("Light"),
    "ec": _("Electrical conductivity (EC)"),
    "ph": _("pH"),
    "wind": _("Wind"),
    "rain": _("Rain"),
    "fan": _("Fan"),
    "pump": _("Pump"),
    "valve": _("Valve"),
    "mist": _("Mist"),
    "heater": _("Heater"),
    "on": _("on"),
    "off": _("off"),
    "unknown": _("unknown"),
}


@register.filter
def iot_word(code) -> str:
    """'soil_moisture' -> 'ความชื้นในดิน' on a Thai page; a code we do not know is shown as it is."""
    if code is True or code is False:
        code = "on" if code else "off"
    return str(WORDS.get(str(code), code))


# What the rules kernel (rules.py) and the engine (engine.py) write in a command's reason, a rule's
# last reason and an alert: English for the API and the log; a Thai page reads them in Thai.
_V = r"(-?[\d.]+(?:e[+-]?\d+)?)"
TEXTS_TH: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), thai)
    for pattern, thai in (
        (r"^(.+) is offline \(last seen never\)$", r"\1 ขาดการติดต่อ (ยังไม่เคยส่งข้อมูล)"),
        (r"^(.+) is offline \(last seen (.+)\)$", r"\1 ขาดการติดต่อ (ส่งข้อมูลล่าสุด \2)"),
        (r"^(.+) is back online$", r"\1 กลับมาเชื่อมต่อแล้ว"),
        (r"^(.+): (\w+) (on|off) not acknowledged after (\d+) attempts$",
         r"\1: คำสั่ง \2 \3 ไม่ได้รับการตอบรับหลังส่ง \4 ครั้ง"),
        (rf"value {_V} at or above alarm level {_V}", r"ค่า \1 ถึงระดับแจ้งเตือนสูง (\2)"),
        (rf"value {_V} at or below alarm level {_V}", r"ค่า \1 ถึงระดับแจ้งเตือนต่ำ (\2)"),
        (rf"value {_V} back within the alarm band", r"ค่า \1 กลับเข้าช่วงปกติแล้ว"),
        (r"sensor stale: no reading for more than (\d+) min", r"เซนเซอร์ไม่ส่งค่าเกิน \1 นาที"),
        (r", fail-safe on$", ", เข้าโหมดปลอดภัย: เปิด"),
        (r", fail-safe off$", ", เข้าโหมดปลอดภัย: ปิด"),
        (r"sensor stale; output left as it is", "เซนเซอร์ไม่ส่งค่า คงสถานะเดิมไว้"),
        (r"sensor stale: fail-safe", "เซนเซอร์ไม่ส่งค่า: เข้าโหมดปลอดภัย"),
        (rf"sensor back: {_V}", r"เซนเซอร์กลับมาส่งค่าแล้ว: \1"),
        (rf"{_V} inside the hysteresis band", r"\1 อยู่ระหว่างค่าเปิดกับค่าปิด (คงสถานะเดิม)"),
        (rf"in window but {_V} > {_V}: skipped", r"อยู่ในช่วงเวลา แต่ \1 > \2 จึงงดทำงาน"),
        (rf"{_V} at or above {_V}", r"\1 สูงกว่าหรือเท่ากับ \2"),
        (rf"{_V} at or below {_V}", r"\1 ต่ำกว่าหรือเท่ากับ \2"),
        (r"; already on", "; เปิดอยู่แล้ว"),
        (r"; already off", "; ปิดอยู่แล้ว"),
        (r"; waiting (\d+) s more \(for (\d+) s\)", r"; รออีก \1 วินาที (ต้องต่อเนื่อง \2 วินาที)"),
        (r"; minimum cycle time, (\d+) s left", r"; ยังไม่ครบรอบเวลาขั้นต่ำ เหลือ \1 วินาที"),
        (r"inside the schedule window", "อยู่ในช่วงเวลาที่ตั้งไว้"),
        (r"outside the schedule", "นอกช่วงเวลาที่ตั้งไว้"),
        (r"^manual$", "สั่งด้วยมือ"),
    )
)  # fmt: skip


@register.filter
def iot_text(text) -> str:
    """A reason or alert the engine wrote ('28.96 inside the hysteresis band') in the page's
    language; text it did not write (a rule's name, a note) is left as it is."""
    text = str(text or "")
    if not (get_language() or "").startswith("th"):
        return text
    for pattern, thai in TEXTS_TH:
        text = pattern.sub(thai, text)
    return _ACTUATOR_IN_ALERT.sub(lambda m: f"คำสั่ง{'เปิด' if m[2] == 'on' else 'ปิด'}{iot_word(m[1])} ", text)


_ACTUATOR_IN_ALERT = re.compile(r"คำสั่ง (\w+) (on|off) ")
