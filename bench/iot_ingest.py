"""IoT ingest benchmark: simulated devices -> Mosquitto -> `phangnga iot-ingest` -> SQLite / PostgreSQL.

Measures, per database engine (each in a fresh database, the ingester as its own process):
  * sustained readings/s: many devices publish QoS 1 messages that each carry many
    time-stamped samples; the clock runs from the first publish until the database holds
    every reading (target >= 20,000 readings/s on 2 cores); measured again with one
    sample (7 values) per message, which is how simple devices report, published at a
    paced 3,000 messages/s (a burst faster than the ingester drains would overflow
    Mosquitto's per-session queue, max_queued_messages 1000 by default, and be dropped);
  * rule-to-command latency: a reading that crosses a threshold is published, the time until
    the command arrives on the device's cmd topic (target p99 < 500 ms); the bench device
    acks every command and the number of acks recorded is checked;
  * zero loss across a restart: while devices publish steadily the ingester is killed with
    SIGKILL and started again with the same client id; every reading must be stored.

Prints one JSON object. `--smoke` is a bounded quick run (< 60 s) for CI.
Needs Mosquitto on MQTT_HOST:MQTT_PORT (default 127.0.0.1:1883); PostgreSQL is measured when
reachable at BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/pn_iot_bench).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHANNELS = ["temperature", "humidity", "soil_moisture", "light", "ec", "ph", "wind"]
# A greenhouse's readings, inside every channel's plausible range (iot/telemetry.CHANNEL_RANGES:
# a value outside it, such as pH 25, is refused as malformed and never stored).
TYPICAL = {"temperature": 28.0, "humidity": 70.0, "soil_moisture": 35.0, "light": 20_000.0, "ec": 1.5,
           "ph": 6.5, "wind": 3.0}  # fmt: skip
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/pn_iot_bench")


def sizes(smoke: bool) -> dict:
    if smoke:
        return {
            "devices": 10,
            "samples_per_message": 50,
            "readings": 35_000,
            "small_messages": 0,  # skipped in smoke: see the module docstring
            "latency_samples": 30,
            "restart_messages": 150,
            "restart_rate": 100,
        }
    return {
        "devices": 20,
        "samples_per_message": 100,
        "readings": 560_000,
        "small_messages": 9_000,
        "small_rate": 3_000,
        "latency_samples": 300,
        "restart_messages": 1500,
        "restart_rate": 150,
    }


# ---- child: one engine ----------------------------------------------------------------------


def child(engine: str, smoke: bool) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phangnga.settings")
    import django

    django.setup()
    from django.core.management import call_command

    t_setup = time.monotonic()
    call_command("migrate", "iot", verbosity=0, skip_checks=True)  # iot and what it depends on
    from phangnga.iot import services
    from phangnga.iot.models import Command, CommandStatus, Reading, Rule

    cfg = sizes(smoke)
    run = uuid.uuid4().hex[:8]
    site = services.create_site(
        code=f"bench-{run}",
        kind="greenhouse",
        name_th="bench",
        name_en="bench",
        lat=8.45,
        lon=98.5,
        owner=None,
    )
    devices = [
        services.create_device(site, code=f"d{i}", name=f"d{i}", channels=CHANNELS, actuators=["fan"])[0]
        for i in range(cfg["devices"])
    ]
    # The latency probe has its own device, so its timestamps cannot collide with other phases.
    probe = services.create_device(site, code="probe", name="probe", channels=CHANNELS, actuators=["fan"])[0]
    client_id = f"bench-ingest-{run}"
    ingester = Ingester(client_id, site.code)
    result: dict = {"engine": engine, "setup_seconds": round(time.monotonic() - t_setup, 1)}
    try:
        ingester.start()
        result["throughput"] = throughput(site.code, devices, cfg, lambda: Reading.objects.count())
        if cfg["small_messages"]:
            result["throughput_small_messages"] = throughput(
                site.code, devices, cfg, lambda: Reading.objects.count(), small=True
            )
        Rule.objects.create(
            site=site,
            name="latency",
            kind="threshold",
            sensor=probe,
            channel="temperature",
            target=probe,
            actuator="fan",
            params={"direction": "above", "on_at": 30, "off_at": 28},
        )
        time.sleep(1.5)  # the ingester picks rules up per batch; give it a quiet moment
        result["rule_to_command"] = latency(site.code, probe.code, cfg["latency_samples"])
        deadline = time.time() + 10
        while time.time() < deadline:
            acked = Command.objects.filter(device=probe, status=CommandStatus.ACKED).count()
            if acked >= result["rule_to_command"]["commands_received"]:
                break
            time.sleep(0.2)
        result["rule_to_command"]["acks_recorded"] = acked
        before = Reading.objects.count()
        result["restart"] = restart(
            site.code, devices, cfg, ingester, lambda: Reading.objects.count() - before
        )
    finally:
        ingester.stop()
        forget_session(client_id)
    return result


class Ingester:
    """`phangnga iot-ingest` as a child process, so it has its own interpreter and core."""

    def __init__(self, client_id: str, site: str):
        self.args = [
            sys.executable,
            "-c",
            "from phangnga.cli import main; main()",
            "iot-ingest",
            "--skip-checks",
            "--client-id",
            client_id,
            "--sites",
            site,
            "--tick",
            "3600",
            "--stats-every",
            "3600",
        ]
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()  # "iot-ingest: connected ..." once subscribed
        if "connected" not in line:
            raise RuntimeError(f"ingester did not start: {line!r}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def mqtt_client(client_id: str = ""):
    from phangnga.iot.mqtt import broker, make_client, no_delay

    client = make_client(client_id)
    client.max_inflight_messages_set(200)
    client.max_queued_messages_set(0)
    host, port = broker()
    client.connect(host, port, keepalive=60)
    no_delay(client)
    client.loop_start()
    return client


def forget_session(client_id: str) -> None:
    client = mqtt_client(client_id)  # a clean-session connect drops the persistent session
    time.sleep(0.2)
    client.disconnect()
    client.loop_stop()


def payloads(site: str, devices, total: int, per_message: int, start_ms: int) -> list[tuple[str, str, int]]:
    """Pre-built messages, round-robin over devices; each device's timestamps are unique."""
    out = []
    readings_per_message = per_message * len(CHANNELS)
    n_messages = max(1, total // readings_per_message)
    next_ts = {d.code: start_ms for d in devices}
    for i in range(n_messages):
        device = devices[i % len(devices)]
        ts0 = next_ts[device.code]
        samples = [
            {"ts": ts0 + k, "values": {c: round(TYPICAL[c] + (k % 97) / 100, 2) for c in CHANNELS}}
            for k in range(per_message)
        ]
        next_ts[device.code] = ts0 + per_message
        out.append((f"phangnga/{site}/{device.code}/telemetry", json.dumps(samples), readings_per_message))
    return out


def wait_count(count, expected: int, timeout: float) -> tuple[int, float]:
    deadline = time.monotonic() + timeout
    n = count()
    while n < expected and time.monotonic() < deadline:
        time.sleep(0.25)
        n = count()
    return n, time.monotonic()


def throughput(site: str, devices, cfg: dict, count, *, small: bool = False) -> dict:
    """small=True: one sample (7 values) per message, the way a simple device reports."""
    if small:
        start_ms = int(time.time() * 1000) - 2 * 86_400_000
        messages = payloads(site, devices, cfg["small_messages"] * len(CHANNELS), 1, start_ms)
    else:
        start_ms = int(time.time() * 1000) - 86_400_000
        messages = payloads(site, devices, cfg["readings"], cfg["samples_per_message"], start_ms)
    before = count()
    expected = sum(m[2] for m in messages)
    publisher = mqtt_client()
    t0 = time.monotonic()
    infos = []
    for i, (topic, body, _) in enumerate(messages):
        infos.append(publisher.publish(topic, body, qos=1))
        if small and i % 100 == 99:
            # Paced: the broker keeps at most max_queued_messages (Mosquitto default 1000) per
            # session and drops the rest, so a burst faster than the ingester drains is lost.
            time.sleep(max(0.0, t0 + (i + 1) / cfg["small_rate"] - time.monotonic()))
    for info in infos:
        info.wait_for_publish(60)
    published_s = time.monotonic() - t0
    stored, t_end = wait_count(lambda: count() - before, expected, timeout=300)
    publisher.disconnect()
    publisher.loop_stop()
    elapsed = t_end - t0
    return {
        "messages": len(messages),
        "readings_per_message": messages[0][2],
        "readings_expected": expected,
        "readings_stored": stored,
        "seconds": round(elapsed, 2),
        "publish_seconds": round(published_s, 2),
        "readings_per_s": round(stored / elapsed),
    }


def latency(site: str, device: str, samples: int) -> dict:
    received: dict[int, float] = {}
    arrived = threading.Event()
    client = mqtt_client()

    def on_message(c, userdata, msg):
        received[len(received)] = time.perf_counter()
        body = json.loads(msg.payload)
        c.publish(f"phangnga/{site}/{device}/ack", json.dumps({"id": body["id"], "ok": True}), qos=1)
        arrived.set()

    client.on_message = on_message
    client.subscribe(f"phangnga/{site}/{device}/cmd", qos=1)
    time.sleep(0.5)
    latencies = []
    ts = int(time.time() * 1000)
    for i in range(samples):
        arrived.clear()
        value = 31.0 if i % 2 == 0 else 27.0  # alternate across the band: every reading switches the fan
        ts += 1000
        sent = time.perf_counter()
        client.publish(
            f"phangnga/{site}/{device}/telemetry",
            json.dumps({"ts": ts, "values": {"temperature": value}}),
            qos=1,
        )
        if arrived.wait(5):
            latencies.append((received[len(received) - 1] - sent) * 1000)
    client.disconnect()
    client.loop_stop()
    latencies.sort()
    if not latencies:
        return {"samples": samples, "commands_received": 0}
    return {
        "samples": samples,
        "commands_received": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1),
        "max_ms": round(latencies[-1], 1),
    }


