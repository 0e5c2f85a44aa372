"""The line-mode tutor: reads lines, prints text, never moves the cursor."""

from __future__ import annotations

import os
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tutor.checking import (
    AnswerFormatError,
    Verdict,
    correct_answer_text,
    parse_numbers,
)
from tutor.content.model import (
    CheckScreen,
    ChoiceQuestion,
    CodeQuestion,
    LabScreen,
    Lesson,
    OrderQuestion,
    PredictQuestion,
    Question,
    TextScreen,
)
from tutor.learner import REVIEW_ID, Learner
from tutor.present import (
    SELF_JUDGE_CHOICES,
    line_instructions,
    mastery_text,
    option_order,
    outcome_lines,
    phase_progress,
    review_lines,
    review_row,
    status_label,
    verdict_sentence,
    verdict_title,
)
from tutor.progress.review import Attempt

if TYPE_CHECKING:
    from rich.console import Console

    from tutor.labs import LabResult

_STEPS = {"": "next", "n": "next", "next": "next", "b": "back", "back": "back"}
_STEPS |= {"q": "quit", "quit": "quit"}
MENU_PROMPT = "Number or id · r roadmap · p progress · g WORD glossary · q quit: "


def wants_color(stream: TextIO) -> bool:
    """Colour only on a real terminal that is not `dumb`, and never with NO_COLOR set."""
    return (
        stream.isatty() and os.environ.get("TERM", "") != "dumb" and not os.environ.get("NO_COLOR")
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class _Quit(Exception):
    """The learner asked to leave the current lesson."""


class PlainTutor:
    def __init__(
        self,
        learner: Learner,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        color: bool | None = None,
    ) -> None:
        self.learner = learner
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.color = wants_color(self.stdout) if color is None else color
        # Typed input is echoed by the terminal; piped input is echoed by us, so that the
        # transcript reads "prompt: answer" and the reply starts on a line of its own.
        self.echo = not self.stdin.isatty()
        self._console: Console | None = None  # made by the first markdown()

    # -- output -------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def markdown(self, text: str) -> None:
        """Lesson Markdown as text: styled on a colour terminal, otherwise plain words."""
        from tutor.plain.markdown import markdown_console, render_markdown

        if self._console is None:
            self._console = markdown_console(self.stdout, self.color)
        self.say(render_markdown(self._console, text))

    def ask(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.say()
            raise EOFError
        if self.echo:
            self.say(line.rstrip("\r\n"))
        return line.rstrip("\r\n")

    # -- entry points -----------------------------------------------------------------

    def run(self) -> int:
        """The menu loop; ends cleanly (exit 0) on `q` or at the end of input."""
        with self._session():
            self._menu()
        return 0

    def run_one(self, lesson: Lesson, start: int = 0) -> int:
        """One lesson or quiz, then the closing summary."""
        with self._session():
            self.run_lesson(lesson, start)
        return 0

    @contextmanager
    def _session(self) -> Iterator[None]:
        """However the session ends, say so and print the summary; answers are already saved.

        Ctrl+C is passed on after the summary, so that the process ends as interrupted.
        """
        if self.learner.warning:
            self.say(f"Warning: {self.learner.warning}")
        try:
            yield
        except EOFError:
            self.say("Input ended.")
        except _Quit:
            pass
        except KeyboardInterrupt:
            self.say()
            self.say("Interrupted.")
            self.finish()
            raise
        self.finish()

    def finish(self) -> None:
        score = self.learner.score
        finished = len(score.lessons_finished)
        self.say(
            textwrap.fill(
                f"Saved. This session: {_count(score.answered, 'answer')}, "
                f"{score.right_first_try} of {score.first_tries} first tries right, "
                f"{_count(finished, 'lesson')} finished.",
                78,
            )
        )

    # -- the roadmap menu ------------------------------------------------------------

    def _menu(self) -> None:
        """The roadmap once, then commands; the roadmap again on `r` and after a finished lesson."""
        self._show_roadmap()
        while True:
            step = self.learner.next_step()
            if step.kind != "none":
                self.say(f"Enter: {step.reason}")
            choice = self.ask(MENU_PROMPT).strip()
            if choice.lower() in ("q", "quit"):
                return
            if choice.lower() in ("v", "review") or (not choice and step.kind == "review"):
                self.run_review()
                continue
            if choice.lower() in ("r", "roadmap"):
                self._show_roadmap()
                continue
            if choice.lower() == "g" or choice.lower().startswith("g "):
                from tutor.content.glossary import glossary_text

                entries = self.learner.course.look_up(choice[1:].strip())
                self.say(glossary_text(self.learner.course, entries) or "No term matches.")
                continue
            if choice.lower() == "p":
                self.say(self.learner.progress_text())
                continue
            lesson = step.lesson if not choice else self.learner.find_item(choice)
            if lesson is None:
                self.say(self._not_found(choice))
                continue
            try:
                self.run_lesson(lesson, self.learner.resume_screen(lesson))
            except _Quit:
                self.say("Left the lesson; your place is saved.")
            else:
                self._show_roadmap()

    def _not_found(self, choice: str) -> str:
        if not choice:
            return "Nothing to continue; pick a lesson by its number (r shows them)."
        if choice.isdigit():
            last = len(self.learner.numbered_items())
            return f"There is no number {choice} on the roadmap (1–{last}); r shows it."
        guess = self.learner.suggest(choice)
        if guess:
            return f"No lesson '{choice}'{guess}."
        return f"No lesson '{choice}'; type its number or id (r shows the roadmap)."

    def run_review(self, practise: bool = False) -> None:
        """The due review (or, when none is due, practice with the cards due next), then the
        roadmap."""
        plan = self.learner.plan_review(practise=practise)
        for problem in plan.problems:
            self.say(f"Warning: {problem}")
        if plan.lesson is None:
            self.say(textwrap.fill(plan.message, 78))
            if self.learner.review_summary().cards and not practise:
                self.say("Practising anyway: the cards due next.")
                self.run_review(practise=True)
            return
        try:
            self.run_lesson(plan.lesson, 0)
        except _Quit:
            self.say("Left the review; what you answered is saved.")
        else:
            self._show_roadmap()

    def _show_roadmap(self) -> None:
        self.say("")
        self.say("mltutor — the roadmap")
        summary = self.learner.review_summary()
        due = summary.due_now and summary.left_today
        self.say(review_row(summary, "v") + ("  (v)" if due else ""))
        numbers = {item.id: n for n, item in self.learner.numbered_items()}
        statuses = self.learner.statuses()
        mastery = self.learner.mastery()
        for phase in self.learner.course.phases:
            if not phase.lessons:
                self.say(f"Phase {phase.number}: {phase.title} — no lessons yet")
                continue
            progress = phase_progress(phase, statuses, framed=True)
            known = mastery.get(f"phase-{phase.number}")
            shown = f"  mastery [{mastery_text(known)}]" if known is not None else ""
            self.say(f"Phase {phase.number}: {phase.title}  {progress}{shown}")
            for item in self.learner.course.roadmap(phase.number):
                status = status_label(statuses[item.id])
                known = mastery.get(item.id)
                shown = f"  mastery {known:.0%}" if known is not None else ""
                self.say(f"  {numbers[item.id]:>2}. {item.title}  ({status}){shown}")

    # -- lessons -------------------------------------------------------------------------

    def run_lesson(self, lesson: Lesson, start: int) -> None:
        index = start
        total = lesson.screen_count
        self.learner.begin_lesson(lesson, start)
        while True:
            self.learner.set_position(lesson, index)
            began = time.monotonic()
            self.say("")
            self.say(f"— {lesson.title} · screen {index + 1} of {total} —")
            if index == total - 1:
                outcome = self.learner.finish_lesson(lesson, index)
                self._add_time(lesson, began)
                ending = outcome_lines(outcome, quiz=lesson.kind == "quiz") + review_lines(outcome)
                self.markdown("\n".join(["## Summary", "", lesson.summary, "", *ending]))
                what = {"quiz": "Quiz", "review": "Review"}.get(lesson.kind, "Lesson")
                if outcome.done:
                    self.say(
                        "Review done." if what == "Review" else f"{what} done: {lesson.title}."
                    )
                    return
                back = self._back_to_skipped()
                if back:
                    index = outcome.skipped[0][0]
                    continue
                self.say(f"{what} left in progress: {len(outcome.skipped)} question(s) unanswered.")
                return
            screen = lesson.screens[index]
            if isinstance(screen, TextScreen):
                self.markdown(screen.text)
            elif isinstance(screen, CheckScreen):
                self.ask_question(
                    self.learner.course.questions[screen.question_id],
                    lesson.id,
                    reveal_on_skip=lesson.kind not in ("quiz", "review"),
                )
            elif isinstance(screen, LabScreen):
                if screen.predict is not None:
                    self.ask_question(self.learner.course.questions[screen.predict], lesson.id)
                self.offer_lab(screen.lab, screen.knobs, lesson.id)
            step = self._step()
            self._add_time(lesson, began)
            if step == "quit":
                raise _Quit
            if step == "back":
                index = max(0, index - 1)
            else:
                index += 1

    def _back_to_skipped(self) -> bool:
        while True:
            text = self.ask("s answers the first skipped question · Enter leaves: ").strip().lower()
            if text in ("s", "", "q"):
                return text == "s"
            self.say(f"('{text}' is not a key here: s goes back, Enter or q leaves)")

    def _step(self) -> str:
        """Where to go from a screen: "next", "back" or "quit"; anything else is explained."""
        while True:
            text = self.ask("[Enter] next · b back · q leave: ").strip()
            if text.lower() in _STEPS:
                return _STEPS[text.lower()]
            self.say(
                f"('{text}' is not a key here: Enter goes on, b goes back, q leaves the lesson)"
            )

    def _add_time(self, lesson: Lesson, began: float) -> None:
        self.learner.add_screen_time(lesson.id, time.monotonic() - began)

    # -- labs ----------------------------------------------------------------------------------

    def offer_lab(self, lab_id: str, knobs: dict[str, object], lesson_id: str | None) -> None:
        """Show a lab's knobs; run it as often as the learner likes, changing knobs between runs."""
        from tutor.labs import KnobError, require_lab

        spec = require_lab(lab_id)
        values = spec.resolve(knobs)
        self.say(f"Lab: {spec.title}")
        self.say(textwrap.fill(spec.summary, 78))
        while True:
            for knob in spec.knobs.values():
                self.say(f"  {knob.name} = {values[knob.name]}   ({knob.describe()}; {knob.help})")
            text = self.ask("r to run · KNOB=VALUE to change a knob · Enter to go on: ").strip()
            if not text:
                return
            if text.lower() == "r":
                self.run_lab(spec.id, values, lesson_id)
                continue
            name, sep, raw = text.partition("=")
            try:
                if not sep:
                    raise KnobError(
                        f"type r, KNOB=VALUE (e.g. {next(iter(spec.knobs))}=3) or Enter"
                    )
                values = spec.resolve({**values, name.strip(): raw})
            except KnobError as exc:
                self.say(f"({exc})")

    def run_lab(
        self, lab_id: str, values: dict[str, object], lesson_id: str | None
    ) -> LabResult | None:
        """Run a lab to the end and print its chart and findings; None if it failed."""
        from tutor.charts import findings_text, render_chart
        from tutor.labs import require_lab
        from tutor.labs import run_lab as run

        spec = require_lab(lab_id)
        loading = "torch" in spec.uses and "torch" not in sys.modules
        self.say("Loading PyTorch, then running…" if loading else "Running…")
        started = time.monotonic()
        try:
            result = run(lab_id, values)
        except Exception as exc:  # a failing lab is reported, and the lesson goes on
            from tutor.labs.torchlib import TorchMissing

            why = str(exc) if isinstance(exc, TorchMissing) else f"{type(exc).__name__}: {exc}"
            self.say(f"The lab failed: {why}")
            self.learner.record_lab_run(
                lab_id, lesson_id, values, None, "error", time.monotonic() - started
            )
            return None
        self.learner.record_lab_run(
            lab_id, lesson_id, values, result.findings, "done", result.seconds
        )
        self.say(render_chart(result, spec.chart, width=78, height=16, color=self.color))
        self.say(findings_text(result))
        return result

    # -- questions ---------------------------------------------------------------------------

    def ask_question(
        self, question: Question, lesson_id: str | None, reveal_on_skip: bool = True
    ) -> Verdict | None:
        """Ask until right or until the learner moves on; every attempt is saved first.
        A quiz does not reveal a skipped question's answer: it is still to be answered."""
        if isinstance(question, CodeQuestion):
            return self._ask_code(question, lesson_id, reveal_on_skip)
        self.markdown(question.prompt)
        order = self._show_options(question)
        instructions = line_instructions(question)
        hints_shown = 0
        verdict: Verdict | None = None
        shown_at = time.monotonic()
        while True:
            extras = " · h hint" if hints_shown < len(question.hints) else ""
            extras += " · Enter to see the answer" if verdict else " · s skip"
            text = self.ask(f"{instructions}{extras} · q leave: ").strip()
            if text.lower() in ("q", "quit"):
                raise _Quit
            if text.lower() == "h":
                hints_shown = self._next_hint(question, hints_shown)
                continue
            if text.lower() == "s" and verdict is None and not reveal_on_skip:
                if lesson_id == REVIEW_ID:
                    self.say("Skipped; it stays due.")
                else:
                    self.say("Skipped; the end of the quiz lists it so you can come back to it.")
                return None
            if not text and verdict is not None or text.lower() == "s" and verdict is None:
                self._reveal(question)
                return verdict
            if not text:  # an empty line before any answer: say what works here
                self.say("(type your answer; s skips it, q leaves the lesson)")
                continue
            try:
                response = self._response(question, text, order)
                if isinstance(question, PredictQuestion):
                    result = self.run_lab(question.lab, question.knobs, lesson_id)
                    if result is None:
                        continue
                    response = {"choice": response, "observed": result.findings[question.finding]}
                attempt = Attempt(hints_shown, time.monotonic() - shown_at)
                verdict = self.learner.answer(question, lesson_id, response, attempt)
            except AnswerFormatError as exc:
                self.say(f"({exc})")
                continue
            self._show_verdict(question, verdict)
            if verdict.outcome == "unsure":  # the model answer is out: the question is settled
                return self._self_judge(question, lesson_id)
            if verdict.right:
                if question.explanation:
                    self.markdown(question.explanation)
                return verdict

    def _next_hint(self, question: Question, shown: int) -> int:
        """Say the next hint, if any is left; return how many have been shown."""
        if shown < len(question.hints):
            self.say(f"Hint: {question.hints[shown]}")
            return shown + 1
        self.say("No more hints.")
        return shown

    # -- code exercises ----------------------------------------------------------------------

    def _code_block(self, title: str, code: str) -> None:
        self.say(title)
        for line in code.rstrip().splitlines():
            self.say(f"    {line}" if line.strip() else "")

    def _ask_code(
        self, question: CodeQuestion, lesson_id: str | None, reveal_on_skip: bool
    ) -> Verdict | None:
        """The task and starter are printed; the learner types lines ending with a line
        holding only "." (or the end of input), or gives the path of a .py file."""
        from tutor.exercises.runner import code_running_refused

        self.say(f"Code exercise: {question.title}")
        self.markdown(question.prompt)
        if question.setup.strip():
            self._code_block("Already run before your code:", question.setup)
        self._code_block("Starter code:", question.starter)
        if (why := code_running_refused()) is not None:
            self.say(f"({why}.)")
            self._code_block("The reference solution:", question.solution)
            return None
        hints_shown = 0
        verdict: Verdict | None = None
        tries = 0
        while True:
            extras = " · h hint" if hints_shown < len(question.hints) else ""
            extras += " · Enter to see the solution" if tries >= 2 else ""
            extras += "" if verdict else " · s skip"
            first = self.ask(
                'Type your code, then a line with only "." (or a .py file\'s path)'
                f"{extras} · q leave:\n"
            )
            command = first.strip()
            if command.lower() in ("q", "quit"):
                raise _Quit
            if command.lower() == "h":
                hints_shown = self._next_hint(question, hints_shown)
                continue
            if command.lower() == "s" and verdict is None:
                if reveal_on_skip:
                    self._code_block("The reference solution:", question.solution)
                return None
            if not command:
                if tries >= 2:
                    self._code_block("The reference solution:", question.solution)
                    return verdict
                self.say("(type your code first; s skips, q leaves)")
                continue
            code = self._read_code(first)
            if code is None:
                continue
            self.say("Running your code in a separate process…")
            try:
                verdict = self.learner.answer(question, lesson_id, code)
            except AnswerFormatError as exc:
                self.say(f"({exc})")
                continue
            tries += 1
            self.say(f"{verdict_title(verdict.outcome)}")
            for line in verdict.feedback:
                self.markdown(line)
            if verdict.right:
                self._code_block(
                    "The reference solution, to compare with yours:", question.solution
                )
                if question.explanation:
                    self.markdown(question.explanation)
                return verdict

    def _read_code(self, first: str) -> str | None:
        """The rest of the typed lines, or the file that `first` names."""
        path = Path(first.strip()).expanduser()
        if first.strip().endswith(".py") and "\n" not in first and path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self.say(f"(cannot read {path}: {getattr(exc, 'strerror', None) or exc})")
                return None
        lines = [first]
        while True:
            try:
                line = self.ask("... ")
            except EOFError:
                break
            if line.strip() == ".":
                break
            lines.append(line)
        return "\n".join(lines) + "\n"

    def _self_judge(self, question: Question, lesson_id: str | None) -> Verdict:
        """The grader could not tell: the learner judges their answer against the model."""
        self.say("How does your answer compare with the model answer?")
        for n, (_, text) in enumerate(SELF_JUDGE_CHOICES, 1):
            self._option(n, text)
        while True:
            text = self.ask("Pick 1, 2 or 3 · q leave: ").strip().lower()
            if text in ("q", "quit"):
                raise _Quit
            if text in ("1", "2", "3"):
                outcome = SELF_JUDGE_CHOICES[int(text) - 1][0]
                verdict = self.learner.judge(question, outcome, lesson_id)
                self.say(f"{verdict_title(verdict.outcome)} (your own judgement).")
                for line in verdict.feedback:
                    self.say(line)
                return verdict
            self.say("(type 1, 2 or 3)")

    def _show_options(self, question: Question) -> list[int]:
        order = option_order(question)
        if isinstance(question, ChoiceQuestion):
            texts = [choice.text for choice in question.choices]
        elif isinstance(question, OrderQuestion):
            texts = list(question.items)
        else:
            return []
        for n, i in enumerate(order, 1):
            self._option(n, texts[i])
        return order

    def _option(self, number: int, text: str) -> None:
        self.say(textwrap.fill(f"{number:>3}. {text}", width=78, subsequent_indent="     "))

    @staticmethod
    def _response(question: Question, text: str, order: list[int]) -> object:
        if question.kind in ("single", "predict"):
            picked = parse_numbers(text, len(order))
            if len(picked) != 1:
                raise AnswerFormatError("pick one number")
            return order[picked[0]]
        if question.kind in ("multi", "order"):
            return [order[i] for i in parse_numbers(text, len(order))]
        return text

    def _show_verdict(self, question: Question, verdict: Verdict) -> None:
        self.say(verdict_sentence(verdict.outcome))
        for line in verdict.feedback:
            self.say(textwrap.fill(line, width=78, subsequent_indent="  "))
        for label, ideas in (
            ("Ideas you showed", verdict.shown),
            ("Ideas missing", verdict.missed),
        ):
            if ideas:
                text = f"{label}: " + "; ".join(ideas)
                self.say(textwrap.fill(text, width=78, subsequent_indent="  "))
        if question.kind == "written":
            self.say("A model answer:")
            self.markdown(correct_answer_text(question))

    def _reveal(self, question: Question) -> None:
        if question.kind != "written":
            self.say(f"The answer: {correct_answer_text(question)}")
        if question.explanation:
            self.markdown(question.explanation)
