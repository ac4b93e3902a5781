"""Navigation links (pure kernel) and the season check."""

from datetime import date
from urllib.parse import parse_qs, urlparse

from phangnga.travel import navigation
from phangnga.travel.season import in_season


def test_links_point_at_the_destination():
    links = navigation.links(8.2749, 98.5012, "Khao Phing Kan")
    google = urlparse(links["google"])
    assert google.netloc == "www.google.com" and google.path == "/maps/dir/"
    assert parse_qs(google.query)["destination"] == ["8.274900,98.501200"]
    assert parse_qs(urlparse(links["apple"]).query)["daddr"] == ["8.274900,98.501200"]
    assert links["geo"].startswith("geo:8.274900,98.501200?q=8.274900,98.501200(Khao%20Phing%20Kan)")


def test_origin_from_gps():
    url = navigation.google_maps(8.0, 98.0, origin=(8.5, 98.25))
    assert parse_qs(urlparse(url).query)["origin"] == ["8.500000,98.250000"]


def test_season_wraps_the_new_year():
    assert in_season("10-15", "05-15", date(2026, 1, 10))
    assert in_season("10-15", "05-15", date(2026, 10, 15))
    assert not in_season("10-15", "05-15", date(2026, 7, 1))
    assert in_season("", "", date(2026, 7, 1))
    assert in_season("03-01", "04-30", date(2026, 4, 1)) and not in_season("03-01", "04-30", date(2026, 5, 1))