def restart(site: str, devices, cfg: dict, ingester: Ingester, count) -> dict:
    start_ms = int(time.time() * 1000)
    per_message = 10
    messages = payloads(
        site, devices, cfg["restart_messages"] * per_message * len(CHANNELS), per_message, start_ms
    )
    expected = sum(m[2] for m in messages)
    publisher = mqtt_client()
    interval = 1.0 / cfg["restart_rate"]
    kill_at, restart_at = len(messages) // 3, len(messages) // 2
    down_s = 0.0
    for i, (topic, body, _) in enumerate(messages):
        if i == kill_at:
            ingester.kill()
            killed = time.monotonic()
        if i == restart_at:
            ingester.start()
            down_s = time.monotonic() - killed
        publisher.publish(topic, body, qos=1)
        time.sleep(interval)
    stored, _ = wait_count(count, expected, timeout=60)
    publisher.disconnect()
    publisher.loop_stop()
    return {
        "messages": len(messages),
        "readings_expected": expected,
        "readings_stored": stored,
        "readings_lost": expected - stored,
        "ingester_down_s": round(down_s, 2),
        "kill": "SIGKILL",
    }


# ---- parent: both engines ---------------------------------------------------------------------


def pg_available() -> bool:
    try:
        import psycopg

        base = PG_URL.rsplit("/", 1)[0] + "/postgres"
        name = PG_URL.rsplit("/", 1)[1]
        with psycopg.connect(base, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except Exception:
        return False


def run_engine(engine: str, smoke: bool) -> dict:
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="iot-bench-") as data_dir:
        env["PHANGNGA_DATA_DIR"] = data_dir
        env.pop("DATABASE_URL", None)
        if engine == "postgresql":
            env["DATABASE_URL"] = PG_URL
        env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
        args = [sys.executable, __file__, "--child", engine] + (["--smoke"] if smoke else [])
        proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=900)
        if proc.returncode != 0:
            return {"engine": engine, "error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
        return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="bounded quick run for CI (< 60 s)")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.smoke)))
        return
    started = time.monotonic()
    engines = ["sqlite"] + (["postgresql"] if pg_available() else [])
    results = {engine: run_engine(engine, args.smoke) for engine in engines}
    targets = {"readings_per_s": 20_000, "rule_to_command_p99_ms": 500, "readings_lost": 0}
    met = {}
    for engine, r in results.items():
        if "error" in r:
            met[engine] = False
            continue
        met[engine] = {
            "readings_per_s": r["throughput"]["readings_per_s"] >= targets["readings_per_s"],
            "rule_to_command_p99_ms": r["rule_to_command"].get("p99_ms", 1e9)
            < targets["rule_to_command_p99_ms"],
            "readings_lost": r["restart"]["readings_lost"] == 0,
        }
    print(
        json.dumps(
            {
                "bench": "iot_ingest",
                "smoke": args.smoke,
                "cores": os.cpu_count(),
                "broker": f"{os.environ.get('MQTT_HOST', '127.0.0.1')}:{os.environ.get('MQTT_PORT', '1883')}",
                "note": "publisher, broker, ingester and database share the same machine",
                "targets": targets,
                "met": met,
                "engines": results,
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
