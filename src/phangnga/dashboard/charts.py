"""Small server-side SVG bar charts: one card's value across fiscal years, with the
seed's reported figure as a marker. Pure (no Django); no JavaScript, no CDN."""

from __future__ import annotations

from html import escape

W, H, PAD_L, PAD_B, PAD_T = 300, 120, 8, 18, 14


def _fmt(v: float) -> str:
    if abs(v) >= 1_000_000:
        return f"{v / 1_000_000:.2f}M"
    if abs(v) >= 10_000:
        return f"{v / 1000:.0f}k"
    return f"{v:,.1f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"


def bars(points: list[tuple[str, float | None, float | None]], title: str = "") -> str:
    """points: (label, computed value or None, reported value or None) per year."""
    values = [v for _, a, b in points for v in (a, b) if v is not None]
    top = max([0.0, *values])
    low = min([0.0, *values])
    span = (top - low) or 1.0
    n = max(len(points), 1)
    slot = (W - PAD_L) / n
    plot_h = H - PAD_B - PAD_T

    def y(v: float) -> float:
        return PAD_T + (top - v) / span * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="chart" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{PAD_L}" y1="{y(0):.1f}" x2="{W}" y2="{y(0):.1f}" stroke="#9aa8b1" stroke-width="1"/>',
    ]
    for i, (label, value, reported) in enumerate(points):
        x = PAD_L + i * slot
        bw = slot * 0.55
        if value is not None:
            y0, y1 = sorted((y(0), y(value)))
            parts.append(
                f'<rect x="{x + slot * 0.2:.1f}" y="{y0:.1f}" width="{bw:.1f}" height="{max(y1 - y0, 1):.1f}" '
                f'fill="#0b6e99" data-fy="{escape(label)}" data-value="{value}"><title>{escape(label)}: '
                f"{_fmt(value)}</title></rect>"
            )
            parts.append(
                f'<text x="{x + slot * 0.2 + bw / 2:.1f}" y="{min(y(value), y(0)) - 2:.1f}" font-size="9" '
                f'text-anchor="middle" fill="#1d2a33">{_fmt(value)}</text>'
            )
        else:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{y(0) - 3:.1f}" font-size="9" text-anchor="middle" '
                f'fill="#9aa8b1">–</text>'
            )
        if reported is not None:
            parts.append(
                f'<line x1="{x + slot * 0.1:.1f}" x2="{x + slot * 0.9:.1f}" y1="{y(reported):.1f}" '
                f'y2="{y(reported):.1f}" stroke="#b26a00" stroke-width="2" stroke-dasharray="3 2" '
                f'data-reported="{reported}"><title>{escape(label)} reported: {_fmt(reported)}</title></line>'
            )
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{H - 4}" font-size="9" text-anchor="middle" '
            f'fill="#5b6b75">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
