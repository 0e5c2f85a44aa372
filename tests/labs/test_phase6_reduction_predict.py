"""Phase 6 (PCA) predict questions: the right answer does not hang on seed 0."""

from __future__ import annotations

import pytest

from tutor.content.model import PredictQuestion
from tutor.labs import run_lab
from tutor.learner import load_course

QUESTIONS = ["q-p6-pca-predict-wine-scaling", "q-p6-pca-predict-digits-scaling"]


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_the_right_answer_holds_for_other_seeds(question_id: str) -> None:
    question = load_course().questions[question_id]
    assert isinstance(question, PredictQuestion)
    (right,) = [c.when for c in question.choices if c.correct]
    for seed in (0, 1, 2, 3):
        knobs = {**question.knobs, "seed": seed}
        observed = run_lab(question.lab, knobs).findings[question.finding]
        assert observed == right, f"{question_id} at seed {seed}: {observed!r}"
