"""Pilot tests at 80×24: run a lab from a lesson and see the chart, cancel a run, survive a
lab that raises, and answer a predict question that the lab decides."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, OptionList, Static

from tutor.app import make_app
from tutor.app.widgets.lab_panel import LabPanel
from tutor.checking import display_order
from tutor.labs import LabRegistry

SIZE = (80, 24)

LAB_LESSON = """\
id: lab-lesson
title: Labs at work
objectives: [obj-a]
screens:
  - lab: count-up
    knobs: {n: 40}
  - lab: count-up
    knobs: {n: 3000, delay: 0.005}
  - lab: broken
  - check: q-predict-even
  - text: The end.
summary: |
  - Done.
"""

PREDICT = """
  - id: q-predict-even
    objective: obj-a
    kind: predict
    prompt: Will the count end on an even number?
    lab: count-up
    knobs: {n: 40}
    finding: even
    choices:
      - text: "Yes"
        when: true
        correct: true
        why: 40 is even.
      - text: "No"
        when: false
        why: 40 is not odd.
    explanation: The lab counted to 40.
"""


@pytest.fixture
def lab_course(course_dir: Path, with_fake_labs: LabRegistry) -> Path:
    (course_dir / "lessons/phase-1/03-labs.yaml").write_text(LAB_LESSON)
    bank = course_dir / "quizzes/bank.yaml"
    bank.write_text(bank.read_text() + PREDICT)
    return course_dir


async def wait_for(pilot, condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.02)


def panel_status(app) -> str:
    return str(app.screen.query_one(LabPanel).query_one(".lab-status", Static).render())


async def open_screen(pilot, app, index: int) -> None:
    app.open_lesson(app.learner.course.lessons["lab-lesson"], index)
    await pilot.pause()
    await pilot.pause()


async def test_run_a_lab_and_see_the_chart_and_findings(
    lab_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=lab_course)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app, 0)
        panel = app.screen.query_one(LabPanel)
        assert app.focused is panel
        await pilot.press("r")
        await wait_for(pilot, lambda: "Done" in panel_status(app))
        chart = str(panel.query_one(".lab-chart", Static).render())
        assert "Squares" in chart and "count" in chart
        assert "Counted up to: 40" in str(panel.query_one(".lab-findings", Static).render())
    runs = app.learner.store.lab_runs()
    assert [(r["lab_id"], r["status"], r["knobs"]["n"]) for r in runs] == [("count-up", "done", 40)]
    assert runs[0]["findings"] == {"reached": 40, "even": True}


async def test_a_bad_knob_value_names_the_knob(lab_course: Path, private_home: Path) -> None:
    app = make_app(home=private_home, content=lab_course)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app, 0)
        panel = app.screen.query_one(LabPanel)
        panel.query_one("#knob-n", Input).value = "lots"
        await pilot.press("r")
        await pilot.pause()
        assert panel_status(app) == "knob 'n' takes a whole number from 1 to 5000, not 'lots'"
        assert not panel.running


async def test_cancel_a_run_midway_takes_effect_quickly(
    lab_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=lab_course)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app, 1)
        panel = app.screen.query_one(LabPanel)
        await pilot.press("r")
        await wait_for(pilot, lambda: panel._report is not None and panel._report.version > 10)
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Cancelled" in panel_status(app), seconds=2.0)
        # the lab's thread stopped within 0.2 s of the key press
        assert 0 < panel.stopped_at - panel.cancel_requested_at < 0.2
        assert panel._report.version < 3000
        assert app.screen.lesson.id == "lab-lesson"  # Esc cancelled the run, not the lesson
    assert [r["status"] for r in app.learner.store.lab_runs()] == ["cancelled"]


async def test_a_lab_that_raises_shows_its_error_and_the_app_goes_on(
    lab_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=lab_course)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app, 2)
        await pilot.press("r")
        await wait_for(pilot, lambda: "failed" in panel_status(app))
        assert panel_status(app) == "The lab failed: RuntimeError: boom"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.index == 3 and app.is_running
    assert [r["status"] for r in app.learner.store.lab_runs()] == ["error"]


async def test_a_predict_question_is_decided_by_the_lab(
    lab_course: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=lab_course)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app, 3)
        assert isinstance(app.focused, OptionList)
        wrong_row = display_order("q-predict-even", 2).index(1)
        for _ in range(wrong_row):
            await pilot.press("down")
        await pilot.press("enter")
        feedback = app.screen.query_one("#feedback", Markdown)
        await wait_for(pilot, lambda: "Not quite" in feedback.source)
        assert "The lab found — Ended on an even number: yes." in feedback.source
        assert "What happened: Yes" in feedback.source
        await asyncio.sleep(0)
    (answer,) = app.learner.store.answers()
    assert answer.response == {"choice": 1, "observed": True}
    assert answer.outcome == "wrong" and answer.first_try


async def test_a_real_lab_decides_a_real_prediction(private_home: Path) -> None:
    """The shipped overfitting lesson: predict, then tree-depth (scikit-learn) runs and decides."""
    app = make_app(home=private_home)
    async with app.run_test(size=SIZE) as pilot:
        lesson = app.learner.course.lessons["overfitting"]
        index = next(i for i, s in enumerate(lesson.screens) if getattr(s, "predict", None))
        question = app.learner.course.questions[lesson.screens[index].predict]
        app.open_lesson(lesson, index)
        await pilot.pause()
        await pilot.pause()
        (claimed,) = [i for i, c in enumerate(question.choices) if c.correct]
        for _ in range(display_order(question.id, len(question.choices)).index(claimed)):
            await pilot.press("down")
        await pilot.press("enter")
        feedback = app.screen.query_one("#feedback", Markdown)
        await wait_for(pilot, lambda: "✓ Right" in feedback.source, seconds=30)
        await wait_for(pilot, lambda: app.screen.query("#free-lab"), seconds=5)
    runs = app.learner.store.lab_runs()
    assert runs[0]["lab_id"] == "tree-depth" and runs[0]["status"] == "done"
    assert runs[0]["findings"]["test_accuracy_peaks_before_max_depth"] is True
