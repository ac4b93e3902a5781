"""The MQTT ingester behind `phangnga iot-ingest`.

* Subscribes with QoS 1 on a persistent session (fixed client id, clean_session False), so
  the broker keeps what devices publish while the ingester is down or restarting.
* paho's network thread only queues messages; the caller's thread parses, authenticates
  the device by its topic against the registry, and writes whole batches.
* Messages are acknowledged to the broker (manual PUBACK) only after their readings are
  committed: a crash before the commit makes the broker deliver them again, and the
  unique (device, channel, ts) constraint stores a redelivered reading once. That is how
  no reading is lost across a restart, not even a kill -9.
* A malformed payload is counted on its device and logged; it never stops the loop.
* After each batch the rule engine runs for the devices that reported; on a timer it runs
  for every rule (schedules, stale sensors), checks offline devices and retries commands.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

from django.db import close_old_connections

from . import engine, store
from .models import Device
from .mqtt import broker, make_client, no_delay
from .telemetry import Malformed, parse_ack, parse_samples, parse_topic, topic

log = logging.getLogger(__name__)
DEVICE_CACHE_S = 30.0


class Ingester:
    def __init__(
        self,
        client_id: str = "phangnga-ingest",
        sites: list[str] | None = None,
        *,
        tick_s: float = 15.0,
        max_batch_messages: int = 2000,
    ):
        self.client_id = client_id
        self.sites = sites or ["+"]
        self.tick_s = tick_s
        self.max_batch_messages = max_batch_messages
        self.queue: deque = deque()
        self.arrived = threading.Event()
        self.connected = threading.Event()
        self.client = make_client(client_id, persistent=True, manual_ack=True)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self._devices: dict[tuple[str, str], int | None] = {}
        self._devices_loaded_at = 0.0
        self._last_tick = 0.0
        self.stats = {"messages": 0, "readings": 0, "malformed": 0, "unknown": 0, "acks": 0, "batches": 0}

    # -- paho callbacks (network thread: queue only, no database) --------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties=None):
        if reason_code.is_failure:
            log.error("iot: broker refused the connection: %s", reason_code)
            return
        no_delay(client)
        subs = [(topic(site, "+", kind), 1) for site in self.sites for kind in ("telemetry", "ack")]
        client.subscribe(subs)
        log.info("iot: connected (session present: %s), subscribed to %s", flags.session_present, subs)
        self.connected.set()

    def _on_disconnect(self, client, userdata, flags, reason_code, properties=None):
        self.connected.clear()
        if reason_code != 0:
            log.warning("iot: disconnected from the broker (%s); paho reconnects", reason_code)

    def _on_message(self, client, userdata, msg):
        self.queue.append((msg.topic, msg.payload, msg.mid, msg.qos))
        self.arrived.set()

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self, wait_s: float = 10.0) -> None:
        host, port = broker()
        self.client.reconnect_delay_set(1, 30)
        self.client.connect(host, port, keepalive=30)
        self.client.loop_start()
        if not self.connected.wait(wait_s):
            raise RuntimeError(f"no connection to the MQTT broker at {host}:{port}")

    def stop(self) -> None:
        """Store what has arrived, then leave; the broker keeps the session for next time."""
        self.run_once(timeout=0)
        self.client.disconnect()
        self.client.loop_stop()

    def publish(self, name: str, payload: str) -> None:
        info = self.client.publish(name, payload, qos=1)
        if info.rc != 0:
            raise RuntimeError(f"publish failed (rc {info.rc})")

    # -- the work (caller's thread) ----------------------------------------------------------
    def run_once(self, timeout: float = 0.2) -> int:
        """Wait up to `timeout` for messages, store everything queued, run the rules; returns
        the number of readings written. Also runs the timer when it is due."""
        if not self.queue:
            self.arrived.wait(timeout)
        self.arrived.clear()
        batch = []
        while self.queue and len(batch) < self.max_batch_messages:
            batch.append(self.queue.popleft())
        written = 0
        if batch:
            try:
                written = self._process(batch)
            except Exception:
                # The database may be away: keep the messages (not acknowledged) and retry.
                log.exception("iot: storing a batch of %d messages failed; retrying", len(batch))
                self.queue.extendleft(reversed(batch))
                self._devices.clear()
                close_old_connections()
                time.sleep(1.0)
                return 0
        if time.monotonic() - self._last_tick >= self.tick_s:
            self._last_tick = time.monotonic()
            try:
                engine.tick(self.publish)
            except Exception:
                log.exception("iot: rule timer failed")
                close_old_connections()
        return written

    def _device_id(self, site: str, device: str) -> int | None:
        if time.monotonic() - self._devices_loaded_at > DEVICE_CACHE_S:
            self._devices = {
                (s, d): pk
                for pk, s, d in Device.objects.filter(active=True).values_list("id", "site__code", "code")
            }
            self._devices_loaded_at = time.monotonic()
        key = (site, device)
        if key not in self._devices:
            found = (
                Device.objects.filter(active=True, site__code=site, code=device)
                .values_list("id", flat=True)
                .first()
            )
            self._devices[key] = found
        return self._devices[key]

    def _process(self, batch: list) -> int:
        now_ms = int(time.time() * 1000)
        rows: dict[int, list[tuple[int, str, float]]] = {}
        tally = store.MalformedTally()
        acks = []
        for name, payload, _mid, _qos in batch:
            parsed = parse_topic(name)
            if parsed is None:
                continue
            device_id = self._device_id(parsed.site, parsed.device)
            if device_id is None:
                # Not in the registry (or inactive): the topic does not authenticate it.
                tally.add_unknown(name)
                self.stats["unknown"] += 1
                continue
            if parsed.kind == "ack":
                try:
                    acks.append((parsed.site, parsed.device, *parse_ack(payload)))
                except Malformed as exc:
                    tally.add(device_id, str(exc))
                continue
            try:
                rows.setdefault(device_id, []).extend(parse_samples(payload, now_ms))
            except Malformed as exc:
                tally.add(device_id, str(exc))
                self.stats["malformed"] += 1
        written = store.store(rows)
        tally.flush()
        for site, device, request_id, ok, body in acks:
            engine.record_ack(site, device, request_id, ok, body)
        self.stats["acks"] += len(acks)
        # Committed: now the broker may forget these messages.
        for _name, _payload, mid, qos in batch:
            if qos:
                self.client.ack(mid, qos)
        self.stats["messages"] += len(batch)
        self.stats["readings"] += written
        self.stats["batches"] += 1
        if rows:
            # A failing rule must never hold up ingestion: the readings are already stored.
            try:
                engine.dispatch(engine.on_readings(rows), self.publish)
            except Exception:
                log.exception("iot: rule evaluation failed")
                close_old_connections()
        return written
