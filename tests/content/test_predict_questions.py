"""Every predict question: the lab, run at the question's knobs, yields the finding that the
author's right answer claims — so a lesson can never disagree with its chart."""

from __future__ import annotations

import pytest

from tutor.checking import check_predict_answer
from tutor.content.model import PredictQuestion
from tutor.labs import run_lab
from tutor.learner import load_course

QUESTIONS = [q for q in load_course().questions.values() if isinstance(q, PredictQuestion)]


def test_there_are_at_least_three_predict_questions_in_phase_two() -> None:
    phase_two = {o.id for o in load_course().phase(2).objectives}
    assert len([q for q in QUESTIONS if q.objective in phase_two]) >= 3


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_the_lab_agrees_with_the_right_answer(question: PredictQuestion) -> None:
    result = run_lab(question.lab, question.knobs)
    observed = result.findings[question.finding]
    (claimed,) = [i for i, c in enumerate(question.choices) if c.correct]
    assert question.choices[claimed].when == observed
    verdict = check_predict_answer(question, {"choice": claimed, "observed": observed})
    assert verdict.right
