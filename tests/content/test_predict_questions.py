"""Every predict question: the lab, run at the question's knobs, yields the finding that the
author's right answer claims — so a lesson can never disagree with its chart. The check is
`validate --run`'s own (tutor.content.runcheck.check_predictions)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from tutor.checking import check_predict_answer
from tutor.content.model import PredictQuestion
from tutor.content.runcheck import check_predictions
from tutor.labs import run_lab
from tutor.learner import load_course

QUESTIONS = [q for q in load_course().questions.values() if isinstance(q, PredictQuestion)]


def findings(lab_id: str, knobs: Mapping[str, object]) -> Mapping[str, object]:
    return run_lab(lab_id, knobs).findings


def test_there_are_at_least_three_predict_questions_in_phase_two() -> None:
    phase_two = {o.id for o in load_course().phase(2).objectives}
    assert len([q for q in QUESTIONS if q.objective in phase_two]) >= 3


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_the_lab_agrees_with_the_right_answer(question: PredictQuestion) -> None:
    problems, observed = check_predictions([question], findings)
    assert problems == [], "\n".join(map(str, problems))
    (claimed,) = [i for i, c in enumerate(question.choices) if c.correct]
    assert question.choices[claimed].when == observed[question.id]
    verdict = check_predict_answer(question, {"choice": claimed, "observed": observed[question.id]})
    assert verdict.right
