"""Bar charts as inline SVG, laid out at build time: no script, readable offline, text kept as text.

A chart compares figures of one unit only (a banner and a leaflet are not commensurable): each
statistics group charts the unit most of its figures share, with the full table beside it, and
each indicator reported by several units gets a comparison chart. Layout is plain arithmetic
here; the markup lives in templates/chart.svg.j2 (rendered by kb.publish.render.chart_svg).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kb.core.stats import GroupTotals, IndicatorTotal

WIDTH = 640
ROW = 30          # height of one bar row
BAR = 18          # bar thickness
TOP = 12
AXIS = 28         # room for tick labels under the bars
CHAR = 13         # width of one Han character at the chart's font size
VALUE_ROOM = 86   # room right of the longest bar for its value label


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    approx: bool


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    unit: str
    bars: tuple[Bar, ...]


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A 1-2-5 step that divides 0..maximum into about `ticks` intervals."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _label_width(text: str) -> int:
    return sum(CHAR if ord(ch) > 0x2E7F else CHAR // 2 + 1 for ch in text)


def layout(chart: Chart) -> dict:
    """Geometry of every bar and tick, in SVG user units."""
    label_room = min(max(_label_width(b.label) for b in chart.bars) + 12, 260)
    plot = WIDTH - label_room - VALUE_ROOM
    step = nice_step(max(b.value for b in chart.bars))
    top_tick = step * math.ceil(max(b.value for b in chart.bars) / step)
    scale = plot / top_tick
    bars = []
    for i, bar in enumerate(chart.bars):
        y = TOP + i * ROW
        width = max(bar.value * scale, 1.5)
        bars.append({"bar": bar, "x": label_room, "y": y, "width": round(width, 2), "height": BAR,
                     "text_y": y + BAR / 2 + 4.5, "value_x": round(label_room + width + 6, 2)})
    plot_bottom = TOP + len(chart.bars) * ROW
    ticks = []
    for k in range(round(top_tick / step) + 1):
        value = k * step
        ticks.append({"x": round(label_room + value * scale, 2), "label": f"{value:,.0f}" if value >= 1 else f"{value:g}"})
    return {"chart": chart, "bars": bars, "ticks": ticks, "label_x": label_room - 8, "plot_top": TOP - 4,
            "plot_bottom": plot_bottom, "width": WIDTH, "height": plot_bottom + AXIS}


def _bar(label: str, total_or_figure) -> Bar:
    s = total_or_figure
    return Bar(label, s.value, s.display, s.approx)


def group_chart(group: GroupTotals) -> Chart:
    """The group's figures in the unit most of them share (ties: the larger sum), largest first."""
    by_unit: dict[str, list[Bar]] = {}
    for total in group.totals:
        for figure in total.figures:
            label = total.indicator.name if len(total.figures) == 1 else f"{total.indicator.name}（{figure.report.unit}）"
            by_unit.setdefault(total.indicator.unit, []).append(_bar(label, figure.statistic))
    unit, bars = max(by_unit.items(), key=lambda item: (len(item[1]), sum(b.value for b in item[1])))
    bars.sort(key=lambda b: -b.value)
    return Chart(
        id=f"chart-{group.group.code}",
        title=f"{group.group.name}：以“{unit}”计的数字",
        description="；".join(f"{b.label} {b.display} {unit}" for b in bars) + "。带“+”的为约数。",
        unit=unit, bars=tuple(bars),
    )


def comparison_chart(total: IndicatorTotal) -> Chart:
    """One indicator side by side across the units that reported it."""
    bars = tuple(sorted((_bar(f.report.unit, f.statistic) for f in total.figures), key=lambda b: -b.value))
    unit = total.indicator.unit
    return Chart(
        id=f"chart-compare-{total.indicator.code}",
        title=f"{total.indicator.name}：各单位比较（{unit}）",
        description="；".join(f"{b.label} {b.display} {unit}" for b in bars)
        + (f"。合计 {total.total_display} {unit}。" if total.indicator.summable else "。各单位统计的内容不同，不合计。"),
        unit=unit, bars=bars,
    )
