"""Payload parsing: the documented shapes are accepted, anything else is Malformed with a reason."""

import json

import pytest

from phangnga.iot.telemetry import Malformed, parse_ack, parse_samples, parse_topic

NOW = 1_760_000_000_000


def test_single_sample_and_batches():
    one = parse_samples(json.dumps({"ts": NOW, "values": {"temperature": 29.5, "humidity": 80}}), NOW)
    assert one == [(NOW, "temperature", 29.5), (NOW, "humidity", 80.0)]
    many = parse_samples(json.dumps([{"ts": NOW - 1000 * i, "values": {"ph": 6.1}} for i in range(3)]), NOW)
    assert [r[0] for r in many] == [NOW, NOW - 1000, NOW - 2000]


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (b"\x00garbage", "not JSON"),
        (b"{}", "ts must be an integer"),
        (json.dumps({"ts": "now", "values": {"ph": 6}}), "ts must be an integer"),
        (json.dumps({"ts": 12, "values": {"ph": 6}}), "plausible"),
        (json.dumps({"ts": NOW, "values": {}}), "non-empty"),
        (json.dumps({"ts": NOW, "values": {"colour": 1}}), "unknown channel"),
        (json.dumps({"ts": NOW, "values": {"ph": "6"}}), "finite number"),
        (json.dumps({"ts": NOW, "values": {"ph": True}}), "finite number"),
        (b'{"ts": 1760000000000, "values": {"ph": NaN}}', "finite number"),
        (json.dumps([]), "empty batch"),
        (json.dumps([{"ts": NOW, "values": {"ph": 6}}, 5]), "sample 1"),
    ],
)
def test_malformed_payloads_say_why(payload, why):
    with pytest.raises(Malformed, match=why):
        parse_samples(payload, NOW)


def test_topics():
    t = parse_topic("phangnga/pig-1/ctl/telemetry")
    assert (t.site, t.device, t.kind) == ("pig-1", "ctl", "telemetry")
    assert parse_topic("other/pig-1/ctl/telemetry") is None
    assert parse_topic("phangnga/Pig 1/ctl/telemetry") is None
    assert parse_topic("phangnga/a/b") is None


def test_acks():
    assert parse_ack(b'{"id": "abc", "ok": false}')[:2] == ("abc", False)
    with pytest.raises(Malformed):
        parse_ack(b'{"ok": true}')
