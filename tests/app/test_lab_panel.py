"""The lab panel as a learner meets it at 80×24: a colour (or a marker) per series, a chart that
follows the terminal's width, and knobs that explain themselves, run on Enter, let go on Esc
and keep their values when the learner comes back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import textual.constants
from textual.geometry import Region
from textual.widgets import Footer, Input, Static

from tutor.app import make_app
from tutor.app.widgets.lab_panel import LabPanel
from tutor.charts import PALETTE, PLAIN_MARKERS
from tutor.labs import ChartSpec, Knob, LabRegistry, LabSpec, seed_knob

SIZE = (80, 24)


def _two_lines(knobs: dict, report) -> None:
    for i in range(1, knobs["n"] + 1):
        time.sleep(knobs["delay"])
        report.point("rule", i, 0.8)
        report.point("learned", i, 0.6 + 0.3 * i / knobs["n"])
    report.finding("learned_wins", True)


TWO_LINES = LabSpec(
    "two-lines",
    "Two lines",
    1,
    "A flat rule and a learned curve.",
    (
        Knob("n", int, 12, "how many training sizes to try", 2, 5000),
        Knob("delay", float, 0.0, "seconds to wait before each point", 0, 1),
        seed_knob(),
    ),
    ChartSpec("line", "Rule vs learned", "examples", "accuracy", x_integer=True),
    run=_two_lines,
    findings={"learned_wins": "The learned model wins"},
    uses=(),
)

LESSON = """\
id: panel-lesson
title: A lab panel
objectives: [obj-a]
screens:
  - lab: two-lines
    knobs: {n: 12}
  - text: After the lab.
  - text: Still after the lab.
  - lab: count-up
    knobs: {n: 5}
  - text: The end.
summary: |
  - Done.
