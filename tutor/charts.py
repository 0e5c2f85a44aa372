"""Lab results → terminal charts (plotext), shared by the TUI, the CLI and the tests.

plotext keeps one global figure, so drawing is serialised with a lock; every call
builds a fresh figure from a snapshot of the result. plotext is pinned below 6.x,
whose module-level API differs; this module is the only place that knows it.
"""

from __future__ import annotations

import re
import threading

from tutor.labs import ChartSpec, LabResult, Series

MAX_POINTS = 2000
_LOCK = threading.Lock()
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PLAIN_MARKERS = ("•", "x", "+", "o", "*", "#")  # without colour, series differ by marker


def _thin(series: Series, budget: int) -> tuple[list[float], list[float]]:
    """Every n-th point, so a chart never holds more than `budget` points per series."""
    step = max(1, -(-len(series.x) // max(1, budget)))
    return series.x[::step], series.y[::step]


def render_chart(
    result: LabResult, chart: ChartSpec, width: int = 76, height: int = 18, color: bool = True
) -> str:
    """The chart as text (with ANSI colours unless `color` is false)."""
    import plotext as plt

    series = [s for s in result.series.values() if s.x]
    with _LOCK:
        plt.clear_figure()
        plt.plotsize(max(20, width), max(8, height))
        plt.theme("clear")
        plt.title(chart.title)
        if chart.x_label:
            plt.xlabel(chart.x_label)
        if chart.y_label:
            plt.ylabel(chart.y_label)
        if not series:
            plt.plot([0], [0])
        elif chart.kind == "box":
            plt.box([s.label for s in series], [s.y for s in series])
        elif chart.kind == "bar":
            bars, lines = series[0], series[1:]
            plt.bar([f"{x:g}" for x in bars.x], bars.y, label=bars.label, width=0.5)
            for n, line in enumerate(lines):  # e.g. the mean drawn across the bars
                marker = None if color else _PLAIN_MARKERS[(n + 1) % len(_PLAIN_MARKERS)]
                plt.plot(list(range(1, len(line.x) + 1)), line.y, label=line.label, marker=marker)
            if chart.y_range is None:  # bars from zero would hide the differences between folds
                low, high = min(bars.y), max(bars.y)
                pad = max(0.01, (high - low) * 0.5)
                plt.ylim(max(0.0, low - pad), high + pad / 2)
        else:
            budget = MAX_POINTS // len(series)
            for n, s in enumerate(series):
                x, y = _thin(s, budget)
                marker = None if color else _PLAIN_MARKERS[n % len(_PLAIN_MARKERS)]
                if s.label in chart.scatter:
                    plt.scatter(x, y, label=s.label, marker=marker or "•")
                else:
                    plt.plot(x, y, label=s.label, marker=marker)
        if chart.y_range is not None:
            plt.ylim(*chart.y_range)
        text = plt.build()
    return text if color else _ANSI.sub("", text)


def findings_text(result: LabResult) -> str:
    """Findings and notes as plain lines: `name: value`."""
    lines = [f"{name}: {_show(value)}" for name, value in result.findings.items()]
    lines += result.notes
    return "\n".join(lines)


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
