"""No giveaways in the shipped course's choice questions: the right option is not the longest
more often than chance would make it, and never towers over the wrong ones."""

from __future__ import annotations

import re

import pytest

from tutor.content.model import ChoiceQuestion, TextQuestion
from tutor.learner import load_course

# `single` questions only: a `predict` question's options are outcomes a lab decides, and a
# `multi` question has several right options.
SINGLE = sorted(
    (q for q in load_course().questions.values() if q.kind == "single"),
    key=lambda q: q.id,
)

# With four options chance is 25%; with three, 33%. A little above chance is allowed.
MOST_OFTEN_LONGEST = 0.35
# Nor the shortest: rewriting to avoid one cue must not plant the opposite one.
MOST_OFTEN_SHORTEST = 0.35
# A right option may be a little longer than the longest wrong one, not much.
MOST_LENGTH_RATIO = 1.5
# Questions exempt from the length checks while their facts are being reworked (none now).
AWAITING_FACT_FIXES: set[str] = set()


def _lengths(question: ChoiceQuestion) -> tuple[int, int]:
    """The right option's length and the longest wrong option's, in characters."""
    right = next(len(c.text) for c in question.choices if c.correct)
    wrong = max(len(c.text) for c in question.choices if not c.correct)
    return right, wrong


def test_there_are_single_choice_questions() -> None:
    assert len(SINGLE) >= 20


def test_the_right_option_is_the_longest_about_as_often_as_chance() -> None:
    longest = [q.id for q in SINGLE if _lengths(q)[0] > _lengths(q)[1]]
    share = len(longest) / len(SINGLE)
    assert share <= MOST_OFTEN_LONGEST, (
        f"the right option is the longest in {len(longest)} of {len(SINGLE)} single-choice "
        f"questions ({share:.0%}; at most {MOST_OFTEN_LONGEST:.0%}): {', '.join(longest)}"
    )


def test_the_right_option_is_the_shortest_about_as_often_as_chance() -> None:
    shortest = [
        q.id
        for q in SINGLE
        if _lengths(q)[0] < min(len(c.text) for c in q.choices if not c.correct)
    ]
    share = len(shortest) / len(SINGLE)
    assert share <= MOST_OFTEN_SHORTEST, (
        f"the right option is the shortest in {len(shortest)} of {len(SINGLE)} single-choice "
        f"questions ({share:.0%}; at most {MOST_OFTEN_SHORTEST:.0%}): {', '.join(shortest)}"
    )


@pytest.mark.parametrize(
    "question",
    [q for q in SINGLE if q.id not in AWAITING_FACT_FIXES],
    ids=lambda q: q.id,
)
def test_the_right_option_is_not_much_longer_than_every_wrong_one(
    question: ChoiceQuestion,
) -> None:
    right, wrong = _lengths(question)
    assert right <= MOST_LENGTH_RATIO * wrong, (
        f"{question.source}: the right option has {right} characters, the longest wrong one "
        f"{wrong}: lengthen the wrong ones into specific mistakes or tighten the right one"
    )


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


TEXT = sorted(
    (q for q in load_course().questions.values() if isinstance(q, TextQuestion) and q.hints),
    key=lambda q: q.id,
)


@pytest.mark.parametrize("question", TEXT, ids=lambda q: q.id)
def test_no_hint_of_a_text_question_says_a_word_of_the_answer(question: TextQuestion) -> None:
    """A hint points at the reasoning, never at the answer: none of its words of five letters
    or more is a word of an accepted answer ("Each model in it is called a hypothesis" gave
    away "hypothesis space")."""
    answer_words = {w for a in question.accept for w in _words(a) if len(w) >= 5}
    for hint in question.hints:
        said = sorted(answer_words & _words(hint))
        assert not said, f"{question.source}: the hint {hint!r} gives away {said}"
