"""The public warnings feed validates against the CAP 1.2 schema (lxml + the XSD in tests/emergency/data)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from phangnga.emergency.models import RiskPoint, SeaWarning

XSD = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "data" / "cap-v1.2.xsd")))
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
    first = fetch().findtext("cap:identifier", namespaces=NS)
    assert first == fetch().findtext("cap:identifier", namespaces=NS)
    RiskPoint.objects.filter(kind="jellyfish").update(active=False)
    assert fetch().findtext("cap:identifier", namespaces=NS) != first


def test_json_alerts(warnings):
    data = Client().get("/api/v1/emergency/alerts").json()
    assert {a["kind"] for a in data["alerts"]} == {"red_flag", "tsunami", "jellyfish"}
