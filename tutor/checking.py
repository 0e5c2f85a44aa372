"""Turn a learner's answer into a verdict (right, wrong or partial) with feedback.

One function per question kind; `check_answer` picks the right one. Answers to
choice and order questions are indices into the question's own (unshuffled)
lists; the front ends map what they displayed back to those indices.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from tutor.content.model import (
    ChoiceQuestion,
    CodeQuestion,
    NumericQuestion,
    OrderQuestion,
    PredictQuestion,
    Question,
    TextQuestion,
    WrittenQuestion,
)
from tutor.labs import describe_finding

Outcome = Literal["right", "wrong", "partial", "unsure"]  # unsure: written answers only


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    score: float
    feedback: tuple[str, ...] = ()
    shown: tuple[str, ...] = field(default=())  # written: rubric concepts found
    missed: tuple[str, ...] = field(default=())  # written: rubric concepts not found
    misconceptions: tuple[str, ...] = field(default=())  # written: wrong claims made
    self_judged: bool = False  # written: the learner judged it against the model answer

    @property
    def right(self) -> bool:
        return self.outcome == "right"


class AnswerFormatError(ValueError):
    """The input could not be read as an answer; the attempt does not count."""


# --- helpers shared by the kinds ---------------------------------------------

_ARTICLES = {"a", "an", "the"}
_DECIMAL_POINT = re.compile(r"(?<=\d)[.,](?=\d)")


def normalize_text(text: str) -> str:
    """Lowercase, drop punctuation and accents' compatibility forms, collapse spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DECIMAL_POINT.sub("\x00", text)  # keep 2.5 apart from 25
    text = "".join(ch if ch.isalnum() or ch == "\x00" else " " for ch in text)
    text = text.replace("\x00", ".")
    words = text.split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def display_order(question_id: str, count: int) -> list[int]:
    """A stable shuffle of `count` items, never the identity when count > 1.

    Stable so that a learner resuming a lesson, the plain mode and the tests see
    the same order; seeded by the question id, not by Python's salted hash.
    """
    import random

    rng = random.Random(zlib.crc32(question_id.encode()))
    order = list(range(count))
    if count < 2:
        return order
    while order == sorted(order):
        rng.shuffle(order)
    return order


# --- choice questions ----------------------------------------------------------


def check_single_answer(question: ChoiceQuestion, picked: int) -> Verdict:
    if not 0 <= picked < len(question.choices):
        raise AnswerFormatError(f"pick a choice from 1 to {len(question.choices)}")
    choice = question.choices[picked]
    outcome: Outcome = "right" if choice.correct else "wrong"
    return Verdict(outcome, 1.0 if choice.correct else 0.0, (choice.why,))


def check_multi_answer(question: ChoiceQuestion, picked: Sequence[int]) -> Verdict:
    chosen = set(picked)
    if not chosen:
        raise AnswerFormatError("pick at least one choice")
    if any(not 0 <= i < len(question.choices) for i in chosen):
        raise AnswerFormatError(f"choices go from 1 to {len(question.choices)}")
    correct = {i for i, c in enumerate(question.choices) if c.correct}
    feedback = []
    for i, choice in enumerate(question.choices):
        if i in chosen:
            mark = "✓" if choice.correct else "✗"
            feedback.append(f"{mark} {choice.text} — {choice.why}")
        elif choice.correct:
            feedback.append(f"missed: {choice.text} — {choice.why}")
    hits = len(chosen & correct)
    wrong_picks = len(chosen - correct)
    score = max(0.0, (hits - wrong_picks) / len(correct))
    if chosen == correct:
        outcome: Outcome = "right"
    elif hits:
        outcome = "partial"
    else:
        outcome = "wrong"
    return Verdict(outcome, 1.0 if outcome == "right" else score, tuple(feedback))


# --- numeric -------------------------------------------------------------------


def parse_number(text: str, unit: str = "") -> float:
    """Read `0.75`, `.75`, `75%`, `3/4`, `1e-3` or `1,000`; percentages become fractions
    when the unit is `fraction`."""
    raw = text.strip().replace(" ", "").replace("_", "")
    if not raw:
        raise AnswerFormatError("type a number")
    percent = raw.endswith("%")
    if percent:
        raw = raw[:-1]
    if raw.count(",") == 1 and "." not in raw and len(raw.split(",")[1]) != 3:
        raw = raw.replace(",", ".")  # a decimal comma, as in 0,75
    raw = raw.replace(",", "")
    try:
        value = float(Fraction(raw)) if "/" in raw else float(raw)
    except (ValueError, ZeroDivisionError):
        raise AnswerFormatError(f"'{text.strip()}' is not a number: type e.g. 0.75") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise AnswerFormatError("type a finite number")
    if percent and unit == "fraction":
        value /= 100
    return value


