"""The demo loader: attractions, media, a sign per attraction, scans; twice changes nothing twice."""

import pytest

from phangnga.travel import demo
from phangnga.travel.models import Attraction, Scan, Sign

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(places, media_root):
    demo.load()
    counts = (Attraction.objects.count(), Sign.objects.count(), Scan.objects.count())
    assert counts[0] >= 20 and counts[2] > 0
    assert all(a.signs.exists() for a in Attraction.objects.all())
    assert all(
        (media_root / a.poster).exists() and (media_root / a.clip).exists() for a in Attraction.objects.all()
    )
    assert Sign.objects.filter(is_demo=True).count() == counts[1]
    assert "0 signs added, 0 scans added" in demo.load()
    assert (Attraction.objects.count(), Sign.objects.count(), Scan.objects.count()) == counts
