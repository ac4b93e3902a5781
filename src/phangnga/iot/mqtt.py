"""paho-mqtt 2.x clients: the broker address comes from settings (MQTT_HOST, MQTT_PORT)."""

from __future__ import annotations

import socket
import uuid

import paho.mqtt.client as mqtt
from django.conf import settings


def broker() -> tuple[str, int]:
    return settings.MQTT_HOST, settings.MQTT_PORT


def make_client(client_id: str = "", *, persistent: bool = False, manual_ack: bool = False) -> mqtt.Client:
    """A v3.1.1 client. persistent=True keeps the session on the broker (clean_session False
    with a fixed client id), so QoS 1 messages published while we are away are kept."""
    return mqtt.Client(
        callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
        client_id=client_id or f"pn-{uuid.uuid4().hex[:12]}",
        clean_session=not persistent,
        protocol=mqtt.MQTTv311,
        manual_ack=manual_ack,
    )


def no_delay(client: mqtt.Client) -> None:
    """Switch Nagle's algorithm off on the client's socket (paho leaves it on): commands and
    acks are small packets, and Nagle plus delayed ACKs added ~50 ms per hop in
    bench/iot_ingest.py. Call it from on_connect, so reconnects get it too."""
    sock = client.socket()
    if isinstance(sock, socket.socket):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def publish_once(topic: str, payload: str, timeout: float = 5.0) -> None:
    """Publish one QoS 1 message and wait for the broker's PUBACK; raises OSError or
    RuntimeError when the broker cannot be reached (the caller keeps the command pending)."""
    host, port = broker()
    client = make_client()
    client.connect(host, port, keepalive=30)
    no_delay(client)
    client.loop_start()
    try:
        info = client.publish(topic, payload, qos=1)
        info.wait_for_publish(timeout)
        if not info.is_published():
            raise RuntimeError(f"broker did not acknowledge {topic} within {timeout} s")
    finally:
        client.disconnect()
        client.loop_stop()
