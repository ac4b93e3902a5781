"""Simulated devices on MQTT: publish telemetry, obey commands, acknowledge them.

Used by `phangnga iot-simulate` (demo), the tests and the benchmark. No database here:
the caller builds the `SimDevice`s (from the registry, or by hand).
"""

from __future__ import annotations

import json
import logging
import threading
import time

from .mqtt import broker, make_client, no_delay
from .simulation import SimDevice
from .telemetry import parse_topic, topic

log = logging.getLogger(__name__)


class Simulator:
    def __init__(self, devices: list[SimDevice], client_id: str = ""):
        self.devices = {(d.site_code, d.device_code): d for d in devices}
        self.client = make_client(client_id)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.connected = threading.Event()
        self.commands_seen: list[dict] = []  # every command received, for tests and the demo log
        self.lock = threading.Lock()
        self.last_step: float | None = None

    def _on_connect(self, client, userdata, flags, reason_code, properties=None):
        if reason_code.is_failure:
            log.error("simulator: broker refused: %s", reason_code)
            return
        no_delay(client)
        client.subscribe([(topic(s, d, "cmd"), 1) for s, d in self.devices])
        self.connected.set()

    def _on_message(self, client, userdata, msg):
        parsed = parse_topic(msg.topic)
        device = self.devices.get((parsed.site, parsed.device)) if parsed else None
        if device is None:
            return
        try:
            body = json.loads(msg.payload)
            request_id, params = body["id"], body.get("params", {})
        except (ValueError, KeyError, TypeError):
            log.warning("simulator: unreadable command on %s", msg.topic)
            return
        with self.lock:
            ok, error = device.command(params if isinstance(params, dict) else {})
            state = device.actuator_state()
            self.commands_seen.append({"topic": msg.topic, "body": body, "received": time.time()})
        ack = {"id": request_id, "ok": ok, "state": state}
        if error:
            ack["error"] = error
        client.publish(topic(parsed.site, parsed.device, "ack"), json.dumps(ack), qos=1)

    def start(self, wait_s: float = 10.0) -> None:
        host, port = broker()
        self.client.connect(host, port, keepalive=30)
        self.client.loop_start()
        if not self.connected.wait(wait_s):
            raise RuntimeError(f"simulator: no connection to {host}:{port}")
        # Give the subscription a moment so the first command is not missed.
        time.sleep(0.2)

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def publish_values(self, site: str, device: str, values: dict[str, float], ts_ms: int | None = None):
        payload = json.dumps({"ts": ts_ms or int(time.time() * 1000), "values": values})
        return self.client.publish(topic(site, device, "telemetry"), payload, qos=1)

    def step_all(self, now_s: float | None = None) -> int:
        """Advance every device to now and publish one sample each; returns readings sent."""
        now_s = now_s or time.time()
        dt = 0.0 if self.last_step is None else now_s - self.last_step
        self.last_step = now_s
        sent = 0
        for (site, code), device in self.devices.items():
            with self.lock:
                values = device.step(now_s, max(dt, 1.0))
            if values:
                self.publish_values(site, code, values, int(now_s * 1000))
                sent += len(values)
        return sent
