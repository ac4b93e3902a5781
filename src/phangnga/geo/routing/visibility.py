"""Visibility among obstacle vertices, in numpy (metres, local projection).

Conventions: every boundary ring of the navigable-sea polygon is oriented with the
sea on its LEFT. A shortest path among polygonal obstacles bends only at obstacle
corners that poke into the sea ("convex" for the obstacle), and only where the path
is tangent to the obstacle there: both ring neighbours of the corner lie on the same
side of the path. Those two facts prune most vertex pairs before any geometry test.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

TWO_PI = 2.0 * np.pi


def cross2(ax, ay, bx, by):
    return ax * by - ay * bx


def tangent_mask(p: np.ndarray, verts: np.ndarray, prev: np.ndarray, nxt: np.ndarray) -> np.ndarray:
    """True where the line p->vertex is tangent to the obstacle at that vertex."""
    dx = verts[:, 0] - p[0]
    dy = verts[:, 1] - p[1]
    s_prev = cross2(dx, dy, prev[:, 0] - p[0], prev[:, 1] - p[1])
    s_next = cross2(dx, dy, nxt[:, 0] - p[0], nxt[:, 1] - p[1])
    return s_prev * s_next >= 0


def bitangent_pairs(
    verts: np.ndarray, prev: np.ndarray, nxt: np.ndarray, chunk: int = 256
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield (i, j) index arrays, i < j, of pairs tangent at both ends.

    Vectorised over j for a block of i at a time, so memory stays at chunk * n.
    """
    n = len(verts)
    for start in range(0, n - 1, chunk):
        i = np.arange(start, min(start + chunk, n - 1))
        j = np.arange(n)
        ii, jj = np.meshgrid(i, j, indexing="ij")
        keep = jj > ii
        ii, jj = ii[keep], jj[keep]
        ux, uy = verts[ii, 0], verts[ii, 1]
        dx, dy = verts[jj, 0] - ux, verts[jj, 1] - uy
        # Side of each neighbour relative to the directed line u -> v.
        a = cross2(dx, dy, prev[ii, 0] - ux, prev[ii, 1] - uy)
        b = cross2(dx, dy, nxt[ii, 0] - ux, nxt[ii, 1] - uy)
        c = cross2(dx, dy, prev[jj, 0] - ux, prev[jj, 1] - uy)
        d = cross2(dx, dy, nxt[jj, 0] - ux, nxt[jj, 1] - uy)
        ok = (a * b >= 0) & (c * d >= 0)
        yield ii[ok], jj[ok]


def visible_from(
    p: np.ndarray,
    cand: np.ndarray,
    verts: np.ndarray,
    e0: np.ndarray,
    e1: np.ndarray,
    eps_m: float = 0.05,
) -> np.ndarray:
    """The subset of candidate vertex ids whose segment from p crosses no boundary edge.

    An angular sweep in numpy instead of one geometry test per candidate: sort the
    candidates by bearing from p; each boundary edge facing p (p on its sea side; only
    those can be entered from the sea) blocks the candidates inside its angular span
    that lie beyond it. Work is proportional to the (edge, candidate) overlaps, which
    stay small because distant edges subtend tiny angles.
    """
    if len(cand) == 0:
        return cand
    px, py = p
    # Edges with p strictly on their sea (left) side.
    ex0, ey0 = e0[:, 0] - px, e0[:, 1] - py
    ex1, ey1 = e1[:, 0] - px, e1[:, 1] - py
    facing = cross2(ex0, ey0, ex1, ey1) > 0
    ex0, ey0, ex1, ey1 = ex0[facing], ey0[facing], ex1[facing], ey1[facing]
    # Seen from p a facing edge sweeps counter-clockwise from its start to its end.
    a0 = np.arctan2(ey0, ex0)
    width = np.mod(np.arctan2(ey1, ex1) - a0, TWO_PI)

    cx = verts[cand, 0] - px
    cy = verts[cand, 1] - py
    ang = np.arctan2(cy, cx)
    order = np.argsort(ang)
    ang_sorted = ang[order]
    ang2 = np.concatenate([ang_sorted, ang_sorted + TWO_PI])  # unrolls the wrap at +-pi
    lo = np.searchsorted(ang2, a0, side="left")
    hi = np.searchsorted(ang2, a0 + width, side="right")
    counts = hi - lo
    total = int(counts.sum())
    blocked = np.zeros(len(cand), dtype=bool)
    if total:
        edge = np.repeat(np.arange(len(a0)), counts)
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        k = order[(lo[edge] + offsets) % len(cand)]
        # Distance along the ray p -> candidate to the edge's supporting line.
        dxe = ex1[edge] - ex0[edge]
        dye = ey1[edge] - ey0[edge]
        rx, ry = cx[k], cy[k]
        denom = cross2(rx, ry, dxe, dye)
        num = cross2(ex0[edge], ey0[edge], dxe, dye)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = num / denom  # as a fraction of the ray length
        r = np.hypot(rx, ry)
        hit = (denom != 0) & (t * r < r - eps_m) & (t > 0)
        blocked[k[hit]] = True
    return cand[~blocked]