def check_numeric_answer(question: NumericQuestion, text: str) -> Verdict:
    value = parse_number(text, question.unit)
    if question.unit == "fraction" and not text.strip().endswith("%") and abs(value) > 1:
        raise AnswerFormatError(
            f"the answer is a fraction between 0 and 1: type {value / 100:g} or {value:g}%"
        )
    answer = question.answer
    if question.rel_tolerance is not None:
        allowed = abs(answer) * question.rel_tolerance
    else:
        allowed = question.tolerance or 0.0
    if abs(value - answer) <= allowed + 1e-9 * max(1.0, abs(answer)):
        return Verdict("right", 1.0, (f"{value:g} is right.",))
    direction = "too high" if value > answer else "too low"
    return Verdict("wrong", 0.0, (f"{value:g} is {direction}.",))


# --- text ------------------------------------------------------------------------


def _as_code(text: str) -> str:
    """An answer that names something in code, without the quotes or backticks around it."""
    text = text.strip()
    while len(text) > 1 and text[0] == text[-1] and text[0] in "`'\"":
        text = text[1:-1].strip()
    return text


def check_text_answer(question: TextQuestion, text: str) -> Verdict:
    given = normalize_text(text)
    if not given:
        raise AnswerFormatError("type an answer")
    if question.exact:
        if _as_code(text) in {_as_code(a) for a in question.accept}:
            return Verdict("right", 1.0, (f"“{text.strip()}” is right.",))
        squeezed = given.replace(" ", "")
        if squeezed in {normalize_text(a).replace(" ", "") for a in question.accept}:
            return Verdict(
                "partial",
                0.5,
                (
                    f"“{text.strip()}” has the right parts, but a name in code must be "
                    "exact: capitals, underscores and dots all count.",
                ),
            )
        return Verdict("wrong", 0.0, (f"“{text.strip()}” is not what we were looking for.",))
    # spacing does not matter at all: "over-fitting", "over fitting" and "overfitting" agree
    accepted = {normalize_text(a).replace(" ", "") for a in question.accept}
    if given.replace(" ", "") in accepted or (
        question.pattern is not None and re.fullmatch(question.pattern, given, re.IGNORECASE)
    ):
        return Verdict("right", 1.0, (f"“{text.strip()}” is right.",))
    return Verdict("wrong", 0.0, (f"“{text.strip()}” is not what we were looking for.",))


# --- order ------------------------------------------------------------------------


def check_order_answer(question: OrderQuestion, order: Sequence[int]) -> Verdict:
    n = len(question.items)
    if sorted(order) != list(range(n)):
        raise AnswerFormatError(f"give each of the {n} items exactly once")
    in_place = sum(1 for position, item in enumerate(order) if position == item)
    if in_place == n:
        return Verdict("right", 1.0, ("Every item is in its place.",))
    outcome: Outcome = "partial" if in_place * 2 >= n else "wrong"
    right_order = " → ".join(question.items)
    return Verdict(
        outcome,
        in_place / n,
        (f"{in_place} of {n} items in the right place.", f"The order is: {right_order}"),
    )


# --- written ------------------------------------------------------------------------


def check_written_answer(question: WrittenQuestion, text: str) -> Verdict:
    """Grade by the claims the answer makes (tutor.grading); `unsure` asks the learner to
    judge their own answer against the model answer."""
    if not text.strip():
        raise AnswerFormatError("write a few sentences first")
    from tutor.grading import read_answer

    reading = read_answer(question, text)
    total = len(question.rubric)
    found = len(reading.found)
    feedback: list[str] = []
    if reading.grade == "unsure":
        feedback.append(
            "I can't tell for sure how well this answers the question. Compare it with "
            "the model answer below, then judge it yourself."
        )
    elif reading.keyword_list:
        feedback.append(
            "This reads as a list of terms. Explain in sentences how they connect: a list "
            "cannot show why."
        )
    for claim in reading.misconceptions:
        feedback.append(f"Your answer says: “{claim}”. That is a common misconception.")
    for concept in reading.denied:
        feedback.append(f"Your answer denies what is true here: {concept}.")
    if reading.grade in ("right", "partial") or (reading.grade == "wrong" and not feedback):
        feedback.append(
            f"Your answer states {found} of the {total} key ideas"
            f" ({question.pass_count} needed for full marks)."
        )
    score = 0.0 if reading.grade in ("wrong", "unsure") else found / max(1, total)
    if reading.grade == "right":
        score = 1.0
    return Verdict(
        reading.grade,
        score,
        tuple(feedback),
        reading.found,
        reading.missed,
        reading.misconceptions,
    )


# A self-judged answer counts half toward mastery: the learner's word, not the grader's.
SELF_JUDGED_WEIGHT = 0.5
SELF_JUDGEMENTS: dict[str, float] = {"right": 1.0, "partial": 0.5, "wrong": 0.0}


