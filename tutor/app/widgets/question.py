"""A quick-check question: prompt, an answer widget for its kind, hints and feedback."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Markdown, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from tutor.checking import (
    AnswerFormatError,
    Verdict,
    correct_answer_text,
    display_order,
    parse_numbers,
)
from tutor.content.model import ChoiceQuestion, OrderQuestion, PredictQuestion, Question

AnswerFunction = Callable[[Question, object], Verdict]

_TITLE = {"right": "✓ Right", "partial": "◐ Partly right", "wrong": "✗ Not quite"}
_INSTRUCTIONS = {
    "single": "Pick one with ↑/↓ and press Enter.",
    "multi": "Toggle choices with Space, then press c to check.",
    "numeric": "Type a number and press Enter. Esc leaves the box (then n moves on).",
    "text": "Type your answer and press Enter. Esc leaves the box (then n moves on).",
    "order": "Type the numbers in the right order (e.g. 2 1 3) and press Enter.",
    "written": "Write a few sentences, then press Ctrl+S to submit. Esc leaves the box.",
    "predict": "Predict: pick what you expect with ↑/↓ and Enter. The lab then runs and decides.",
}


class QuestionView(Vertical):
    """Shows one question and reports each checked attempt with `Answered`."""

    DEFAULT_CSS = """
    QuestionView { height: auto; }
    QuestionView .instructions { color: $text-muted; margin: 1 0 0 0; }
    QuestionView OptionList, QuestionView SelectionList { height: auto; max-height: 12; }
    QuestionView TextArea { height: 6; }
    QuestionView .hint { color: $warning; margin: 1 0 0 0; }
    QuestionView #feedback { margin: 1 0 0 0; height: auto; }
    QuestionView #feedback.right { border-left: thick $success; }
    QuestionView #feedback.partial { border-left: thick $warning; }
    QuestionView #feedback.wrong { border-left: thick $error; }
    """

    BINDINGS = [
        Binding("ctrl+t", "hint", "Hint"),
        Binding("c", "check", "Check answer"),
        Binding("ctrl+s", "submit", "Submit"),
        Binding("escape", "done_typing", "Done typing"),
    ]

    class Answered(Message):
        def __init__(self, question: Question, verdict: Verdict) -> None:
            super().__init__()
            self.question = question
            self.verdict = verdict

    def __init__(
        self,
        question: Question,
        answer: AnswerFunction,
        record_lab: Callable | None = None,
        autofocus: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.autofocus = autofocus
        self.question = question
        self._answer = answer
        self._record_lab = record_lab
        self._prediction: int | None = None
        self._hints_shown = 0
        self.verdict: Verdict | None = None
        self.attempts = 0
        count = (
            len(question.choices)
            if isinstance(question, ChoiceQuestion)
            else len(question.items)
            if isinstance(question, OrderQuestion)
            else 0
        )
        self._order = display_order(question.id, count)

    def compose(self) -> ComposeResult:
        q = self.question
        yield Markdown(q.prompt, classes="prompt")
        if isinstance(q, ChoiceQuestion) and q.kind in ("single", "predict"):
            yield OptionList(
                *[Option(Text(f"{n}. {q.choices[i].text}")) for n, i in enumerate(self._order, 1)],
                id="answer",
            )
        elif isinstance(q, ChoiceQuestion):
            yield SelectionList[int](
                *[(Text(f"{n}. {q.choices[i].text}"), i) for n, i in enumerate(self._order, 1)],
                id="answer",
            )
        elif isinstance(q, OrderQuestion):
            listing = "\n".join(f"  {n}. {q.items[i]}" for n, i in enumerate(self._order, 1))
            yield Static(listing, classes="items", markup=False)
            yield Input(placeholder="e.g. 3 1 2 4", id="answer")
        elif q.kind == "written":
            yield TextArea(id="answer", soft_wrap=True, show_line_numbers=False)
        else:
            unit = getattr(q, "unit", "")
            placeholder = "e.g. 0.75 or 75%" if unit == "fraction" else "your answer"
            if unit and unit != "fraction":
                placeholder += f" (in {unit})"
            yield Input(placeholder=placeholder, id="answer")
        yield Static(_INSTRUCTIONS.get(q.kind, ""), classes="instructions")
        yield Static("", classes="hint", markup=False)
        yield Markdown("", id="feedback")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # only multi-choice and written answers need a key of their own to be checked
        if action == "check":
            return self.question.kind == "multi"
        if action == "submit":
            return self.question.kind == "written"
        if action == "done_typing":  # Esc leaves a text box first, the lesson only after
            return isinstance(self.app.focused, (Input, TextArea))
        return True

    def action_done_typing(self) -> None:
        self.screen.query_one("#lesson-body").focus()

    def on_mount(self) -> None:
        if self.autofocus:  # its children exist by now, unlike right after mount() returns
            self.focus_answer()

    def focus_answer(self) -> None:
        # the learner may already have moved on to another screen
        for widget in self.query("#answer"):
            widget.focus()

    # -- answering ------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(self.question, PredictQuestion):
            self._predict(self._order[event.option_index])
        else:
            self._submit(self._order[event.option_index])

    # -- predict: the lab decides ----------------------------------------------------------

    def _predict(self, choice: int) -> None:
        from tutor.app.widgets.lab_panel import LabPanel
        from tutor.labs import get_lab

        question = self.question
        assert isinstance(question, PredictQuestion)
        self._prediction = choice
        panels = self.query(LabPanel)
        if panels:
            panel = panels.first()
            if not panel.running:
                panel.start(panel.values)
            return
        spec = get_lab(question.lab)
        panel = LabPanel(spec, question.knobs, locked=True, record=self._record_lab)
        self.mount(panel, before=self.query_one("#feedback"))
        self.query_one("#feedback", Markdown).update(
            f"*You predicted: {question.choices[choice].text} — running the lab…*"
        )
        self.call_after_refresh(panel.start, panel.values)
        self.call_after_refresh(panel.focus)  # so that Esc cancels the run

    def on_lab_panel_finished(self, event) -> None:
        question = self.question
        if not isinstance(question, PredictQuestion) or self._prediction is None:
            return
        event.stop()
        if event.result is None:
            self.query_one("#feedback", Markdown).update(
                "*The lab did not finish, so it cannot decide yet. Pick your prediction again "
                "to rerun it.*"
            )
            return
        observed = event.result.findings.get(question.finding)
        self._submit({"choice": self._prediction, "observed": observed})

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if isinstance(self.question, OrderQuestion):
            try:
                picked = parse_numbers(event.value, len(self._order))
            except AnswerFormatError as exc:
                self._say_format_problem(str(exc))
                return
            self._submit([self._order[i] for i in picked])
        else:
            self._submit(event.value)

    def action_submit(self) -> None:
        self.action_check()

    def action_check(self) -> None:
        if isinstance(self.question, ChoiceQuestion) and self.question.kind == "multi":
            self._submit(sorted(self.query_one(SelectionList).selected))
        elif self.question.kind == "written":
            self._submit(self.query_one(TextArea).text)

    def _say_format_problem(self, message: str) -> None:
        self.query_one("#feedback", Markdown).update(f"*{message[0].upper()}{message[1:]}.*")

    def _submit(self, response: object) -> None:
        try:
            verdict = self._answer(self.question, response)
        except AnswerFormatError as exc:
            self._say_format_problem(str(exc))
            return
        self.attempts += 1
        self.verdict = verdict
        self.show_verdict(verdict)
        self.post_message(self.Answered(self.question, verdict))

    def show_verdict(self, verdict: Verdict) -> None:
        q = self.question
        lines = [f"**{_TITLE[verdict.outcome]}**", ""]
        lines += [f"- {line}" if q.kind == "multi" else line for line in verdict.feedback]
        if verdict.shown:
            lines += ["", "**Ideas you showed:** " + "; ".join(verdict.shown)]
        if verdict.missed:
            lines += ["", "**Ideas missing:** " + "; ".join(verdict.missed)]
        if q.kind == "written":
            lines += ["", "**A model answer:** " + correct_answer_text(q)]
        if q.explanation:
            lines += ["", q.explanation]
        if not verdict.right:
            lines += ["", "*Try again if you like — your first try is what counts.*"]
        feedback = self.query_one("#feedback", Markdown)
        feedback.set_classes(verdict.outcome)
        feedback.update("\n".join(lines))
        self.call_after_refresh(feedback.scroll_visible, animate=False)

    def action_hint(self) -> None:
        hints = self.question.hints
        widget = self.query_one(".hint", Static)
        if not hints:
            widget.update("This question has no hints.")
            return
        if self._hints_shown < len(hints):
            self._hints_shown += 1
        shown = hints[: self._hints_shown]
        more = "" if self._hints_shown == len(hints) else "  (Ctrl+T for another)"
        widget.update("\n".join(f"Hint {i}: {h}" for i, h in enumerate(shown, 1)) + more)
