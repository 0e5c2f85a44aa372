"""What every front end says about a lesson's end: the score, what was skipped, what to revisit.

The app and line mode both lay out these Markdown lines; neither words them itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.content.model import Question
    from tutor.learner import LessonOutcome

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
