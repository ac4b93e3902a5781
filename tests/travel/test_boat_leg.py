"""Island attractions: the boat leg from the nearest pier, from the routing engine."""

import pytest

pytestmark = pytest.mark.django_db


def test_boat_leg_from_the_nearest_pier(client, make_sign):
    pytest.importorskip("phangnga.geo.routing_service")
    from phangnga.travel.services import surroundings

    sign = make_sign("koh-panyee")
    boat = surroundings(sign.attraction, "en")["boat"]
    assert boat["pier"]["code"] == "pier-thadan"
    leg = boat["leg"]
    assert leg is not None, "the routing engine found no sea route from Tha Dan to Koh Panyee"
    # Through the bay the route is longer than the straight line, and a speedboat needs minutes.
    assert leg["distance_km"] >= boat["pier"]["straight_km"]
    assert 5 < leg["eta_min"] < 120
    html = client.get(f"/s/{sign.code}?lang=de").content.decode()
    assert "Seeweg mit dem Schnellboot bei ruhiger See" in html


def test_mainland_attractions_have_no_boat_leg(make_sign):
    from phangnga.travel.services import surroundings

    assert surroundings(make_sign("takua-pa-old-town").attraction, "en")["boat"] is None
