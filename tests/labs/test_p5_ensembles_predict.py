"""Phase 5 (ensembles lab): the predict questions' right answers hold for five other seeds."""

from __future__ import annotations

import pytest

from tutor.content.model import PredictQuestion
from tutor.labs import run_lab
from tutor.learner import load_course

ROBUST = ["q-p5-predict-bagging-vs-tree", "q-p5-predict-boost-fast-rate"]


@pytest.mark.parametrize("question_id", ROBUST)
def test_the_right_answer_holds_for_five_other_seeds(question_id: str) -> None:
    question = load_course().questions[question_id]
    assert isinstance(question, PredictQuestion)
    (right,) = [c.when for c in question.choices if c.correct]
    for seed in range(1, 6):
        knobs = {**question.knobs, "seed": seed}
        observed = run_lab(question.lab, knobs).findings[question.finding]
        assert observed == right, f"{question_id} at seed {seed}: {observed!r}"
