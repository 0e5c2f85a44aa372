"""The labelled answer set for measuring the written-answer grader (issue 9): its shape only.

How well a grader scores on the set is measured by benchmarks/grader_agreement.py, not here.
"""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.grader_agreement import (
    ANSWERS,
    KINDS,
    SPLITS,
    VERDICTS,
    LabelledAnswer,
    load_answers,
)
from tutor.checking import check_answer
from tutor.learner import load_course

COURSE = load_course()
ANSWER_SET = load_answers()
MIN_ANSWERS = 15  # issue 9: at least 15 per written question
MIN_VERDICTS = {"right": 5, "wrong": 4, "partial": 3}
HELD_OUT_SHARE = (0.25, 0.40)  # "about a third"


def _for(question_id: str) -> list[LabelledAnswer]:
    return [a for a in ANSWER_SET if a.question_id == question_id]


QUESTION_IDS = sorted({a.question_id for a in ANSWER_SET})


def test_the_set_has_exactly_the_expected_fields() -> None:
    import yaml

    data = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    for question_id, entries in data["questions"].items():
        for entry in entries:
            assert set(entry) == {"text", "verdict", "kind", "why", "split"}, (question_id, entry)
            assert all(isinstance(v, str) and v.strip() for v in entry.values()), entry


def test_every_question_exists_and_is_written() -> None:
    for question_id in QUESTION_IDS:
        assert question_id in COURSE.questions, f"no question {question_id}"
        assert COURSE.questions[question_id].kind == "written", question_id


def test_every_written_question_of_the_course_is_covered() -> None:
    written = {q.id for q in COURSE.questions.values() if q.kind == "written"}
    assert written == set(QUESTION_IDS)


def test_values_are_valid() -> None:
    for a in ANSWER_SET:
        assert a.verdict in VERDICTS, a
        assert a.kind in KINDS, a
        assert a.split in SPLITS, a


def test_no_answer_is_repeated() -> None:
    texts = Counter((a.question_id, " ".join(a.text.casefold().split())) for a in ANSWER_SET)
    assert [t for t, n in texts.items() if n > 1] == []


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_each_question_has_enough_answers_of_every_kind_and_verdict(question_id: str) -> None:
    answers = _for(question_id)
    assert len(answers) >= MIN_ANSWERS
    assert set(KINDS) <= {a.kind for a in answers}, set(KINDS) - {a.kind for a in answers}
    verdicts = Counter(a.verdict for a in answers)
    for verdict, least in MIN_VERDICTS.items():
        assert verdicts[verdict] >= least, (verdict, verdicts)


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_about_a_third_is_held_out_spread_over_verdicts(question_id: str) -> None:
    answers = _for(question_id)
    held_out = [a for a in answers if a.split == "held-out"]
    low, high = HELD_OUT_SHARE
    assert low <= len(held_out) / len(answers) <= high, len(held_out)
    assert {a.verdict for a in held_out} == set(VERDICTS)
    assert len({a.kind for a in held_out}) >= 4


def test_about_a_third_is_held_out_overall() -> None:
    held_out = sum(a.split == "held-out" for a in ANSWER_SET)
    low, high = HELD_OUT_SHARE
    assert low <= held_out / len(ANSWER_SET) <= high


def test_every_answer_can_be_graded() -> None:
    """Each text reaches the checker as a real answer (none is empty or unreadable)."""
    for a in ANSWER_SET:
        check_answer(COURSE.questions[a.question_id], a.text)
