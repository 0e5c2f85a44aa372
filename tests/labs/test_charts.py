"""Lab charts and texts as a learner reads them: a colour or a marker per series, whole-number
ticks for counts, accuracy axes that stop at 1, both axis labels, findings by their labels,
and tables whose columns line up."""

from __future__ import annotations

import re
from functools import cache

import pytest

from tutor.charts import PALETTE, PLAIN_MARKERS, findings_text, render_chart, table_text
from tutor.labs import (
    ChartSpec,
    Knob,
    LabRegistry,
    LabResult,
    LabSpec,
    Report,
    Series,
    Table,
    UndescribedFinding,
    load_all,
    run_lab,
    seed_knob,
)

LAB_IDS = sorted(load_all())
COLOUR = re.compile(r"\x1b\[38;5;(\d+)m")
LINES = ChartSpec("line", "Two curves", "max depth", "accuracy", x_integer=True)


@cache
def default_run(lab_id: str) -> LabResult:
    return run_lab(lab_id)


def two_curves() -> LabResult:
    result = LabResult("none", {})
    depths = [float(d) for d in range(1, 13)]
    result.series["train"] = Series("train", depths, [min(1.0, 0.6 + d / 20) for d in depths])
    result.series["test"] = Series("test", depths, [0.7 + (d % 4) / 50 for d in depths])
    return result


def plot_rows(chart: str) -> list[str]:
    """The rows inside the frame, top first, without the tick labels."""
    rows = [line.split("┤", 1)[-1] if "┤" in line else line for line in chart.splitlines()]
    return [row.split("│", 1)[-1] for row in rows if row.rstrip().endswith("│")]


def x_tick_labels(chart: str) -> list[str]:
    lines = chart.splitlines()
    (bottom,) = [n for n, line in enumerate(lines) if "└" in line]
    return lines[bottom + 1].split()


def y_tick_values(chart: str) -> list[float]:
    return [float(line.split("┤")[0]) for line in chart.splitlines() if "┤" in line]


def test_in_colour_each_series_has_its_own_colour_and_the_legend_matches() -> None:
    chart = render_chart(two_curves(), LINES, width=70, height=16, color=True)
    codes = set(COLOUR.findall(chart))
    assert codes == {str(PALETTE[0]), str(PALETTE[1])}
    (train_legend,) = [line for line in chart.splitlines() if " train" in line]
    (test_legend,) = [line for line in chart.splitlines() if " test" in line]
    assert f"\x1b[38;5;{PALETTE[0]}m" in train_legend.split(" train")[0]
    assert f"\x1b[38;5;{PALETTE[1]}m" in test_legend.split(" test")[0]


def test_without_colour_each_series_has_its_own_marker_and_the_legend_matches() -> None:
    chart = render_chart(two_curves(), LINES, width=70, height=16, color=False)
    assert "\x1b" not in chart
    first, second = PLAIN_MARKERS[:2]
    assert f"{first}{first} train" in chart and f"{second}{second} test" in chart
    drawn = "".join(row for row in plot_rows(chart) if "train" not in row and "test" not in row)
    assert first in drawn and second in drawn


def test_a_count_axis_gets_whole_number_ticks() -> None:
    chart = render_chart(two_curves(), LINES, width=70, height=16, color=False)
    labels = x_tick_labels(chart)
    assert labels and all(re.fullmatch(r"\d+", label) for label in labels), labels
    assert len(labels) >= 4  # depths 1–12: enough ticks to read a depth off


@pytest.mark.parametrize(
    ("low", "high", "most", "ticks"),
    [(1, 12, 8, [2, 4, 6, 8, 10, 12]), (10, 400, 6, [100, 200, 300, 400]), (3, 3, 5, [3])],
)
def test_integer_ticks_use_a_round_step(low: int, high: int, most: int, ticks: list[int]) -> None:
    from tutor.charts import integer_ticks

    assert integer_ticks(low, high, most) == ticks


def test_an_accuracy_bar_chart_stops_at_1() -> None:
    result = LabResult("none", {})
    result.series["fold scores"] = Series("fold scores", [1, 2, 3], [0.95, 1.0, 0.97])
    chart = ChartSpec("bar", "Folds", "fold", "accuracy", y_bounds=(0.0, 1.0))
    ticks = y_tick_values(render_chart(result, chart, width=60, height=14, color=False))
    assert max(ticks) == 1.0


