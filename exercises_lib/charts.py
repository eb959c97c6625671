"""The progress page's charts as plain SVG in the course's own style: bars for sessions
per week, lines over real days for pain before and after.

Drawn here rather than by a plotting library so the page never shows a library's
warning, the axes always read in days, and nothing heavy is imported (the same drawing
serves a browser-only copy of the course). Each chart is an image with a title and a
text summary for screen readers; markers and line styles tell the series apart in grey.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

__all__ = ["Series", "bar_chart_svg", "day_chart_svg"]

_WIDTH, _HEIGHT = 640, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 36, 44
_INK, _GRID, _BAR = "#222222", "#d9d9d9", "#2d5f8a"
_FONT = 'font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif"'
_MOST_DAY_TICKS = 6


@dataclass(frozen=True)
class Series:
    """One line of a day chart: its name in the legend, its colour, dashed or not, and
    its marker ("circle" or "square")."""

    name: str
    values: Sequence[float]
    colour: str
    dashed: bool = False
    marker: str = "circle"


def _frame(title: str, summary: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_HEIGHT}" '
        f'width="100%" style="max-width:{_WIDTH}px" role="img" class="exl-chart" {_FONT}>'
        f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>"
        f'<text x="{_WIDTH / 2}" y="20" text-anchor="middle" font-size="15" '
        f'font-weight="600" fill="{_INK}">{escape(title)}</text>{body}</svg>'
    )


def _y_axis(top: float, label: str, ticks: Sequence[float]) -> str:
    """Grid lines and labels from 0 to ``top``, and the axis's name turned on its side."""
    plot = _HEIGHT - _TOP - _BOTTOM
    parts = []
    for tick in ticks:
        y = _TOP + plot * (1 - tick / top)
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{_GRID}"/><text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="{_INK}">{tick:g}</text>'
        )
    middle = _TOP + plot / 2
    parts.append(
        f'<text transform="translate(14 {middle:.1f}) rotate(-90)" text-anchor="middle" '
        f'font-size="12" fill="{_INK}">{escape(label)}</text>'
    )
    return "".join(parts)


def _x_label(x: float, text: str, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{_HEIGHT - _BOTTOM + 18}" text-anchor="{anchor}" '
        f'font-size="12" fill="{_INK}">{escape(text)}</text>'
    )


def bar_chart_svg(labels: Sequence[str], values: Sequence[int], title: str, y_label: str) -> str:
    """Whole-number bars, one per label, on a scale of whole numbers from 0."""
    top = max([1, *values])
    plot_w, plot_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM
    slot = min(plot_w / max(1, len(values)), 90)  # one week alone is a bar, not a wall
    bars = []
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = plot_h * value / top
        x = _LEFT + n * slot + slot * 0.2
        bars.append(
            f'<rect x="{x:.1f}" y="{_TOP + plot_h - height:.1f}" width="{slot * 0.6:.1f}" '
            f'height="{height:.1f}" fill="{_BAR}"/>' + _x_label(x + slot * 0.3, label)
        )
    step = max(1, -(-top // 5))  # at most about five grid lines, whole numbers only
    summary = "; ".join(f"{label}: {value}" for label, value in zip(labels, values, strict=True))
    body = _y_axis(top, y_label, range(0, top + 1, step)) + "".join(bars)
    return _frame(title, summary, body)


def _day_ticks(first: date, last: date) -> list[date]:
    """At most a handful of days to label, first and last included, evenly spread."""
    span = (last - first).days
    if span == 0:
        return [first]
    count = min(_MOST_DAY_TICKS, span + 1)
    return sorted(
        {date.fromordinal(first.toordinal() + round(span * i / (count - 1))) for i in range(count)}
    )


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'


def day_chart_svg(
    days: Sequence[date], series: Sequence[Series], title: str, y_label: str, top: float
) -> str:
    """Lines over real days (a gap of days keeps its width), on a scale from 0 to ``top``,
    with a legend; one day alone sits in the middle."""
    plot_w, plot_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM
    first, last = (days[0], days[-1]) if days else (date.today(), date.today())
    span = max(1, (last - first).days)

    def x_of(day: date) -> float:
        if first == last:
            return _LEFT + plot_w / 2
        return _LEFT + 12 + (plot_w - 24) * (day - first).days / span

    def y_of(value: float) -> float:
        return _TOP + plot_h * (1 - value / top)

    lines, legend = [], []
    for n, line in enumerate(series):
        points = [(x_of(d), y_of(v)) for d, v in zip(days, line.values, strict=True)]
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        lines.append(
            f'<polyline points="{path}" fill="none" stroke="{line.colour}" stroke-width="2"{dash}/>'
            + "".join(_marker(line.marker, x, y, line.colour) for x, y in points)
        )
        # the legend sits under the day labels, clear of any point
        lx, ly = _LEFT + n * 130, _HEIGHT - 8
        legend.append(
            f'<line x1="{lx}" x2="{lx + 24}" y1="{ly - 4}" y2="{ly - 4}" '
            f'stroke="{line.colour}" stroke-width="2"{dash}/>'
            + _marker(line.marker, lx + 12, ly - 4, line.colour)
            + f'<text x="{lx + 30}" y="{ly}" font-size="12" fill="{_INK}">'
            f"{escape(line.name)}</text>"
        )
    labelled = _day_ticks(first, last)
    # the first and last dates lean inwards, so neither runs off the chart's edge
    anchors = (
        ["start", *["middle"] * (len(labelled) - 2), "end"] if len(labelled) > 1 else ["middle"]
    )
    ticks = "".join(
        _x_label(x_of(day), day.isoformat(), anchor)
        for day, anchor in zip(labelled, anchors, strict=True)
    )
    summary = "; ".join(
        f"{day.isoformat()}: " + ", ".join(f"{line.name} {line.values[i]:g}" for line in series)
        for i, day in enumerate(days)
    )
    grid = _y_axis(top, y_label, [t for t in range(0, int(top) + 1, 2)])
    return _frame(title, summary, grid + ticks + "".join(lines) + "".join(legend))
