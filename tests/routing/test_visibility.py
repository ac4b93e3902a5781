"""The numpy angular sweep agrees with exact GEOS segment tests."""

import numpy as np
import shapely

from phangnga.geo.routing.visibility import tangent_mask

from .conftest import random_sea_points


def test_sweep_never_sees_through_land_and_rarely_misses(network):
    sea = network.sea
    missed = total = 0
    for lat, lon in random_sea_points(network, 40, seed=7):
        anchor = sea.anchor((lat, lon))
        cand = np.nonzero(tangent_mask(anchor.xy, sea.verts, sea.prev, sea.nxt))[0]
        lines = shapely.linestrings(
            np.stack([np.broadcast_to(anchor.xy, (len(cand), 2)), sea.verts[cand]], axis=1)
        )
        exact = set(cand[~shapely.intersects(sea.blocked, lines)].tolist())
        swept = set(anchor.vis.tolist())
        assert swept <= exact  # never a false "visible"
        missed += len(exact - swept)
        total += len(exact)
    # Only exact grazes (a ray through another corner) may be dropped.
    assert missed <= 0.005 * total
