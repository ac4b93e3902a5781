"""The landing page's safety box reads the prevention app's registries: warnings that reach the
site (and not those elsewhere), the nearest usable AED, and always 1669 and 1155."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

em = pytest.importorskip("phangnga.prevention.models")


def test_warning_at_the_site_and_nearest_usable_aed(client, make_sign):
    sign = make_sign("khao-lak-beach")  # 8.617, 98.236
    now = timezone.now()
    em.SeaWarning.objects.create(
        kind="red_flag",
        headline="Red flag at Khao Lak",
        description="Strong rip currents",
        instruction="Do not swim",
        area="Khao Lak",
        lat=8.62,
        lon=98.235,
        radius_km=3,
        onset=now - timedelta(hours=1),
    )
    em.SeaWarning.objects.create(
        kind="sea_state",
        headline="Rough sea at Surin",
        area="Surin",
        lat=9.42,
        lon=97.87,
        radius_km=5,
        onset=now - timedelta(hours=1),
    )
    today = timezone.localdate()
    em.Aed.objects.create(
        code="aed-expired",
        owner="Old hotel",
        owner_kind=em.AedOwnerKind.choices[0][0],
        location="Lobby",
        lat=8.6171,
        lon=98.2361,
        pads_expiry=today - timedelta(days=1),
        battery_expiry=today + timedelta(days=300),
    )
    em.Aed.objects.create(
        code="aed-ok",
        owner="Beach rescue",
        owner_kind=em.AedOwnerKind.choices[0][0],
        location="Lifeguard tower 2",
        lat=8.62,
        lon=98.238,
        pads_expiry=today + timedelta(days=300),
        battery_expiry=today + timedelta(days=300),
    )
    html = client.get(f"/s/{sign.code}?lang=en").content.decode()
    safety = html[html.index('id="safety"') :]
    assert "Red flag at Khao Lak" in safety and "Rough sea at Surin" not in safety
    assert "No active warnings here." not in safety
    assert "Lifeguard tower 2" in safety and "Lobby" not in safety  # the expired AED is skipped
    assert 'href="tel:1669"' in safety and 'href="tel:1155"' in safety


def test_no_warnings_is_said_only_when_the_prevention_app_answered(client, make_sign):
    sign = make_sign("lam-ru-waterfall")
    html = client.get(f"/s/{sign.code}?lang=en").content.decode()
    assert "No active warnings here." in html
    assert 'id="aed"' not in html  # no AED registered: the line is hidden, not invented


def test_the_safety_box_links_to_a_public_report_from_the_sign(client, make_sign):
    """A tourist who cannot get through to 1669 reports from the sign's own position, in their language."""
    sign = make_sign("khao-lak-beach")
    html = client.get(f"/s/{sign.code}?lang=ru").content.decode()
    link = html.split('id="help-here" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert link.startswith("/emergency/help?lang=ru&lat=8.6") and "&lon=98.2" in link
    assert "Сообщите о происшествии здесь" in html
    page = client.get(link).content.decode()
    assert 'id="signloc"' in page and "Что случилось?" in page
