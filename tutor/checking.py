"""Turn a learner's answer into a verdict (right, wrong or partial) with feedback.

One function per question kind; `check_answer` picks the right one. Answers to
choice and order questions are indices into the question's own (unshuffled)
lists; the front ends map what they displayed back to those indices.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from tutor.content.model import (
    ChoiceQuestion,
    NumericQuestion,
    OrderQuestion,
    PredictQuestion,
    Question,
    TextQuestion,
    WrittenQuestion,
)
from tutor.labs import describe_finding

Outcome = Literal["right", "wrong", "partial"]


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    score: float
    feedback: tuple[str, ...] = ()
    shown: tuple[str, ...] = field(default=())  # written: rubric concepts found
    missed: tuple[str, ...] = field(default=())  # written: rubric concepts not found

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


def check_text_answer(question: TextQuestion, text: str) -> Verdict:
    given = normalize_text(text)
    if not given:
        raise AnswerFormatError("type an answer")
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

_STOPWORDS = {"a", "an", "the", "of", "to", "is", "are", "and", "or", "in", "on", "it", "its"}


def _stem(word: str) -> str:
    """A crude stemmer: `changes`, `changed`, `changing` and `change` all become `chang`."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _words(text: str) -> list[str]:
    return [_stem(w) for w in normalize_text(text).split()]


def phrase_in_answer(phrase: str, answer_words: Sequence[str]) -> bool:
    """True when the phrase's words appear in order, close together, in the answer."""
    words = _words(phrase)
    content = [w for w in words if w not in _STOPWORDS] or words
    if not content:
        return False
    window = 2 * len(content) + 2
    for start, word in enumerate(answer_words):
        if word != content[0]:
            continue
        position, found = start, 1
        for wanted in content[1:]:
            nxt = next(
                (
                    j
                    for j in range(position + 1, min(start + window, len(answer_words)))
                    if answer_words[j] == wanted
                ),
                None,
            )
            if nxt is None:
                break
            position, found = nxt, found + 1
        if found == len(content):
            return True
    return False


def check_written_answer(question: WrittenQuestion, text: str) -> Verdict:
    if not text.strip():
        raise AnswerFormatError("write a few sentences first")
    words = _words(text)
    shown = tuple(
        c.concept for c in question.rubric if any(phrase_in_answer(p, words) for p in c.phrases)
    )
    missed = tuple(c.concept for c in question.rubric if c.concept not in shown)
    if len(shown) >= question.pass_count:
        outcome: Outcome = "right"
    elif shown:
        outcome = "partial"
    else:
        outcome = "wrong"
    summary = f"Your answer showed {len(shown)} of {len(question.rubric)} key ideas"
    summary += f" ({question.pass_count} needed)."
    return Verdict(outcome, len(shown) / max(1, len(question.rubric)), (summary,), shown, missed)


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


_CHECKERS: dict[str, tuple[Callable[..., Verdict], Callable[[Any], object]]] = {
    # kind → (checker, how the stored response is handed to it)
    "single": (check_single_answer, int),
    "multi": (check_multi_answer, list),
    "numeric": (check_numeric_answer, str),
    "text": (check_text_answer, str),
    "order": (check_order_answer, list),
    "written": (check_written_answer, str),
    "predict": (check_predict_answer, dict),
}


def check_answer(question: Question, response: object) -> Verdict:
    """Check any kind of question; raise AnswerFormatError for unreadable input."""
    checker, convert = _CHECKERS[question.kind]
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
    return ""
