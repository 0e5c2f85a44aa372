"""What the front ends say, worded once: verdicts, instructions per question kind, lesson
statuses and phase progress, and a lesson's end (score, skipped, objectives to revisit),
the review queue's line and a review's end, and mastery bars.

The app and line mode lay these out; neither words them itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.content.model import Phase, Question
    from tutor.learner import LessonOutcome
    from tutor.progress.review import QueueSummary

# -- verdicts -------------------------------------------------------------------------

_VERDICT = {
    "right": ("✓", "Right", "Correct."),
    "partial": ("◐", "Partly right", "Partly correct."),
    "wrong": ("✗", "Not quite", "Not quite."),
    "unsure": ("?", "Judge it yourself", "I can't tell for sure."),
}

# the learner's own verdict on a written answer the grader was unsure of: (outcome, label)
SELF_JUDGE_CHOICES = (
    ("right", "Mine says all of that: right"),
    ("partial", "Mine has part of it: partly right"),
    ("wrong", "Mine misses it or says otherwise: not right"),
)


def verdict_title(outcome: str) -> str:
    """The heading of the feedback: "✓ Right", "◐ Partly right", "✗ Not quite"."""
    mark, title, _ = _VERDICT[outcome]
    return f"{mark} {title}"


def verdict_sentence(outcome: str) -> str:
    """The verdict as a sentence, for line mode: "Correct.", "Not quite."."""
    return _VERDICT[outcome][2]


def earlier_answer_line(outcome: str) -> str:
    """Shown above a question the learner already answered in this lesson."""
    return (
        f"Answered before: {verdict_title(outcome)}. "
        "Answer again to practise; only your first try counts."
    )


# -- what to do with each kind of question ----------------------------------------------

APP_INSTRUCTIONS = {
    "single": "Pick one with ↑/↓ and press Enter.",
    "multi": "Tick each choice that applies with Space (↑/↓ to move), then press Enter.",
    "numeric": "Press Enter, type a number and press Enter again. Esc leaves the box.",
    "text": "Press Enter, type your answer and press Enter again. Esc leaves the box.",
    "order": (
        "Press Enter, type the numbers in the right order (e.g. 2 1 3) and press Enter "
        "again. Esc leaves the box."
    ),
    "written": (
        "Press Enter and write a few sentences (Enter starts a new line), then press "
        "Ctrl+S to submit. Esc leaves the box."
    ),
    "predict": (
        "Predict: pick what you expect with ↑/↓ and press Enter. The lab then runs and decides."
    ),
    "code": (
        "Press Enter to edit the code (Tab indents), then Ctrl+R to run and check it. Esc "
        "leaves the editor."
    ),
}
LINE_INSTRUCTIONS = {
    "single": "Your choice (a number)",
    "predict": "Your prediction (a number); then the lab runs",
    "multi": "Your choices (numbers separated by spaces)",
    "order": "The numbers in the right order (e.g. 2 1 3)",
    "written": "Your answer, on one line",
}


def line_instructions(question: Question) -> str:
    """The prompt line mode shows for a question (the unit, when there is one)."""
    text = LINE_INSTRUCTIONS.get(question.kind, "Your answer")
    unit = getattr(question, "unit", "")
    if question.kind == "numeric" and unit not in ("", "fraction"):
        text += f" (in {unit})"
    return text


def option_order(question: Question) -> list[int]:
    """The order a choice or order question shows its options in (stable per question)."""
    from tutor.checking import display_order

    count = len(getattr(question, "choices", ()) or getattr(question, "items", ()))
    return display_order(question.id, count)


# -- lessons and phases -------------------------------------------------------------------

STATUS_MARK = {"new": " ", "in_progress": "…", "done": "✓"}


def status_label(status: str) -> str:
    """ "in_progress" → "in progress"."""
    return status.replace("_", " ")


def phase_done(phase: Phase, statuses: dict[str, str]) -> tuple[int, int]:
    """(lessons done, lessons) of a phase."""
    done = sum(1 for lesson in phase.lessons if statuses.get(lesson.id) == "done")
    return done, len(phase.lessons)


def phase_progress(
    phase: Phase, statuses: dict[str, str], full: str = "#", empty: str = "-", framed: bool = False
) -> str:
    """A phase's bar and count: "██░░░░░░░░ 2/8" (or "[##--------] 2/8", framed)."""
    from tutor.progress.bar import bar

    done, total = phase_done(phase, statuses)
    drawn = bar(done / total if total else 0.0, 10, full, empty)
    return f"{f'[{drawn}]' if framed else drawn} {done}/{total}"


