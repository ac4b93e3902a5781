"""matrix(): ETAs for many origins x destinations, None when unreachable."""

import pytest

from phangnga.geo.routing import LatLon

BOATS = [LatLon(8.20, 98.20), LatLon(8.66, 97.60), LatLon(9.30, 98.20)]  # at sea
AMBULANCE = LatLon(8.6150, 98.2399)  # Khao Lak
HOSPITALS = [LatLon(7.8968, 98.3838), LatLon(8.4486, 98.5264), LatLon(8.118, 98.606)]
BAN_PHRU_NAI = LatLon(7.955, 98.590)


def test_shape_is_origins_by_destinations(network):
    origins = [*BOATS, AMBULANCE, BAN_PHRU_NAI]
    grid = network.matrix(origins, HOSPITALS)
    assert len(grid) == len(origins)
    assert all(len(row) == len(HOSPITALS) for row in grid)
    assert all(isinstance(v, float) and v > 0 for row in grid for v in row)


def test_matrix_agrees_with_plan(network):
    origins = [BOATS[0], AMBULANCE, BAN_PHRU_NAI]
    grid = network.matrix(origins, HOSPITALS)
    for i, o in enumerate(origins):
        for j, d in enumerate(HOSPITALS):
            assert grid[i][j] == pytest.approx(network.plan(o, d).eta_min, abs=0.02)


def test_unreachable_pairs_are_none(network):
    # By road alone, Koh Yao Yai cannot reach Phuket or Phang Nga.
    grid = network.matrix([BAN_PHRU_NAI, AMBULANCE], HOSPITALS[:2], mode="road")
    assert grid[0] == [None, None]
    assert all(v is not None for v in grid[1])


def test_sea_mode_matrix_matches_sea_routes(network):
    grid = network.matrix(BOATS[:2], [BOATS[2]], mode="sea", boat="rescue_boat")
    for i, o in enumerate(BOATS[:2]):
        assert grid[i][0] == pytest.approx(
            network.sea_route(o, BOATS[2], boat="rescue_boat").eta_min, abs=0.02
        )
