"""Small server-side SVG line charts (pure: no Django, no JavaScript, no CDN)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html import escape

BANGKOK = timezone(timedelta(hours=7))


def line_chart(
    points: list[dict],
    *,
    width: int = 600,
    height: int = 180,
    unit: str = "",
    band: tuple[float, float] | None = None,
    title: str = "",
) -> str:
    """points: [{"t": datetime, "avg", "min", "max"}] -> an <svg> with a min-max envelope,
    the average line, an optional target band and hour/day labels in Bangkok time."""
    pad_l, pad_r, pad_t, pad_b = 44, 8, 10, 22
    label = escape(title)
    if not points:
        return (
            f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="muted">—</text></svg>'
        )
    t0, t1 = points[0]["t"].timestamp(), points[-1]["t"].timestamp()
    span_t = max(t1 - t0, 1.0)
    lo = min(p["min"] for p in points)
    hi = max(p["max"] for p in points)
    if band:
        lo, hi = min(lo, band[0]), max(hi, band[1])
    margin = (hi - lo) * 0.08 or 1.0
    lo, hi = lo - margin, hi + margin

    def x(t: float) -> float:
        return pad_l + (t - t0) / span_t * (width - pad_l - pad_r)

    def y(v: float) -> float:
        return pad_t + (hi - v) / (hi - lo) * (height - pad_t - pad_b)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
        f'preserveAspectRatio="none">'
    ]
    if band:
        parts.append(
            f'<rect class="band" x="{pad_l}" y="{y(band[1]):.1f}" width="{width - pad_l - pad_r}" '
            f'height="{y(band[0]) - y(band[1]):.1f}"/>'
        )
    for i in range(5):
        v = lo + (hi - lo) * i / 4
        parts.append(
            f'<line class="grid" x1="{pad_l}" x2="{width - pad_r}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
            f'<text class="axis" x="{pad_l - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.3g}</text>'
        )
    envelope = [f"{x(p['t'].timestamp()):.1f},{y(p['max']):.1f}" for p in points]
    envelope += [f"{x(p['t'].timestamp()):.1f},{y(p['min']):.1f}" for p in reversed(points)]
    parts.append(f'<polygon class="envelope" points="{" ".join(envelope)}"/>')
    line = " ".join(f"{x(p['t'].timestamp()):.1f},{y(p['avg']):.1f}" for p in points)
    parts.append(f'<polyline class="avg" points="{line}"/>')
    multi_day = span_t > 36 * 3600
    for i in range(5):
        t = t0 + span_t * i / 4
        local = datetime.fromtimestamp(t, tz=BANGKOK)
        text = local.strftime("%d/%m") if multi_day else local.strftime("%H:%M")
        anchor = "start" if i == 0 else ("end" if i == 4 else "middle")
        parts.append(
            f'<text class="axis" x="{x(t):.1f}" y="{height - 6}" text-anchor="{anchor}">{text}</text>'
        )
    if unit:
        parts.append(f'<text class="axis" x="4" y="{pad_t + 2}">{escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)
