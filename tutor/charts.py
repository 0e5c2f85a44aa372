"""Lab results → terminal charts (plotext), shared by the TUI, the CLI and the tests.

plotext keeps one global figure, so drawing is serialised with a lock; every call
builds a fresh figure from a snapshot of the result. plotext is pinned below 6.x,
whose module-level API differs; this module is the only place that knows it.
"""

from __future__ import annotations

import math
import re
import threading

from tutor.labs import ChartSpec, LabResult, Series, Table, describe_finding

MAX_POINTS = 2000
MIN_WIDTH = 40  # narrower than this, a chart's legend and ticks no longer fit
_LOCK = threading.Lock()
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# With colour every series has its own: 256-colour indices (true-colour terminals show
# them exactly) from the Okabe–Ito palette, told apart with colour blindness too, and
# readable on dark and light backgrounds. Without colour, series differ by marker.
PALETTE = (39, 208, 35, 170, 178, 167)  # sky blue, orange, green, purple, gold, red
PLAIN_MARKERS = ("•", "x", "+", "o", "*", "#")


def _thin(series: Series, budget: int) -> tuple[list[float], list[float]]:
    """Every n-th point, so a chart never holds more than `budget` points per series."""
    step = max(1, -(-len(series.x) // max(1, budget)))
    return series.x[::step], series.y[::step]


def integer_ticks(low: float, high: float, most: int) -> list[int]:
    """At most `most` whole-number ticks at a round step (1, 2, 5, 10, 20, …) over [low, high]."""
    first, last = math.ceil(low), math.floor(high)
    if last <= first:
        return [first]
    step = 1
    while True:
        for gap in (step, 2 * step, 5 * step):
            ticks = list(range(-(-first // gap) * gap, last + 1, gap))
            if len(ticks) <= max(2, most):
                return ticks or [first]
        step *= 10


def _style(n: int, color: bool) -> dict[str, object]:
    """plotext arguments that set series `n` apart: a colour, or (without colour) a marker."""
    if color:
        return {"color": PALETTE[n % len(PALETTE)]}
    return {"marker": PLAIN_MARKERS[n % len(PLAIN_MARKERS)]}


def render_chart(
    result: LabResult, chart: ChartSpec, width: int = 76, height: int = 18, color: bool = True
) -> str:
    """The chart as text: each series in its own colour, or (without `color`) its own marker."""
    import plotext as plt

    series = [s for s in result.series.values() if s.x]
    with _LOCK:
        plt.clear_figure()
        plt.limitsize(False, False)  # the caller knows the room it has (plotext's guess is 80×24)
        plt.plotsize(max(MIN_WIDTH, width), max(8, height))
        plt.theme("clear")  # no background colours; the series get theirs below
        plt.title(chart.title)
        if chart.x_label:
            plt.xlabel(chart.x_label)
        if chart.y_label:
            plt.ylabel(chart.y_label)
        y_low = y_high = None
        if not series:
            plt.plot([0], [0])
        elif chart.kind == "box":
            plt.box(
                [s.label for s in series],
                [s.y for s in series],
                colors=[PALETTE[0] if color else "default"] * 2,  # boxes, then whiskers
            )
            y_low, y_high = _span(series)  # the whiskers reach the extremes: keep them in view
        elif chart.kind == "bar":
            bars, lines = series[0], series[1:]
            plt.bar(
                [f"{x:g}" for x in bars.x],
                bars.y,
                label=bars.label,
                width=0.5,
                color=PALETTE[0] if color else "default",
            )
            for n, line in enumerate(lines, start=1):  # e.g. the mean drawn across the bars
                plt.plot(
                    list(range(1, len(line.x) + 1)), line.y, label=line.label, **_style(n, color)
                )
            # bars from zero would hide the differences between folds
            low, high = min(bars.y), max(bars.y)
            pad = max(0.01, (high - low) * 0.5)
            y_low, y_high = max(0.0, low - pad), high + pad / 2
        else:
            budget = MAX_POINTS // len(series)
            for n, s in enumerate(series):
                x, y = _thin(s, budget)
                style = _style(n, color)
                if s.label in chart.scatter:
                    plt.scatter(x, y, label=s.label, **{"marker": "•", **style})
                else:
                    plt.plot(x, y, label=s.label, **style)
            if chart.x_integer:
                low = min(min(s.x) for s in series)
                high = max(max(s.x) for s in series)
                ticks = integer_ticks(low, high, most=max(2, width // 8))
                plt.xticks(ticks, [str(t) for t in ticks])
        if chart.y_range is not None:
            y_low, y_high = chart.y_range
        elif chart.y_bounds is not None and series:
            if y_low is None or y_high is None:
                y_low, y_high = _span(series)
            y_low = max(chart.y_bounds[0], y_low)
            y_high = min(chart.y_bounds[1], y_high)
        if y_low is not None and y_high is not None and y_high > y_low:
            plt.ylim(y_low, y_high)
        text = plt.build()
    return text if color else _ANSI.sub("", text)


def _span(series: list[Series]) -> tuple[float, float]:
    return min(min(s.y) for s in series), max(max(s.y) for s in series)


def findings_text(result: LabResult) -> str:
    """Findings as `Label: value` lines (the labels from the lab's spec), then the notes."""
    lines = [describe_finding(result.lab, name, value) for name, value in result.findings.items()]
    lines += result.notes
    return "\n".join(lines)


MAX_DECIMALS = 4


def table_text(table: Table, indent: str = "  ") -> str:
    """A table as aligned text: numbers right-aligned with the same decimals down a column,
    text left-aligned, each header over its column."""
    columns = []
    for n, header in enumerate(table.columns):
        values = [row[n] if n < len(row) else "" for row in table.rows]
        numeric = values and all(_is_number(v) for v in values)
        if numeric:
            places = max(_decimals(v) for v in values)
            cells = [f"{v:.{places}f}" for v in values]
        else:
            cells = [str(v) for v in values]
        width = max([len(str(header))] + [len(c) for c in cells])
        align = str.rjust if numeric else str.ljust
        columns.append([align(str(header), width)] + [align(c, width) for c in cells])
    lines = [table.title]
    lines += [indent + "  ".join(cells).rstrip() for cells in zip(*columns, strict=True)]
    return "\n".join(lines)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _decimals(value: object) -> int:
    """How many decimals show `value` to 4 places without trailing zeros (0 for whole numbers)."""
    if not isinstance(value, float):
        return 0
    target = round(value, MAX_DECIMALS)
    return next(d for d in range(MAX_DECIMALS + 1) if round(value, d) == target)