"""


@pytest.fixture
def panel_course(course_dir: Path, with_fake_labs: LabRegistry) -> Path:
    with_fake_labs.add(TWO_LINES)
    (course_dir / "lessons/phase-1/03-panel.yaml").write_text(LESSON)
    return course_dir


async def wait_for(pilot, condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.02)


async def open_lab(pilot, app) -> LabPanel:
    app.open_lesson(app.learner.course.lessons["panel-lesson"], 0)
    await pilot.pause()
    await pilot.pause()
    return app.screen.query_one(LabPanel)


def status(panel: LabPanel) -> str:
    return str(panel.query_one(".lab-status", Static).render())


async def run_to_the_end(pilot, panel: LabPanel) -> None:
    panel.focus()
    await pilot.press("r")
    await wait_for(pilot, lambda: "Done" in status(panel))
    await pilot.pause()


def shown_lines(widget) -> list[list]:
    """The segments of each line the widget draws on screen."""
    strips = widget.render_lines(Region(0, 0, *widget.outer_size))
    return [list(strip) for strip in strips]


def shown_text(widget) -> list[str]:
    return ["".join(seg.text for seg in line).rstrip() for line in shown_lines(widget)]


# -- colour ---------------------------------------------------------------------------------


async def test_in_a_256_colour_terminal_each_series_has_its_own_colour(
    panel_course: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "256")
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(home=private_home, content=panel_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_lab(pilot, app)
        await run_to_the_end(pilot, panel)
        chart = panel.query_one(".lab-chart", Static)
        colours: dict[str, set] = {"rule": set(), "learned": set()}
        for line in shown_lines(chart):  # the legend: a coloured ▞▞, then the series' name
            for marker, name in zip(line, line[1:], strict=False):
                label = name.text.strip()
                if marker.text.strip() == "▞▞" and label in colours and marker.style.color:
                    colours[label].add(marker.style.color.triplet)
        drawn = {
            seg.style.color.triplet
            for line in shown_lines(chart)
            for seg in line
            if seg.style and seg.style.color and set(seg.text.strip()) & set("▗▖▘▝▚▞▄▀▌▐")
        }
        assert colours["rule"] | colours["learned"] <= drawn
    assert len(PALETTE) >= 2


@pytest.mark.parametrize("setting", ["no-color", "16 colours"])
async def test_without_enough_colours_each_series_has_its_own_marker(
    panel_course: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    if setting == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "standard")
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(home=private_home, content=panel_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_lab(pilot, app)
        await run_to_the_end(pilot, panel)
        text = "\n".join(shown_text(panel.query_one(".lab-chart", Static)))
        first, second = PLAIN_MARKERS[:2]
        assert f"{first}{first} rule" in text and f"{second}{second} learned" in text


# -- resizing -------------------------------------------------------------------------------


async def test_the_chart_is_redrawn_to_the_new_width_and_never_wraps(
    panel_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=panel_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_lab(pilot, app)
        await run_to_the_end(pilot, panel)
        chart = panel.query_one(".lab-chart", Static)
        for width in (60, 120, 80):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            await pilot.pause()
            lines = shown_text(chart)
            frame = [line for line in lines if "┌" in line]
            assert len(frame) == 1  # one chart, not wrapped into pieces
            assert sum(1 for line in lines if "└" in line) == 1
            assert frame[0].endswith("┐")  # drawn whole, nothing cut off on the right
            assert panel.content_size.width - 8 <= len(frame[0]) <= panel.content_size.width


async def test_a_chart_that_cannot_fit_says_how_wide_the_terminal_must_be(
    panel_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=panel_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_lab(pilot, app)
        await run_to_the_end(pilot, panel)
        await pilot.resize_terminal(36, 24)
        await pilot.pause()
        await pilot.pause()
        text = " ".join(shown_text(panel.query_one(".lab-chart", Static)))
        assert "┌" not in text
        assert "Widen the terminal to see the chart (needs " in " ".join(text.split())
        needed = int(text.split("(needs ")[1].split()[0])
        await pilot.resize_terminal(needed, 24)
        await pilot.pause()
        await pilot.pause()
        assert "┌" in " ".join(shown_text(panel.query_one(".lab-chart", Static)))


# -- knobs ----------------------------------------------------------------------------------


async def test_enter_in_a_knob_runs_the_lab(panel_course: Path, private_home: Path) -> None:
    app = make_app(home=private_home, content=panel_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_lab(pilot, app)
        knob = panel.query_one("#knob-n", Input)
        knob.focus()
        await pilot.pause()
        knob.value = "7"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Done" in status(panel))
        assert app.screen.index == 0  # Enter ran the lab; it did not turn the page
        assert panel.values["n"] == 7


async def test_typing_r_in_a_knob_types_it_and_the_footer_still_shows_how_to_run(
    panel_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=panel_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_lab(pilot, app)
        knob = panel.query_one("#knob-n", Input)
        knob.focus()
        await pilot.pause()
        knob.value = ""
        await pilot.press("r")
        assert knob.value == "r" and not panel.running
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = {
            (key.key, key.description)
            for key in footer.query("FooterKey")
            if key.action == "run"  # type: ignore[attr-defined]
        }
        assert keys == {("ctrl+r", "Run lab")}
        knob.value = "5"
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "Done" in status(panel))
        assert panel.values["n"] == 5


async def test_esc_in_a_knob_cancels_a_run_first_then_leaves_the_knob_then_the_lesson(
    panel_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=panel_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_lab(pilot, app)
        panel.query_one("#knob-n", Input).value = "3000"
        panel.query_one("#knob-delay", Input).value = "0.005"
        knob = panel.query_one("#knob-n", Input)
        knob.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: panel._report is not None and panel._report.version > 5)
        assert app.focused is knob
        await pilot.press("escape")  # 1: cancels the run
        await wait_for(pilot, lambda: "Cancelled" in status(panel))
        assert app.screen.lesson.id == "panel-lesson" and app.focused is knob
        await pilot.press("escape")  # 2: leaves the knob for the panel
        await pilot.pause()
        assert app.screen.lesson.id == "panel-lesson" and app.focused is panel
        await pilot.press("escape")  # 3: leaves the lesson
        await pilot.pause()
        assert not hasattr(app.screen, "lesson")


async def test_knob_values_are_kept_when_the_learner_comes_back(
    panel_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=panel_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_lab(pilot, app)
        knob = panel.query_one("#knob-n", Input)
        knob.focus()
        await pilot.pause()
        knob.value = ""
        await pilot.press("2", "5")
        await pilot.press("escape", "right")  # leave the knob, go on to the next screen
        await pilot.pause()
        assert app.screen.index == 1
        await pilot.press("left")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#knob-n", Input).value == "25"
        await pilot.press("escape")  # back to the roadmap, then into the lesson again
        await pilot.pause()
        panel = await open_lab(pilot, app)
        assert panel.query_one("#knob-n", Input).value == "25"
        assert panel.query_one("#knob-delay", Input).value == "0.0"


async def test_each_knob_shows_its_meaning_within_80_columns(
    panel_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=panel_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_lab(pilot, app)
        helps = list(panel.query(".knob-help"))
        assert len(helps) == len(TWO_LINES.knobs)
        for knob, widget in zip(TWO_LINES.knobs.values(), helps, strict=True):
            shown = " ".join(" ".join(shown_text(widget)).split())
            assert knob.help in shown and knob.describe() in shown
            assert widget.region.right <= panel.region.right


async def test_a_chart_that_is_still_filling_in_follows_a_resize(
    panel_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=panel_course)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_lab(pilot, app)
        panel.query_one("#knob-n", Input).value = "4"
        panel.query_one("#knob-delay", Input).value = "1"  # a point a second: slow training
        panel.focus()
        await pilot.press("r")
        chart = panel.query_one(".lab-chart", Static)
        await wait_for(pilot, lambda: panel._drawn_version >= 2)  # the first point is drawn
        await pilot.resize_terminal(60, 24)
        # redrawn well before the next point arrives
        await wait_for(
            pilot,
            lambda: any(
                "┐" in line and len(line) <= panel.content_size.width for line in shown_text(chart)
            ),
            seconds=0.6,
        )
        assert panel.running
        await pilot.press("escape")
        await wait_for(pilot, lambda: not panel.running)
