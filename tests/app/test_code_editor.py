"""The code exercise editor at 80×24 (issue 10): edit, Ctrl+R runs in a worker (the UI
stays live), Esc stops a run, the solution is shown after a right answer or on request
after two tries, and every counted attempt is recorded."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Markdown, TextArea

from tutor.app.widgets.question import QuestionView
from tutor.checking import Verdict
from tutor.content.model import CodeCheck, CodeQuestion, Question

SIZE = (80, 24)

EXERCISE = CodeQuestion(
    id="x-sq",
    objective="o",
    kind="code",
    prompt="Make `total`, the sum of the squares of 0..n-1.",
    explanation="The sum is 285.",
    hints=("range(n) gives 0..n-1.",),
    title="Squares",
    setup="n = 10\n",
    starter="total = ...\n",
    solution="total = sum(i * i for i in range(n))\n",
    checks=(CodeCheck("total"),),
    seconds=20.0,
    memory_mb=512,
)


class EditorApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.recorded: list[tuple[object, str]] = []

    def compose(self) -> ComposeResult:
        yield QuestionView(EXERCISE, self._no_direct_answer, record=self._record)

    def _no_direct_answer(self, question: Question, response: object) -> Verdict:
        raise AssertionError("a code exercise is checked in a worker, not directly")

    def _record(self, question: Question, response: object, verdict: Verdict) -> None:
        self.recorded.append((response, verdict.outcome))


def feedback(app: App) -> str:
    return app.query_one("#feedback", Markdown).source


async def run_and_wait(pilot, app: EditorApp, count: int) -> None:
    await pilot.press("ctrl+r")
    for _ in range(200):
        await pilot.pause(0.05)
        if len(app.recorded) >= count:
            break
    await pilot.pause()


def set_code(app: App, code: str) -> None:
    editor = app.query_one("#answer", TextArea)
    editor.text = code


async def test_a_wrong_then_right_answer_in_the_editor() -> None:
    app = EditorApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.focused, TextArea)
        assert app.focused.language == "python"
        set_code(app, "total = sum(range(n))\n")
        await run_and_wait(pilot, app, 1)
        assert app.recorded == [("total = sum(range(n))\n", "wrong")]
        assert "`total` is 45, which is not the expected value." in feedback(app)
        assert "sum(i * i" not in feedback(app)  # never the solution unasked
        set_code(app, "total = 0\nfor i in range(n):\n    total += i ** 2\n")
        await run_and_wait(pilot, app, 2)
        assert app.recorded[-1][1] == "right"
        text = feedback(app)
        assert "✓ Right" in text and "beside yours" in text and "sum(i * i" in text


async def test_the_solution_on_request_only_after_two_tries() -> None:
    app = EditorApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(QuestionView)
        await pilot.press("enter")
        set_code(app, "total = 1\n")
        await run_and_wait(pilot, app, 1)
        assert not view.check_action("show_answer", ())
        await run_and_wait(pilot, app, 2)
        assert view.check_action("show_answer", ())
        assert "Ctrl+O to see the solution" in feedback(app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "sum(i * i" in feedback(app)


async def test_escape_stops_a_run_and_it_does_not_count() -> None:
    app = EditorApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(QuestionView)
        await pilot.press("enter")
        set_code(app, "while True:\n    pass\n")
        await pilot.press("ctrl+r")
        await pilot.pause(0.3)
        assert "Running your code" in feedback(app)
        assert view.check_action("cancel_run", ())
        await pilot.press("escape")
        for _ in range(100):
            await pilot.pause(0.05)
            if "stopped before it finished" in feedback(app):
                break
        assert "stopped before it finished" in feedback(app)
        assert app.recorded == []
        assert isinstance(app.focused, TextArea)  # Esc stopped the run, not the editing


async def test_with_code_running_off_the_task_and_solution_are_shown(monkeypatch) -> None:
    monkeypatch.setenv("MLTUTOR_NO_CODE", "1")
    app = EditorApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(QuestionView)
        text = feedback(app)
        assert "Running code is turned off on this machine (MLTUTOR_NO_CODE is set)" in text
        assert "sum(i * i" in text
        assert not view.check_action("run_code", ())
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.recorded == []
