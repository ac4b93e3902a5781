"""Channel, actuator and switch-state codes (telemetry.CHANNELS, ACTUATORS) in the page's language.
The codes stay in the data and the MQTT topics; only what a farmer reads is translated."""

from __future__ import annotations

from django import template
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
