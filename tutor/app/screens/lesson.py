"""A lesson, a screen at a time: Markdown text, quick checks, and a closing summary."""

from __future__ import annotations

import importlib.util
import time

from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Markdown, ProgressBar, Static, TextArea

from tutor.app.app import TutorApp
from tutor.app.widgets.footer import TutorFooter
from tutor.app.widgets.lab_panel import LabPanel
from tutor.app.widgets.question import QuestionView
from tutor.checking import Verdict
from tutor.content.model import (
    CheckScreen,
    LabScreen,
    Lesson,
    PredictQuestion,
    Question,
    TextScreen,
)
from tutor.labs import LabResult, LabSpec, get_lab, require_lab
from tutor.learner import Learner, LessonOutcome
from tutor.progress.review import Attempt

PREWARMED_SKLEARN = (
    "datasets",
    "model_selection",
    "linear_model",
    "tree",
    "naive_bayes",
    "neighbors",
    "pipeline",
    "preprocessing",
    "svm",
    "ensemble",
    "cluster",
    "decomposition",
    "manifold",
)


class LessonBody(VerticalScroll, inherit_bindings=False):
    """The scrolling page; ←/→ are left free for moving between screens."""

    BINDINGS = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]


class LessonScreen(Screen[None]):
    app = getters.app(TutorApp)  # `self.app` typed as ours: its learner, open_lesson

    HELP_NOTES = [("↑, ↓, PgUp, PgDn", "Scroll the page")]
    BINDINGS = [
        Binding("n,right", "next", "Next"),
        Binding("b,left", "previous", "Back"),
        Binding("escape", "leave", "Roadmap"),
        Binding("enter", "next", "Next", show=False),
        Binding("s", "skipped", "Answer skipped"),
    ]

    def __init__(self, lesson: Lesson, start: int = 0) -> None:
        super().__init__()
        self.lesson = lesson
        self.index = max(0, min(start, lesson.screen_count - 1))
        self._shown_at = time.monotonic()
        self.outcome: LessonOutcome | None = None  # set once the summary is reached
        self._ready = False  # keys can arrive before the screen has its widgets

    def compose(self) -> ComposeResult:
        with Horizontal(id="lesson-bar"):
            yield Static(self._title(), id="lesson-title", markup=False)
            yield ProgressBar(
                total=self.lesson.screen_count, show_eta=False, show_percentage=False, id="where"
            )
            yield Static("", id="lesson-position")
        yield LessonBody(id="lesson-body")
        yield TutorFooter()

    def _title(self) -> str:
        if self.lesson.kind == "review":
            return self.lesson.title
        return f"Phase {self.lesson.phase} · {self.lesson.title}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # n and b are letters while typing; Esc leaves the box first
        typing = isinstance(self.focused, (Input, TextArea))
        if action == "skipped":
            on_summary = self.index == self.lesson.screen_count - 1
            return on_summary and self.outcome is not None and bool(self.outcome.skipped)
        return not (typing and action in ("next", "previous"))

    def on_mount(self) -> None:
        self.learner.begin_lesson(self.lesson, self.index)
        self.show_screen(self.index)
        self._ready = True
        modules = self._heavy_modules()
        if modules:
            self._preimport(modules)

    def _heavy_modules(self) -> list[str]:
        """What this lesson's labs will import, so that `r` does not wait for it."""
        questions = self.learner.course.questions
        labs = [s.lab for s in self.lesson.screens if isinstance(s, LabScreen)]
        labs += [
            q.lab
            for s in self.lesson.screens
            if isinstance(s, CheckScreen)
            and isinstance(q := questions.get(s.question_id), PredictQuestion)
        ]
        uses = {use for lab in labs if (spec := get_lab(lab)) for use in spec.uses}
        modules = ["numpy"] if uses else []
        if "sklearn" in uses:
            modules += [f"sklearn.{m}" for m in PREWARMED_SKLEARN]
        if "torch" in uses and importlib.util.find_spec("torch") is not None:
            # a few seconds: better while the learner reads (torch._dynamo is loaded by the
            # first optimizer step, another second or more)
            modules += ["torch", "torch._dynamo"]
        return modules

    @work(thread=True, exit_on_error=False, group="preimport")
    def _preimport(self, modules: list[str]) -> None:
        import importlib

        for name in modules:
            importlib.import_module(name)

    def _record_lab(
        self, spec: LabSpec, knobs: dict, result: LabResult | None, status: str, seconds: float
    ) -> None:
        findings = result.findings if result is not None else None
        self.learner.record_lab_run(spec.id, self.lesson.id, knobs, findings, status, seconds)

    @property
    def learner(self) -> Learner:
        return self.app.learner

    # -- moving between screens -------------------------------------------------------

    def show_screen(self, index: int) -> None:
        self._record_time()
        self.index = index
        last = index == self.lesson.screen_count - 1
        if last:
            self.outcome = self.learner.finish_lesson(self.lesson, index)
        else:
            self.learner.set_position(self.lesson, index)
        self.query_one("#lesson-position", Static).update(f"{index + 1}/{self.lesson.screen_count}")
        self.query_one("#where", ProgressBar).update(progress=index + 1)
        body = self.query_one("#lesson-body", LessonBody)
        body.remove_children()
        widgets = self._widgets_for(index)
        body.mount_all(widgets)
        body.scroll_home(animate=False)
        self.refresh_bindings()
        panels = [w for w in widgets if isinstance(w, LabPanel)]
        if any(isinstance(w, QuestionView) for w in widgets):
            pass  # the question focuses its answer box once it is mounted
        elif panels:
            self.call_after_refresh(panels[0].focus)
        else:
            body.focus()

    def _widgets_for(self, index: int) -> list:
        if index == self.lesson.screen_count - 1:
            return [Markdown(self._summary_text(), classes="lesson-text", id="summary")]
        screen = self.lesson.screens[index]
        if isinstance(screen, TextScreen):
            return [Markdown(screen.text, classes="lesson-text")]
        if isinstance(screen, CheckScreen):
            question = self.learner.course.questions[screen.question_id]
            label = {"quiz": "Phase quiz", "review": "Review"}.get(self.lesson.kind, "Quick check")
            if question.kind == "written":
                label = "Written check"
            if question.kind == "code":
                label = f"Code exercise: {getattr(question, 'title', '')}"
            if isinstance(question, PredictQuestion):
                label = "Review: predict, then run" if label == "Review" else "Predict, then run"
            return [
                Static(label, classes="check-label"),
                QuestionView(
                    question,
                    self._answer,
                    record_lab=self._record_lab,
                    earlier=self._earlier(question),
                    judge=self._judge,
                    record=self._record_answer,
                ),
            ]
        assert isinstance(screen, LabScreen)

        widgets = []
        if screen.predict is not None:
            question = self.learner.course.questions[screen.predict]
            widgets += [
                Static("Predict, then run", classes="check-label"),
                QuestionView(
                    question,
                    self._answer,
                    record_lab=self._record_lab,
                    earlier=self._earlier(question),
                    judge=self._judge,
                    record=self._record_answer,
                ),
            ]
            if self.learner.store.last_answer(question.id, self.lesson.id) is None:
                return widgets  # the free lab comes once the prediction is settled
        widgets.append(self._free_lab(screen))
        return widgets

    def _earlier(self, question: Question) -> str | None:
        """How an earlier answer here went; quizzes and reviews start each sitting afresh."""
        if self.lesson.kind in ("quiz", "review"):
            return None
        last = self.learner.store.last_answer(question.id, self.lesson.id)
        return last.outcome if last is not None else None

    def _summary_text(self) -> str:
        from tutor.present import outcome_lines, review_lines

        lines = ["## Summary", "", self.lesson.summary, "", "---", ""]
        quiz = self.lesson.kind == "quiz"
        if self.outcome is not None:
            lines += outcome_lines(self.outcome, quiz) + review_lines(self.outcome)
        if self.outcome is not None and self.outcome.skipped:
            lines.append("*Press s to go back to the first skipped question, or Enter to leave.*")
        else:
            what = {"quiz": "Quiz", "review": "Review"}.get(self.lesson.kind, "Lesson")
            lines.append(f"*{what} done. Press Enter or n to return to the roadmap.*")
        return "\n".join(lines)

    def action_skipped(self) -> None:
        if self._active and self.outcome is not None and self.outcome.skipped:
            self.show_screen(self.outcome.skipped[0][0])

    def _answer(self, question: Question, response: object, attempt: Attempt) -> Verdict:
        """Check and commit an answer (the commit happens before any feedback is drawn)."""
        return self.learner.answer(question, self.lesson.id, response, attempt)

    def _judge(self, question: Question, outcome: str) -> Verdict:
        """The learner's own verdict on a written answer the grader was unsure of."""
        return self.learner.judge(question, outcome, self.lesson.id)

    def _record_answer(self, question: Question, response: object, verdict: Verdict) -> None:
        """Commit an answer checked in a worker thread (a code exercise)."""
        self.learner.record(question, self.lesson.id, response, verdict)

    def _free_lab(self, screen: LabScreen) -> LabPanel:
        spec = require_lab(screen.lab)
        return LabPanel(spec, screen.knobs, record=self._record_lab, id="free-lab")

    def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        screen = self.lesson.screens[self.index] if self.index < len(self.lesson.screens) else None
        body = self.query_one("#lesson-body")
        if isinstance(screen, LabScreen) and not body.query("#free-lab"):
            note = Static(
                "Now change the knobs and run it again (r) to see when the effect holds.",
                classes="check-label",
            )
            body.mount_all([note, self._free_lab(screen)])
        if event.verdict.right:
            body.focus()

    @property
    def _active(self) -> bool:
        """False once the learner left: keys that arrived together may still be queued."""
        return self._ready and self.is_attached and self.app.screen is self

    def action_next(self) -> None:
        if not self._active:
            return
        if self.index < self.lesson.screen_count - 1:
            self.show_screen(self.index + 1)
        else:
            self.action_leave()

    def action_previous(self) -> None:
        if self._active and self.index > 0:
            self.show_screen(self.index - 1)

    def action_leave(self) -> None:
        if not self._active:
            return
        self._record_time()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self._record_time()

    def _record_time(self) -> None:
        now = time.monotonic()
        seconds = now - self._shown_at
        self._shown_at = now
        if seconds >= 1:
            self.learner.add_screen_time(self.lesson.id, seconds)
