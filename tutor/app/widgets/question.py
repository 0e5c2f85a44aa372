"""A quick-check question: prompt, an answer widget for its kind, hints and feedback."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, Vertical
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Collapsible, Input, Markdown, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tutor.checking import (
    AnswerFormatError,
    Verdict,
    correct_answer_text,
    parse_numbers,
)
from tutor.content.model import (
    ChoiceQuestion,
    CodeQuestion,
    OrderQuestion,
    PredictQuestion,
    Question,
)
from tutor.present import (
    APP_INSTRUCTIONS,
    SELF_JUDGE_CHOICES,
    earlier_answer_line,
    option_order,
    verdict_title,
)
from tutor.progress.review import Attempt

if TYPE_CHECKING:
    from tutor.app.widgets.lab_panel import LabPanel

AnswerFunction = Callable[[Question, object, Attempt], Verdict]  # check and commit
JudgeFunction = Callable[[Question, str], Verdict]  # the learner's own verdict on a written answer
RecordFunction = Callable[[Question, object, Verdict], None]  # commit an answer checked elsewhere

TYPED_KINDS = ("numeric", "text", "order", "written", "code")
# Kinds whose feedback on a wrong answer already gives the answer away: the ticked and
# missed choices, the right order, the model answer, what the lab found.
REVEALING_KINDS = ("multi", "order", "written", "predict")
TICKED, UNTICKED = "[x]", "[ ]"  # differ in shape, so plain and 16-colour terminals show it


class ChoiceRow:
    """One choice: its marker ("1." or "[x] 1.") in a column of its own, the text wrapped
    beside it, so that a long choice shows whole with its lines aligned."""

    def __init__(self, marker: str, text: str) -> None:
        self.marker = marker
        self.text = text

    def __str__(self) -> str:
        return f"{self.marker} {self.text}"

    def _grid(self) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(self.marker), Text(self.text))  # Text: brackets are not markup
        return grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._grid()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._grid())


class ChoiceList(OptionList, inherit_bindings=False):
    """The choices of a question. ↑/↓ move (and scroll the page past the first and last
    choice), Enter picks or checks, Space ticks when several may be chosen; PgUp/PgDn and
    Home/End are left to the lesson page."""

    BINDINGS = [
        Binding("up", "cursor_up", "Previous choice", show=False),
        Binding("down", "cursor_down", "Next choice", show=False),
        Binding("enter", "select", "Pick the highlighted choice", show=False),
        Binding("enter", "check", "Check the ticked choices", show=False),
        # "tick", not "toggle": DOMNode.action_toggle(attribute) is Textual's, with another shape
        Binding("space", "tick", "Tick or untick a choice", show=False),
    ]

    def __init__(self, choices: list[str], multiple: bool = False, **kwargs: Any) -> None:
        self.choices = choices
        self.multiple = multiple
        self.ticked: set[int] = set()  # rows, as shown
        super().__init__(*[Option(self._row(n)) for n in range(len(choices))], **kwargs)

    def _row(self, n: int) -> ChoiceRow:
        marker = f"{n + 1}."
        if self.multiple:
            marker = f"{TICKED if n in self.ticked else UNTICKED} {marker}"
        return ChoiceRow(marker, self.choices[n])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("tick", "check"):
            return self.multiple
        if action == "select":
            return not self.multiple
        return True

    def action_check(self) -> None:
        self.action_select()  # the question reads the ticks

    def action_tick(self) -> None:
        row = self.highlighted
        if row is None:
            return
        self.ticked.symmetric_difference_update({row})
        self.replace_option_prompt_at_index(row, self._row(row))

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, 0) and (page := self._page()):
            page.scroll_up(animate=False)
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        last = self.option_count - 1
        if self.highlighted == last and (page := self._page()):
            page.scroll_down(animate=False)
        else:
            super().action_cursor_down()

    def _page(self) -> ScrollableContainer | None:
        return next((a for a in self.ancestors if isinstance(a, ScrollableContainer)), None)

    def scroll_to_highlight(self, top: bool = False) -> None:
        super().scroll_to_highlight(top)
        # the list is as tall as its choices: the page scrolls so the highlighted one shows
        page = self._page()
        if page is None or self.highlighted is None or not self.has_focus:
            return
        line = self._index_to_line.get(self.highlighted)
        if line is None:
            return
        height = self._heights[self.highlighted]
        top_y = self.content_region.y + line - self.scroll_offset.y
        y = top_y - page.content_region.y + page.scroll_offset.y
        page.scroll_to_region(Region(0, y, 1, height), animate=False, immediate=True)


class QuestionPrompt(Markdown, can_focus=True):
    """The question's text. A typed answer starts from here, so that n/b/←/→ still move
    between screens: Enter, or a character that is not a key shown in the footer, moves into
    the answer box, and the character lands in it."""

    BINDINGS = [Binding("enter", "start_answer", "Type your answer", show=False)]

    # Keys that arrive together (a fast typist, a paste) may reach the prompt before the box
    # has the focus: once typing has started, they all go on to the box, in order.
    _passing_on = False

    @property
    def _view(self) -> QuestionView | None:
        return self.parent if isinstance(self.parent, QuestionView) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_answer":  # otherwise Enter moves on, as on any screen
            view = self._view
            return view is not None and view.typed and not view.settled
        return True

    def action_start_answer(self) -> None:
        if self._view is not None:
            self._passing_on = True
            self.screen.set_focus(self._view.query_one("#answer"))  # now: the next keys go there

    def on_focus(self) -> None:
        self._passing_on = False

    def on_key(self, event: events.Key) -> None:
        view = self._view
        if view is None or not view.typed or view.settled:
            return
        if not self._passing_on:
            if not event.is_printable:
                return  # Enter is a binding, the rest are the page's
            active = self.screen.active_bindings.get(event.key)
            if active is not None and active.enabled and active.binding.show:
                return  # n, b, g, ?: what the footer says
            self.action_start_answer()
        event.stop()
        event.prevent_default()
        view.query_one("#answer").post_message(events.Key(event.key, event.character))


class Feedback(Markdown):
    """What the check said. It scrolls into view when it changes, and again if its height
    changes in the moment after (the page may gain a scrollbar, which rewraps it)."""

    FOLLOW_SECONDS = 1.0

    _follow_until = 0.0

    @work(group="feedback", exclusive=True)
    async def show(self, text: str) -> None:
        await self.update(text)  # its blocks are mounted after this, measured after a refresh
        self._follow_until = time.monotonic() + self.FOLLOW_SECONDS
        self.call_after_refresh(self._bring_into_view)

    def on_resize(self) -> None:
        if time.monotonic() < self._follow_until:
            self.call_after_refresh(self._bring_into_view)

    def _bring_into_view(self) -> None:
        self.scroll_visible(animate=False)


class QuestionView(Vertical):
    """Shows one question and reports each checked attempt with `Answered`.

    Once the question is settled (answered right, or its answer shown) it takes no more
    attempts: the first try is what counts, and a retry after seeing the answer is copying.
    """

    DEFAULT_CSS = """
    QuestionView { height: auto; }
    QuestionView .instructions { color: $text-muted; margin: 1 0 0 0; }
    QuestionView ChoiceList { height: auto; }
    QuestionView TextArea { height: 6; }
    QuestionView .hint { color: $warning; margin: 1 0 0 0; }
    QuestionView #feedback { margin: 1 0 0 0; height: auto; }
    QuestionView .earlier { color: $text-muted; text-style: italic; }
    QuestionView #feedback.right { border-left: thick $success; }
    QuestionView #feedback.partial { border-left: thick $warning; }
    QuestionView #feedback.wrong { border-left: thick $error; }
    QuestionView #feedback.unsure { border-left: thick $accent; }
    QuestionView #judge { height: auto; margin: 1 0 0 0; }
    QuestionView .code-editor { height: 12; }
    QuestionView Collapsible { margin: 1 0 0 0; }
    """

    BINDINGS = [
        Binding("ctrl+t", "hint", "Hint"),
        Binding("ctrl+t", "no_hint", "Hint", show=False),
        Binding("ctrl+o", "show_answer", "Show answer"),
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+r", "run_code", "Run and check"),
        Binding("escape", "cancel_run", "Stop the run", priority=True),
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
        earlier: str | None = None,
        judge: JudgeFunction | None = None,
        record: RecordFunction | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._judge = judge
        self._record = record
        self._cancel: threading.Event | None = None  # set while a code run is going
        self.autofocus = autofocus
        self.earlier = earlier  # the outcome of an earlier answer in this lesson, if any
        self.question = question
        self._answer = answer
        self._record_lab = record_lab
        self._prediction: int | None = None
        self._hints_shown = 0
        self.verdict: Verdict | None = None
        self.attempts = 0
        self.settled = False  # right, or the answer was shown: no more attempts
        self._order = option_order(question)
        self._shown_at = time.monotonic()  # for the review's rating: how quickly it was answered

    @property
    def typed(self) -> bool:
        """The answer is typed into a box (rather than picked from a list)."""
        return self.question.kind in TYPED_KINDS

    def compose(self) -> ComposeResult:
        q = self.question
        yield QuestionPrompt(q.prompt, classes="prompt")
        if isinstance(q, ChoiceQuestion):
            yield ChoiceList(
                [q.choices[i].text for i in self._order], multiple=q.kind == "multi", id="answer"
            )
        elif isinstance(q, OrderQuestion):
            listing = "\n".join(f"  {n}. {q.items[i]}" for n, i in enumerate(self._order, 1))
            yield Static(listing, classes="items", markup=False)
            yield Input(placeholder="e.g. 3 1 2 4", id="answer")
        elif q.kind == "written":
            yield TextArea(id="answer", soft_wrap=True, show_line_numbers=False)
        elif isinstance(q, CodeQuestion):
            if q.setup.strip():
                from rich.syntax import Syntax  # pygments: only when an exercise is shown

                with Collapsible(title="Setup: already run before your code", collapsed=True):
                    yield Static(Syntax(q.setup.rstrip(), "python", theme="ansi_dark"))
            yield TextArea.code_editor(
                q.starter, language="python", id="answer", classes="code-editor"
            )
        else:
            unit = getattr(q, "unit", "")
            placeholder = "e.g. 0.75 or 75%" if unit == "fraction" else "your answer"
            if unit and unit != "fraction":
                placeholder += f" (in {unit})"
            yield Input(placeholder=placeholder, id="answer")
        yield Static(APP_INSTRUCTIONS.get(q.kind, ""), classes="instructions")
        if self.earlier is not None:
            yield Static(earlier_answer_line(self.earlier), classes="earlier", markup=False)
        hint = Static("", classes="hint", markup=False)
        hint.display = False  # no blank lines at 80×24 until there is a hint
        yield hint
        yield Feedback("", id="feedback")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hint":
            return bool(self.question.hints) and not self.settled
        if action == "no_hint":
            return not self.question.hints and not self.settled
        if action == "show_answer":  # after a wrong try, when the feedback kept it back
            tries_first = 2 if self.question.kind == "code" else 1  # code: on request, after two
            return self.attempts >= tries_first and not self.settled
        if action == "run_code":
            return self.question.kind == "code" and not self.settled and self._cancel is None
        if action == "cancel_run":
            return self._cancel is not None
        if action == "submit":  # Enter is a new line in the written box
            return self.question.kind == "written" and not self.settled
        if action == "done_typing":  # Esc leaves a text box first, the lesson only after
            return isinstance(self.app.focused, (Input, TextArea))
        return True

    def action_done_typing(self) -> None:
        self._focus_prompt()

    # -- code exercises: run in a separate process, from a thread ---------------------------

    def on_mount_code(self) -> None:
        from tutor.exercises.runner import code_running_refused

        q = self.question
        if isinstance(q, CodeQuestion) and (why := code_running_refused()) is not None:
            self._settle()
            self._show_feedback(
                f"*{why[0].upper()}{why[1:]}.*\n\n**The reference solution:**\n"
                + correct_answer_text(q)
            )

    def action_run_code(self) -> None:
        if self.settled or self._cancel is not None or self._record is None:
            return
        code = self.query_one("#answer", TextArea).text
        self._cancel = threading.Event()
        self.refresh_bindings()
        self._show_feedback("*Running your code in a separate process… (Esc stops it)*")
        self._check_code(code, self._cancel)

    @work(thread=True, exclusive=True, group="code")
    def _check_code(self, code: str, cancel: threading.Event) -> None:
        from tutor.checking import check_answer

        try:
            verdict: Verdict | str = check_answer(self.question, code, cancel)
        except AnswerFormatError as exc:
            verdict = str(exc)
        if self.is_attached:
            self.app.call_from_thread(self._code_checked, code, verdict)

    def _code_checked(self, code: str, verdict: Verdict | str) -> None:
        self._cancel = None
        self.refresh_bindings()
        if isinstance(verdict, str):  # not an attempt: cancelled, refused, nothing typed
            self._say_format_problem(verdict)
            return
        assert self._record is not None
        self._record(self.question, code, verdict)
        self.attempts += 1
        self.verdict = verdict
        if verdict.right:
            self._settle()
        self.refresh_bindings()
        self.show_verdict(verdict)
        self.post_message(self.Answered(self.question, verdict))

    def action_cancel_run(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def on_mount(self) -> None:
        if self.question.kind == "code":
            self.on_mount_code()
        if self.autofocus:  # its children exist by now, unlike right after mount() returns
            self.focus_answer()

    def focus_answer(self) -> None:
        """Focus the choices; for a typed answer, the question (so n/b still move on)."""
        if self.typed:
            self._focus_prompt()
            return
        for widget in self.query("#answer"):  # the learner may have moved on already
            widget.focus()

    def _focus_prompt(self) -> None:
        for prompt in self.query(QuestionPrompt):
            prompt.focus(scroll_visible=False)

    # -- answering ------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "judge":
            self._self_judge(SELF_JUDGE_CHOICES[event.option_index][0])
            return
        if self.settled:
            return
        if isinstance(self.question, PredictQuestion):
            self._predict(self._order[event.option_index])
        elif self.question.kind == "multi":
            ticked = event.option_list.ticked  # type: ignore[attr-defined]
            if not ticked:
                self._say_format_problem("tick at least one choice with Space, then press Enter")
                return
            self._submit(sorted(self._order[row] for row in ticked))
        else:
            self._submit(self._order[event.option_index])

    # -- predict: the lab decides ----------------------------------------------------------

    def _predict(self, choice: int) -> None:
        from tutor.app.widgets.lab_panel import LabPanel
        from tutor.labs import require_lab

        question = self.question
        assert isinstance(question, PredictQuestion)
        self._prediction = choice
        panels = self.query(LabPanel)
        if panels:
            panel = panels.first()
            if not panel.running:
                panel.start(panel.values)
            return
        spec = require_lab(question.lab)
        panel = LabPanel(spec, question.knobs, locked=True, record=self._record_lab)
        self.mount(panel, before=self.query_one("#feedback"))
        self.query_one("#feedback", Markdown).update(
            f"*You predicted: {question.choices[choice].text} — running the lab…*"
        )
        self.call_after_refresh(panel.start, panel.values)
        self.call_after_refresh(panel.focus)  # so that Esc cancels the run

    def on_lab_panel_finished(self, event: LabPanel.Finished) -> None:
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
        if self.settled:
            return
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
        if self.question.kind == "written" and not self.settled:
            self._submit(self.query_one(TextArea).text)

    def _say_format_problem(self, message: str) -> None:
        self._show_feedback(f"*{message[0].upper()}{message[1:]}.*")

    def _submit(self, response: object) -> None:
        attempt = Attempt(self._hints_shown, time.monotonic() - self._shown_at)
        try:
            verdict = self._answer(self.question, response, attempt)
        except AnswerFormatError as exc:
            self._say_format_problem(str(exc))
            return
        self.attempts += 1
        self.verdict = verdict
        if verdict.right or self.question.kind in REVEALING_KINDS:
            self._settle()
        self.refresh_bindings()  # Ctrl+O, once there is a try
        self.show_verdict(verdict)
        if verdict.outcome == "unsure" and self._judge is not None:
            self._ask_for_judgement()  # Answered is posted once the learner has judged
            return
        self.post_message(self.Answered(self.question, verdict))

    # -- the learner judges an answer the grader was unsure of -------------------------------

    def _ask_for_judgement(self) -> None:
        label = Static(
            "How does your answer compare with the model answer? Pick one with ↑/↓ and Enter.",
            classes="instructions",
            id="judge-label",
        )
        choices = ChoiceList([text for _, text in SELF_JUDGE_CHOICES], id="judge")
        self.mount_all([label, choices], after=self.query_one("#feedback"))
        self.call_after_refresh(choices.focus)

    def _self_judge(self, outcome: str) -> None:
        if self._judge is None:
            return
        verdict = self._judge(self.question, outcome)
        self.verdict = verdict
        for widget in self.query("#judge, #judge-label"):
            widget.remove()
        lines = [f"**{verdict_title(verdict.outcome)}** (your own judgement)", ""]
        lines += list(verdict.feedback)
        lines += ["", "**A model answer:** " + correct_answer_text(self.question)]
        if self.question.explanation:
            lines += ["", self.question.explanation]
        self._show_feedback("\n".join(lines), verdict.outcome)
        self._focus_prompt()
        self.post_message(self.Answered(self.question, verdict))

    def _settle(self) -> None:
        """No more attempts: the answer box leaves the focus chain and keys go to the page."""
        self.settled = True
        for box in self.query("#answer"):
            box.can_focus = False
            box.add_class("-settled")
        self._focus_prompt()
        self._show_hint("")
        self.refresh_bindings()  # no more Hint or Show answer in the footer

    def show_verdict(self, verdict: Verdict) -> None:
        q = self.question
        lines = [f"**{verdict_title(verdict.outcome)}**", ""]
        lines += [f"- {line}" if q.kind == "multi" else line for line in verdict.feedback]
        if verdict.shown:
            lines += ["", "**Ideas you showed:** " + "; ".join(verdict.shown)]
        if verdict.missed:
            lines += ["", "**Ideas missing:** " + "; ".join(verdict.missed)]
        if q.kind == "written":
            lines += ["", "**A model answer:** " + correct_answer_text(q)]
        if q.kind == "code" and verdict.right:
            lines += ["", "**The reference solution, beside yours:**", correct_answer_text(q)]
        if self.settled:
            if q.explanation:  # it teaches the answer, so it waits until the answer is out
                lines += ["", q.explanation]
        elif q.kind == "code":
            more = " Or press Ctrl+O to see the solution." if self.attempts >= 2 else ""
            lines += ["", f"*Change your code and run it again (Ctrl+R).{more}*"]
        else:
            lines += [
                "",
                "*Try again if you like — your first try is what counts. "
                "Or press Ctrl+O to see the answer.*",
            ]
        self._show_feedback("\n".join(lines), verdict.outcome)

    def action_show_answer(self) -> None:
        if self.settled or self.verdict is None:
            return
        self._settle()
        lines = [f"**{verdict_title(self.verdict.outcome)}**", ""]
        lines += ["**The answer:** " + correct_answer_text(self.question)]
        if self.question.explanation:
            lines += ["", self.question.explanation]
        self._show_feedback("\n".join(lines), self.verdict.outcome)

    def _show_feedback(self, text: str, outcome: str | None = None) -> None:
        feedback = self.query_one("#feedback", Feedback)
        feedback.set_classes(outcome or "")
        feedback.show(text)

    def action_no_hint(self) -> None:
        self._show_hint("This question has no hints.")

    def action_hint(self) -> None:
        hints = self.question.hints
        if self._hints_shown < len(hints):
            self._hints_shown += 1
        shown = hints[: self._hints_shown]
        more = "" if self._hints_shown == len(hints) else "  (Ctrl+T for another)"
        self._show_hint("\n".join(f"Hint {i}: {h}" for i, h in enumerate(shown, 1)) + more)

    def _show_hint(self, text: str) -> None:
        widget = self.query_one(".hint", Static)
        widget.update(text)
        widget.display = bool(text)
        if text:
            self.call_after_refresh(widget.scroll_visible, animate=False)
