"""Inline SVG line/area charts for the HTML report (no scripts, no external resources)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

XY = tuple[float, float]


@dataclass(frozen=True)
class Series:
    """One line of a chart: ``(unix seconds, value)`` points and its style."""

    name: str
    points: Sequence[XY]
    color: str = "#1f6feb"
    fill: bool = False
    dashed: bool = False
    markers: bool = False  # points as dots, no line (scatter series)


def downsample(points: Sequence[XY], max_points: int = 1500) -> list[XY]:
    """Reduce to about ``max_points`` keeping each bucket's minimum and maximum (shape-preserving)."""
    n = len(points)
    if n <= max_points:
        return list(points)
    buckets = max(1, max_points // 2)
    size = n / buckets
    out: list[XY] = []
    for b in range(buckets):
        chunk = points[int(b * size) : max(int((b + 1) * size), int(b * size) + 1)]
        lo = min(chunk, key=lambda p: p[1])
        hi = max(chunk, key=lambda p: p[1])
        out.extend(sorted({lo, hi}, key=lambda p: p[0]))
    if out[-1] != points[-1]:
        out.append(points[-1])
    return out


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering ``[lo, hi]`` (steps of 1, 2 or 5 times a power of ten)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi == lo:
        return [lo]
    raw = (hi - lo) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v <= hi + step * 1e-9:
        if v >= lo - step * 1e-9:
            ticks.append(round(v, 10))
        v += step
    return ticks


def format_tick(value: float) -> str:
    """Compact axis label: ``1.2M``, ``950k``, ``-4.5``."""
    a = abs(value)
    if a >= 1e9:
        return f"{value / 1e9:.4g}B"
    if a >= 1e6:
        return f"{value / 1e6:.4g}M"
    if a >= 1e4:
        return f"{value / 1e3:.4g}k"
    return f"{value:.4g}"


def _date_label(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%d")


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    width: int = 960,
    height: int = 260,
    unit: str = "",
) -> str:
    """An SVG chart of one or more series sharing the axes; an empty chart says "no data"."""
    left, right, top, bottom = 70, 15, 28, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}">',
        f'<text x="{left}" y="18" class="chart-title">{escape(title)}</text>',
    ]
    pts_all = [p for s in series for p in s.points if math.isfinite(p[1])]
    if not pts_all:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="muted">no data</text>'
        )
        parts.append("</svg>")
        return "".join(parts)
    x0 = min(p[0] for p in pts_all)
    x1 = max(p[0] for p in pts_all)
    y0 = min(p[1] for p in pts_all)
    y1 = max(p[1] for p in pts_all)
    if any(s.fill for s in series):
        y0, y1 = min(y0, 0.0), max(y1, 0.0)
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1
    if x1 == x0:
        x1 = x0 + 1

    def sx(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * plot_w

    def sy(y: float) -> float:
        return top + (y1 - y) / (y1 - y0) * plot_h

    for tick in nice_ticks(y0, y1):
        y = sy(tick)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">'
            f"{escape(format_tick(tick) + unit)}</text>"
        )
    for i in range(5):
        xs = x0 + (x1 - x0) * i / 4
        anchor = "start" if i == 0 else "end" if i == 4 else "middle"
        parts.append(
            f'<text x="{sx(xs):.1f}" y="{height - 8}" text-anchor="{anchor}" class="axis">'
            f"{_date_label(xs)}</text>"
        )
    for s in series:
        pts = downsample([p for p in s.points if math.isfinite(p[1])])
        if not pts:
            continue
        if s.markers:
            dots = "".join(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.5"/>' for x, y in pts)
            parts.append(f'<g fill="{s.color}"><title>{escape(s.name)}</title>{dots}</g>')
            continue
        coords = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        if s.fill:
            base = sy(0.0)
            parts.append(
                f'<polygon points="{sx(pts[0][0]):.1f},{base:.1f} {coords} {sx(pts[-1][0]):.1f},{base:.1f}" '
                f'fill="{s.color}" fill-opacity="0.25" stroke="none"/>'
            )
        dash = ' stroke-dasharray="5,4"' if s.dashed else ""
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{s.color}" stroke-width="1.5"{dash}>'
            f"<title>{escape(s.name)}</title></polyline>"
        )
    legend_x = left + plot_w
    for i, s in enumerate(reversed(series)):
        parts.append(
            f'<text x="{legend_x}" y="{18}" dx="{-i * 140}" text-anchor="end" class="legend" '
            f'fill="{s.color}">■ {escape(s.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