TITLE_WIDTH = 60
_MARKUP = re.compile(r"[*_`#>]+|\[([^\]]*)\]\([^)]*\)")


def question_title(question: Question, width: int = TITLE_WIDTH) -> str:
    """A question's first sentence as plain text, cut with "…" to fit `width`."""
    text = next((line for line in question.prompt.splitlines() if line.strip()), question.id)
    text = _MARKUP.sub(lambda m: m.group(1) or "", text).strip()
    first = re.split(r"(?<=[.?!:])\s", text, maxsplit=1)[0]
    if len(first) > width:
        first = first[: width - 1].rstrip() + "…"
    return first


def score_line(right: int, asked: int) -> str:
    percent = round(100 * right / asked) if asked else 0
    return f"{right} of {asked} right on the first try ({percent}%)"


def outcome_lines(outcome: LessonOutcome, quiz: bool) -> list[str]:
    """The end of a lesson or quiz as Markdown lines; each front end adds its own key hints."""
    lines: list[str] = []
    score = outcome.score
    if score is not None:
        lines.append(f"**Your score: {score_line(score.right, score.asked)}.**")
        if score.best is not None and score.best != (score.right, score.asked):
            lines.append(f"Your best so far: {score_line(*score.best)}.")
        lines.append("")
    if outcome.skipped:
        what = "This quiz" if quiz else "This lesson"
        lines.append(
            f"**Skipped ({len(outcome.skipped)}).** {what} stays *in progress* until you "
            "answer them:"
        )
        lines += [f"- {question_title(q)} (screen {i + 1})" for i, q in outcome.skipped]
        lines.append("")
    if outcome.missed:
        lines.append(f"**Not right on the first try ({len(outcome.missed)}):**")
        lines += [f"- {question_title(q)}" for q in outcome.missed]
        lines.append("")
    if outcome.weak_objectives and (quiz or outcome.missed):
        lines.append("**Objectives that need work:**")
        lines += [f"- {text}" for text in outcome.weak_objectives]
        lines.append("")
    return lines


# -- spaced review and mastery ------------------------------------------------------------

# how a review's rating reads to the learner
REVIEW_RESULT = {1: "missed", 2: "right, with effort", 3: "right", 4: "right, easily"}


def review_row(summary: QueueSummary, key: str = "Enter") -> str:
    """The roadmap's first line: "Review · 3 due", or what `key` does when none is."""
    if summary.due_now and summary.left_today:
        return f"Review · {min(summary.due_now, summary.left_today)} due"
    if summary.due_now:
        return f"Review · today's {summary.daily_limit} done — {key} to practise anyway"
    if summary.cards:
        return f"Review · nothing due — {key} to practise anyway"
    return "Review · nothing yet"


def review_detail(summary: QueueSummary) -> str:
    """What the roadmap says under its list when the Review line is highlighted."""
    if not summary.cards:
        return (
            "Questions you miss, or get right only after a hint, come back here a day or more "
            "later: recalling them then is what makes them last."
        )
    cards = f"{summary.cards} card{'s' if summary.cards != 1 else ''}"
    return (
        f"{summary.due_now} due now, {summary.due_this_week} this week, {cards}; "
        f"{summary.reviews_today} of today's {summary.daily_limit} done. Most overdue first, "
        "objectives mixed."
    )


def review_lines(outcome: LessonOutcome) -> list[str]:
    """A review's end: each question, how it went and when it comes back."""
    from tutor.progress.review import due_in

    lines: list[str] = []
    if outcome.reviewed:
        lines.append(f"**Reviewed ({len(outcome.reviewed)}):**")
        for done in outcome.reviewed:
            when = due_in(done.due, done.reviewed_at)
            lines.append(
                f"- {question_title(done.question, 50)} — {REVIEW_RESULT[done.rating]}; back {when}"
            )
        lines.append("")
    if outcome.still_due:
        lines.append(f"**Not answered, still due ({len(outcome.still_due)}):**")
        lines += [f"- {question_title(q)}" for q in outcome.still_due]
        lines.append("")
    return lines


def mastery_text(fraction: float, full: str = "#", empty: str = "-") -> str:
    """A small mastery bar and its share: "██░░░  40%"."""
    from tutor.progress.bar import bar

    return f"{bar(fraction, 5, full, empty)} {fraction:>4.0%}"
