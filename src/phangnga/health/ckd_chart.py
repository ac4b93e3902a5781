"""Server-side SVG of a patient's eGFR trajectory. Pure: no Django, no JavaScript.

KDIGO G-stage bands are drawn behind the points so a reader sees the stage at a
glance; the fitted decline (endpoint or least squares) is a dashed line.
"""

from __future__ import annotations

from datetime import date
from html import escape

BANDS = [(90, 130, "#e8f5e9", "G1"), (60, 90, "#f1f8e9", "G2"), (45, 60, "#fffde7", "G3a"),
         (30, 45, "#fff3e0", "G3b"), (15, 30, "#fbe9e7", "G4"), (0, 15, "#ffebee", "G5")]  # fmt: skip


def trajectory_svg(
    points: list[tuple[date, float]],
    fit: tuple[date, float, date, float] | None = None,
    width: int = 640,
    height: int = 260,
    title: str = "eGFR",
) -> str:
    """points: (date, eGFR); fit: (d0, y0, d1, y1) of the fitted line."""
    left, right, top, bottom = 40, 12, 12, 28
    w, h = width - left - right, height - top - bottom
    if not points:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
                f'aria-label="{escape(title)}"><text x="{width / 2}" y="{height / 2}" text-anchor="middle">'
                "no results</text></svg>")  # fmt: skip
    xs = [d.toordinal() for d, _ in points]
    x0, x1 = min(xs), max(xs)
    if x1 == x0:
        x0, x1 = x0 - 30, x1 + 30
    ymax = max(60.0, max(v for _, v in points) + 10)
    ymax = min(130.0, 10 * round(ymax / 10 + 0.5))

    def px(d: int) -> float:
        return left + (d - x0) / (x1 - x0) * w

    def py(v: float) -> float:
        return top + h - max(0.0, min(v, ymax)) / ymax * h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" font-family="sans-serif" font-size="11">',
             f"<title>{escape(title)}</title>"]  # fmt: skip
    for lo, hi, colour, label in BANDS:
        if lo >= ymax:
            continue
        y_hi, y_lo = py(min(hi, ymax)), py(lo)
        parts.append(
            f'<rect x="{left}" y="{y_hi:.1f}" width="{w}" height="{y_lo - y_hi:.1f}" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{left + w - 4}" y="{y_lo - 3:.1f}" text-anchor="end" fill="#777">{label}</text>'
        )
    for v in range(0, int(ymax) + 1, 15 if ymax <= 90 else 30):
        parts.append(f'<text x="{left - 4}" y="{py(v) + 4:.1f}" text-anchor="end" fill="#555">{v}</text>')
    years = range(date.fromordinal(x0).year, date.fromordinal(x1).year + 2)
    for yr in years:
        d = date(yr, 1, 1).toordinal()
        if x0 <= d <= x1:
            parts.append(f'<line x1="{px(d):.1f}" x2="{px(d):.1f}" y1="{top}" y2="{top + h}" stroke="#ccc"/>')
            parts.append(
                f'<text x="{px(d):.1f}" y="{height - 8}" text-anchor="middle" fill="#555">{yr}</text>'
            )
    if fit is not None:
        d0, y0, d1, y1 = fit
        parts.append(f'<line x1="{px(d0.toordinal()):.1f}" y1="{py(y0):.1f}" x2="{px(d1.toordinal()):.1f}" '
                     f'y2="{py(y1):.1f}" stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4"/>')  # fmt: skip
    path = " ".join(f"{'M' if i == 0 else 'L'}{px(d.toordinal()):.1f},{py(v):.1f}" for i, (d, v) in
                    enumerate(sorted(points)))  # fmt: skip
    parts.append(f'<path d="{path}" fill="none" stroke="#0b6e99" stroke-width="1.5"/>')
    for d, v in points:
        parts.append(f'<circle cx="{px(d.toordinal()):.1f}" cy="{py(v):.1f}" r="3.5" fill="#0b6e99">'
                     f"<title>{d.isoformat()}: {v:.1f}</title></circle>")  # fmt: skip
    parts.append(f'<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="none" stroke="#999"/></svg>')
    return "".join(parts)
