"""The public warnings feed validates against the OASIS CAP 1.2 schema (lxml + prevention/data/cap-1.2.xsd),
its Thai blocks are in Thai, and every block carries an expiry."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from phangnga.prevention import cap
from phangnga.prevention.models import RiskPoint, SeaWarning

XSD = etree.XMLSchema(etree.parse(str(cap.SCHEMA_PATH)))
NS = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


def fetch() -> etree._Element:
    response = Client().get("/api/v1/emergency/alerts.cap")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


@pytest.fixture
def warnings(places):
    now = timezone.now()
    SeaWarning.objects.create(
        kind="red_flag",
        headline="Red flag at Khao Lak",
        area="Khao Lak beaches",
        lat=8.617,
        lon=98.236,
        radius_km=4,
        severity="Severe",
        urgency="Immediate",
        certainty="Observed",
        onset=now - timedelta(hours=1),
        expires=now + timedelta(hours=5),
        description="Rip currents",
        instruction="Do not swim",
    )
    SeaWarning.objects.create(
        kind="tsunami",
        headline="Tsunami warning",
        area="Andaman coast",
        lat=8.6,
        lon=98.2,
        radius_km=50,
        severity="Extreme",
        urgency="Immediate",
        certainty="Likely",
        onset=now - timedelta(minutes=5),
    )
    SeaWarning.objects.create(
        kind="sea_state",
        headline="Expired",
        area="x",
        lat=8.6,
        lon=98.2,
        onset=now - timedelta(days=3),
        expires=now - timedelta(days=1),
    )
    RiskPoint.objects.create(
        name="Khuk Khak <jellyfish> & co", kind="jellyfish", lat=8.695, lon=98.24, severity="Severe"
    )
    RiskPoint.objects.create(name="Closed point", kind="rocks", lat=8.7, lon=98.22, active=False)


def test_feed_with_active_warnings_is_valid_cap_1_2(warnings):
    doc = fetch()
    XSD.assertValid(doc)
    infos = doc.findall("cap:info", NS)
    # 3 active warnings (red flag, tsunami, one risk point) x 2 languages; expired/inactive left out.
    assert len(infos) == 6
    events = {i.findtext("cap:eventCode/cap:value", namespaces=NS) for i in infos}
    assert events == {"red_flag", "tsunami", "jellyfish"}
    tsunami = next(i for i in infos if i.findtext("cap:eventCode/cap:value", namespaces=NS) == "tsunami")
    assert tsunami.findtext("cap:responseType", namespaces=NS) == "Evacuate"
    assert tsunami.findtext("cap:category", namespaces=NS) == "Geo"
    assert {i.findtext("cap:language", namespaces=NS) for i in infos} == {"th-TH", "en-US"}


def test_empty_feed_is_still_valid(db):
    doc = fetch()
    XSD.assertValid(doc)
    assert doc.findall("cap:info", NS) == []


def test_schema_really_checks(warnings):
    """The XSD must reject a broken alert (so the validity test can fail)."""
    doc = fetch()
    doc.find("cap:status", NS).text = "Whatever"
    assert not XSD.validate(doc)
    doc = fetch()
    sent = doc.find("cap:sent", NS)
    sent.text = sent.text[:19] + "Z"
    assert not XSD.validate(doc)


def test_identifier_changes_when_warnings_change(warnings):
    now = timezone.now()

    def identifier(at):
        return etree.fromstring(cap.feed_xml(at)).findtext("cap:identifier", namespaces=NS)

    first = identifier(now)
    assert first == identifier(now)
    RiskPoint.objects.filter(kind="jellyfish").update(active=False)
    assert identifier(now) != first


def test_json_alerts(warnings):
    data = Client().get("/api/v1/emergency/alerts").json()
    assert {a["kind"] for a in data["alerts"]} == {"red_flag", "tsunami", "jellyfish"}


THAI = re.compile(r"[\u0e00-\u0e7f]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def test_thai_blocks_are_in_thai(warnings):
    """event, headline, description and instruction of every th-TH block: Thai script, no English words."""
    doc = fetch()
    thai = [i for i in doc.findall("cap:info", NS) if i.findtext("cap:language", namespaces=NS) == "th-TH"]
    assert len(thai) == 3
    for info in thai:
        for tag in ("event", "headline", "description", "instruction", "areaDesc"):
            text = info.findtext(f".//cap:{tag}", namespaces=NS)
            assert text and THAI.search(text), (tag, text)
            assert not LATIN_WORD.search(text), (tag, text)
    # the risk point's Thai headline names its place from the registry when it has one
    english = [i for i in doc.findall("cap:info", NS) if i.findtext("cap:language", namespaces=NS) == "en-US"]
    red = next(i for i in english if i.findtext("cap:eventCode/cap:value", namespaces=NS) == "red_flag")
    assert red.findtext("cap:headline", namespaces=NS) == "Red flag at Khao Lak"  # the officer's own text


def test_every_block_has_an_expiry_and_standing_warnings_are_renewed(warnings):
    now = timezone.now()
    doc = etree.fromstring(cap.feed_xml(now))
    XSD.assertValid(doc)
    sent = datetime.fromisoformat(doc.findtext("cap:sent", namespaces=NS))
    for info in doc.findall("cap:info", NS):
        kind = info.findtext("cap:eventCode/cap:value", namespaces=NS)
        expires = datetime.fromisoformat(info.findtext("cap:expires", namespaces=NS))
        ahead = expires - sent
        if kind == "red_flag":  # the officer set an end: kept as it is
            assert abs(ahead - timedelta(hours=5)) < timedelta(seconds=2)
        elif kind == "tsunami":  # issued without an end: renewed in 6-hour blocks
            assert timedelta(hours=6) <= ahead <= timedelta(hours=12), ahead
        else:  # a standing risk point: renewed daily, 24-48 h ahead, ending at Bangkok midnight
            assert timedelta(hours=24) <= ahead <= timedelta(hours=48), ahead
            assert (expires.hour, expires.minute, expires.utcoffset()) == (0, 0, timedelta(hours=7))
    # built again the next day, the risk point is re-issued with the next day's expiry
    later = etree.fromstring(cap.feed_xml(now + timedelta(days=1)))
    jelly = [
        i.findtext("cap:expires", namespaces=NS)
        for d in (doc, later)
        for i in d.findall("cap:info", NS)
        if i.findtext("cap:eventCode/cap:value", namespaces=NS) == "jellyfish"
    ]
    first, second = datetime.fromisoformat(jelly[0]), datetime.fromisoformat(jelly[-1])
    assert second - first == timedelta(days=1)
    assert later.findtext("cap:identifier", namespaces=NS) != doc.findtext("cap:identifier", namespaces=NS)


def test_the_demo_feed_is_valid_and_complete(places):
    """The demo's warnings (a red flag and the registry's risk points): valid CAP 1.2, Thai in Thai,
    an expiry on every block."""
    from phangnga.core.demo import load_users
    from phangnga.prevention import demo

    load_users()
    demo.load()
    doc = fetch()
    XSD.assertValid(doc)
    infos = doc.findall("cap:info", NS)
    assert len(infos) >= 20
    assert all(i.find("cap:expires", NS) is not None for i in infos)
    for info in infos:
        if info.findtext("cap:language", namespaces=NS) == "th-TH":
            for tag in ("event", "headline", "description", "instruction"):
                text = info.findtext(f"cap:{tag}", namespaces=NS)
                assert THAI.search(text) and not LATIN_WORD.search(text), (tag, text)