def test_a_box_plot_whisker_at_1_stays_in_view() -> None:
    result = LabResult("none", {})
    result.series["10%"] = Series("10%", [0.0] * 5, [0.93, 0.96, 0.97, 0.98, 1.0])
    chart = ChartSpec("box", "Splits", "test size", "accuracy", y_bounds=(0.0, 1.0))
    text = render_chart(result, chart, width=60, height=14, color=False)
    assert max(y_tick_values(text)) == 1.0
    assert "│" in plot_rows(text)[0]  # the whisker reaches the top row


@pytest.mark.parametrize("lab_id", LAB_IDS)
@pytest.mark.parametrize("width", [72, 54])  # the lab panel at 80 and at 60 columns
def test_every_lab_chart_shows_both_axis_labels_and_sane_axes(lab_id: str, width: int) -> None:
    spec = load_all()[lab_id]
    assert spec.chart.x_label and spec.chart.y_label
    chart = render_chart(default_run(lab_id), spec.chart, width=width, height=14, color=False)
    last = chart.splitlines()[-1]
    assert spec.chart.x_label in last and spec.chart.y_label in last
    assert last.index(spec.chart.y_label) + len(spec.chart.y_label) < last.index(spec.chart.x_label)
    if spec.chart.x_integer:
        assert all(re.fullmatch(r"\d+", tick) for tick in x_tick_labels(chart))
    if "accuracy" in spec.chart.y_label:
        assert max(y_tick_values(chart)) <= 1.0


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_every_finding_a_lab_reports_has_a_label(lab_id: str) -> None:
    spec = load_all()[lab_id]
    result = default_run(lab_id)
    text = findings_text(result)
    for name in result.findings:
        label = spec.findings[name]
        assert label[0].isupper() and not label.endswith(".")
        assert f"{label}: " in text
        assert name not in text


def test_tree_depth_findings_read_as_labels_with_values() -> None:
    text = findings_text(default_run("tree-depth"))
    assert "Test accuracy peaks before the deepest tree: yes" in text
    assert "Depth with the best test accuracy: 4" in text
    assert "Best test accuracy: 0.789" in text
    assert "test_accuracy_peaks_before_max_depth" not in text


def _lab(findings: dict[str, str], reports: str = "found") -> LabSpec:
    def run(knobs: dict, report: Report) -> None:
        report.point("x", 1, 1)
        report.finding(reports, True)

    return LabSpec(
        "labelled-or-not",
        "Test lab",
        1,
        "For the registry.",
        (Knob("n", int, 1, "a number", 1, 2), seed_knob()),
        ChartSpec("line", "t", "x", "y"),
        run=run,
        findings=findings,
        uses=(),
    )


@pytest.mark.parametrize(
    "findings",
    [
        {"found": ""},
        {"found": "whether the lab found it, which it reports as a long sentence of explanation."},
        {"found": "Found it."},
    ],
)
def test_registration_refuses_a_finding_without_a_short_label(
    findings: dict[str, str], lab_registry: LabRegistry
) -> None:
    with pytest.raises(ValueError, match="findings need a short label"):
        lab_registry.add(_lab(findings))
    assert "labelled-or-not" not in load_all()


def test_a_lab_that_reports_an_undescribed_finding_fails_loudly(
    lab_registry: LabRegistry,
) -> None:
    spec = lab_registry.add(_lab({"found": "Found it"}, reports="something_else"))
    with pytest.raises(UndescribedFinding, match="something_else"):
        run_lab(spec.id)


def test_tables_align_headers_and_give_a_column_the_same_decimals() -> None:
    table = Table(
        "Accuracy per depth",
        ["depth", "model", "train", "test MSE"],
        [[1, "tree", 0.6095, 15.11], [12, "naive-bayes", 1.0, 0.0001]],
    )
    assert table_text(table).splitlines() == [
        "Accuracy per depth",
        "  depth  model         train  test MSE",
        "      1  tree         0.6095   15.1100",
        "     12  naive-bayes  1.0000    0.0001",
    ]


def test_a_chart_takes_the_width_it_is_given_beyond_80_columns() -> None:
    chart = render_chart(two_curves(), LINES, width=150, height=16, color=False)
    assert max(len(line) for line in chart.splitlines()) == 150
