"""The routing service is shared by every request thread of the web server."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from phangnga.geo import routing_service

pytestmark = pytest.mark.django_db

TRIPS = [
    ((8.580, 98.226), (8.567, 97.637)),
    ((8.0855, 98.5995), (8.3425, 98.488)),
    ((9.226, 98.366), (9.418, 97.867)),
    ((8.097, 98.602), (8.045, 98.432)),
]


def test_concurrent_queries_give_the_same_answers_as_one_at_a_time(places):
    routing_service.reset()
    network = routing_service.get_network()
    alone = [network.sea_route(a, b).eta_min for a, b in TRIPS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda trip: network.sea_route(*trip).eta_min, TRIPS * 6))
    assert together == alone * 6
    assert network.piers  # plain attributes pass through the serialising wrapper
