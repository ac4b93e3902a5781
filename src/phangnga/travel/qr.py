"""QR codes for signs (segno)."""

from __future__ import annotations

import io

import segno

# Level M survives ~15% damage: signs at the beach fade and get scratched.
ERROR_LEVEL = "m"


def make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def png(url: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    make(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def svg(url: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    make(url).save(out, kind="svg", scale=scale, border=4, xmldecl=True, svgns=True)
    return out.getvalue()


def modules(url: str) -> list[list[bool]]:
    """The dark/light matrix without border, for drawing the code ourselves (PDF, sign SVG)."""
    return [[bool(v) for v in row] for row in make(url).matrix]
