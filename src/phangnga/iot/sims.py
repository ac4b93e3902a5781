"""Registry devices -> simulated devices (the bridge between the ORM and simulation.py)."""

from __future__ import annotations

from .models import Device
from .simulation import SimDevice


def sim_device(device: Device) -> SimDevice:
    site = device.site
    state = {channel: entry[1] for channel, entry in (device.last_values or {}).items()}
    actuators = {name: (device.actuator_state or {}).get(name) == "on" for name in device.actuators or []}
    return SimDevice(
        site_kind=site.kind,
        site_code=site.code,
        device_code=device.code,
        channels=tuple(device.channels or ()),
        actuators=actuators,
        coastal=float(site.profile.get("coastal", 0.5)),
        seed=device.pk or 1,
        state=state,
    )