def self_judged_verdict(outcome: str) -> Verdict:
    """The learner's own verdict on a written answer the grader was unsure of."""
    if outcome not in SELF_JUDGEMENTS:
        raise AnswerFormatError("judge your answer as right, partial or wrong")
    return Verdict(
        outcome,  # type: ignore[arg-type]
        SELF_JUDGED_WEIGHT * SELF_JUDGEMENTS[outcome],
        ("You judged this answer yourself; it counts half toward mastery.",),
        self_judged=True,
    )


def check_predict_answer(question: PredictQuestion, response: dict) -> Verdict:
    """`response` holds the learner's `choice` and the lab's `observed` finding value."""
    picked = int(response["choice"])
    if not 0 <= picked < len(question.choices):
        raise AnswerFormatError(f"pick a choice from 1 to {len(question.choices)}")
    observed = response["observed"]
    right = question.right_choice(observed)
    seen = f"The lab found — {describe_finding(question.lab, question.finding, observed)}."
    if right is None:
        return Verdict("wrong", 0.0, (seen, "No choice matches what the lab found."))
    choice = question.choices[picked]
    if picked == right:
        return Verdict("right", 1.0, (seen, choice.why))
    actual = question.choices[right]
    return Verdict("wrong", 0.0, (seen, choice.why, f"What happened: {actual.text}"))


# --- code ------------------------------------------------------------------------------


def check_code_answer(
    question: CodeQuestion, code: str, cancel: threading.Event | None = None
) -> Verdict:
    """Run the learner's code and the solution in a separate, limited process and compare
    the values the exercise names. Raises AnswerFormatError (the attempt does not count)
    for an empty answer, a cancelled run, code running turned off, or a broken exercise."""
    from tutor.exercises.compare import ExerciseBroken, compare_run, summary_of_checks
    from tutor.exercises.runner import CodeRunRefused, Limits, run_code

    if not code.strip() or code.strip() == question.starter.strip():
        raise AnswerFormatError("write your code first: the starter alone is not an answer")
    try:
        report = run_code(
            question.setup,
            question.solution,
            [code],
            summary_of_checks(question),
            Limits(question.seconds, question.memory_mb),
            cancel,
        )
    except CodeRunRefused as exc:
        raise AnswerFormatError(str(exc)) from None
    if report.stopped == "cancelled":
        raise AnswerFormatError("the run was stopped before it finished, so it does not count")
    try:
        problems, passed = compare_run(question, report)
    except ExerciseBroken as exc:
        raise AnswerFormatError(
            f"the exercise itself failed ({exc}); this is a bug in the course, not in your "
            "code — please report it"
        ) from None
    if not problems:
        names = ", ".join(f"`{c.name}`" for c in question.checks if c.kind != "printed")
        said = f"Your code computes what the task asks{': ' + names if names else ''}."
        return Verdict("right", 1.0, (said,))
    outcome: Outcome = "partial" if passed else "wrong"
    return Verdict(outcome, len(passed) / max(1, len(question.checks)), tuple(problems))


_CHECKERS: dict[str, tuple[Callable[..., Verdict], Callable[[Any], object]]] = {
    # kind → (checker, how the stored response is handed to it)
    "single": (check_single_answer, int),
    "multi": (check_multi_answer, list),
    "numeric": (check_numeric_answer, str),
    "text": (check_text_answer, str),
    "order": (check_order_answer, list),
    "written": (check_written_answer, str),
    "predict": (check_predict_answer, dict),
    "code": (check_code_answer, str),
}


def check_answer(
    question: Question, response: object, cancel: threading.Event | None = None
) -> Verdict:
    """Check any kind of question; raise AnswerFormatError for unreadable input. `cancel`
    stops a code exercise's run."""
    checker, convert = _CHECKERS[question.kind]
    if question.kind == "code":
        return checker(question, convert(response), cancel)
    return checker(question, convert(response))


def parse_numbers(text: str, count: int) -> list[int]:
    """Read `2`, `1 3` or `3,1,2` as 0-based positions among `count` shown items."""
    parts = text.replace(",", " ").split()
    if not parts:
        raise AnswerFormatError(f"type a number from 1 to {count}")
    numbers = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= count:
            raise AnswerFormatError(f"'{part}' is not a number from 1 to {count}")
        numbers.append(int(part) - 1)
    if len(set(numbers)) != len(numbers):
        raise AnswerFormatError("each number only once, please")
    return numbers


def correct_answer_text(question: Question) -> str:
    """The right answer in words, shown after the explanation."""
    if isinstance(question, ChoiceQuestion):
        return "; ".join(c.text for c in question.choices if c.correct)
    if isinstance(question, NumericQuestion):
        unit = "" if question.unit in ("", "fraction") else f" {question.unit}"
        return f"{question.answer:g}{unit}"
    if isinstance(question, TextQuestion):
        return question.accept[0] if question.accept else f"anything matching {question.pattern}"
    if isinstance(question, OrderQuestion):
        return " → ".join(question.items)
    if isinstance(question, WrittenQuestion):
        return question.model_answer
    if isinstance(question, CodeQuestion):
        return f"```python\n{question.solution.rstrip()}\n```"
    return ""
