"""Bar charts as inline SVG, for a report that must open offline and print cleanly.

The district office reads these files on machines without a network, so a
chart is plain SVG markup written into the page: no script, no web font, no
library. Horizontal bars suit the data (site and skill names are long, and
Chinese) and need no rotated labels.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from html import escape

WIDTH = 680
LABEL_WIDTH = 170
RIGHT_MARGIN = 50
BAR_HEIGHT = 16
ROW_GAP = 8
LEGEND_HEIGHT = 24
AXIS_HEIGHT = 22
FONT = (
    "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC',"
    "'WenQuanYi Micro Hei',Arial,sans-serif"
)
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1")
"""Colours that stay apart in print and for the common colour-vision deficiencies."""


@dataclass(frozen=True)
class Series:
    """One set of bars: a name for the legend and a value per category."""

    name: str
    values: tuple[float, ...]
    color: str


def series_of(named: list[tuple[str, list[float]]]) -> list[Series]:
    """Series coloured from the palette in order."""
    return [
        Series(name, tuple(values), PALETTE[index % len(PALETTE)])
        for index, (name, values) in enumerate(named)
    ]


def text_width(text: str, size: float = 12) -> float:
    """Approximate drawn width: wide (Chinese) characters take twice the room."""
    units = sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1.1 for char in text)
    return units * size * 0.5


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick interval (1, 2 or 5 times a power of ten) covering `top`."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def number(value: float) -> str:
    """`3`, `2.5`: no trailing zeros."""
    return f"{value:g}"


def bar_chart(
    title: str, categories: list[str], series: list[Series], *, stacked: bool = False
) -> str:
    """Categories down the left, one bar per series (side by side, or stacked)."""
    rows = max(1, len(categories))
    per_row = BAR_HEIGHT if stacked else BAR_HEIGHT * max(1, len(series))
    height = LEGEND_HEIGHT + rows * (per_row + ROW_GAP) + AXIS_HEIGHT
    top = _top_value(categories, series, stacked=stacked)
    step = nice_step(top)
    scale_max = step * math.ceil(top / step) if top > 0 else step
    scale = (WIDTH - LABEL_WIDTH - RIGHT_MARGIN) / scale_max
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title>",
        *_legend(series),
        *_axis(scale_max, step, scale, height),
    ]
    for index, category in enumerate(categories):
        y = LEGEND_HEIGHT + index * (per_row + ROW_GAP)
        parts += _row(category, index, y, series, scale, stacked=stacked)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _top_value(categories: list[str], series: list[Series], *, stacked: bool) -> float:
    columns = [[s.values[i] for s in series] for i in range(len(categories))]
    if stacked:
        return max((sum(column) for column in columns), default=0.0)
    return max((max(column, default=0.0) for column in columns), default=0.0)


def _legend(series: list[Series]) -> list[str]:
    parts, x = [], float(LABEL_WIDTH)
    for item in series:
        parts.append(f'<rect x="{x:.1f}" y="4" width="12" height="12" fill="{item.color}"/>')
        parts.append(f'<text x="{x + 16:.1f}" y="14">{escape(item.name)}</text>')
        x += 28 + text_width(item.name)
    return parts


def _axis(scale_max: float, step: float, scale: float, height: int) -> list[str]:
    bottom = height - AXIS_HEIGHT
    parts = [
        f'<line x1="{LABEL_WIDTH}" y1="{LEGEND_HEIGHT - 4}" x2="{LABEL_WIDTH}" y2="{bottom}" '
        'stroke="#333"/>'
    ]
    ticks = round(scale_max / step)
    for tick in range(ticks + 1):
        value = tick * step
        x = LABEL_WIDTH + value * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{LEGEND_HEIGHT - 4}" x2="{x:.1f}" y2="{bottom}" '
            'stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 15}" text-anchor="middle" fill="#555">'
            f"{number(round(value, 6))}</text>"
        )
    return parts


def _row(
    category: str, index: int, y: float, series: list[Series], scale: float, *, stacked: bool
) -> list[str]:
    height = BAR_HEIGHT if stacked else BAR_HEIGHT * max(1, len(series))
    parts = [
        f'<text x="{LABEL_WIDTH - 6}" y="{y + height / 2 + 4:.1f}" text-anchor="end">'
        f"{escape(category)}</text>"
    ]
    x = float(LABEL_WIDTH)
    for position, item in enumerate(series):
        value = item.values[index]
        width = value * scale
        bar_y = y if stacked else y + position * BAR_HEIGHT
        bar_x = x if stacked else float(LABEL_WIDTH)
        label = f"{escape(item.name)}: {number(value)}"
        if value > 0:
            parts.append(
                f'<rect x="{bar_x:.1f}" y="{bar_y:.1f}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT - 2}" fill="{item.color}"><title>{label}</title></rect>'
            )
        if not stacked:
            parts.append(
                f'<text x="{bar_x + width + 4:.1f}" y="{bar_y + BAR_HEIGHT - 4:.1f}" '
                f'fill="#333">{number(value)}</text>'
            )
        x += width
    if stacked:
        total = sum(item.values[index] for item in series)
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + BAR_HEIGHT - 4:.1f}" fill="#333">{number(total)}</text>'
        )
    return parts
