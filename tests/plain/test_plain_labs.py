"""Labs and predict questions in line mode, through a subprocess with piped input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_mltutor
from tutor.checking import display_order

LESSON = """\
id: poly-lesson
title: Curves
objectives: [obj-a]
screens:
  - text: Fitting curves.
  - lab: poly-fit
    knobs: {degree: 3}
  - check: q-poly-overfits
  - text: More.
  - text: The end.
summary: |
  - Done.
"""

PREDICT = """
  - id: q-poly-overfits
    objective: obj-a
    kind: predict
    prompt: Will a degree-15 polynomial overfit 30 noisy points?
    lab: poly-fit
    knobs: {degree: 15}
    finding: overfits_at_degree_15
    choices:
      - text: "Yes"
        when: true
        correct: true
        why: It chases the noise.
      - text: "No"
        when: false
        why: Flexible models do not fix themselves.
    explanation: Degree 15 fits the noise.
"""


@pytest.fixture
def poly_course(course_dir: Path) -> Path:
    (course_dir / "lessons/phase-1/03-poly.yaml").write_text(LESSON)
    bank = course_dir / "quizzes/bank.yaml"
    bank.write_text(bank.read_text() + PREDICT)
    return course_dir


def test_a_lab_runs_in_line_mode_and_a_prediction_is_decided_by_it(
    poly_course: Path, private_home: Path
) -> None:
    right = display_order("q-poly-overfits", 2).index(0) + 1
    steps = [
        "poly-lesson",
        "",  # text → lab screen
        "degree=99",  # out of range: refused, named
        "degree=1",
        "r",  # run at degree 1
        "",  # leave the lab
        "",  # next
        str(right),  # predict: the lab runs at degree 15 and decides
        "",
        "q",
        "q",
    ]
    result = run_mltutor(stdin="\n".join(steps) + "\n", home=private_home, content=poly_course)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(knob 'degree' takes a whole number from 1 to 15, not 99)" in out
    assert "A straight line underfits: yes" in out  # findings by their labels
    assert "The lab found — Degree 15 overfits: yes." in out
    assert "underfits_at_degree_1" not in out and "overfits_at_degree_15" not in out
    assert "Correct." in out
    assert "\x1b" not in out
    runs = json.loads(
        run_mltutor("progress", "--json", home=private_home, content=poly_course).stdout
    )
    assert runs["answers"] == 1
    assert runs["lab_runs"] == 2  # the free run at degree 1 and the one that decided


def test_a_missed_prediction_comes_back_with_its_lab_and_counts_as_a_review(
    poly_course: Path, private_home: Path
) -> None:
    order = display_order("q-poly-overfits", 2)
    wrong, right = order.index(1) + 1, order.index(0) + 1
    steps = ["poly-lesson", "", "", "", str(wrong), "", "q", "q"]  # the lab decides: wrong
    result = run_mltutor(stdin="\n".join(steps) + "\n", home=private_home, content=poly_course)
    assert result.returncode == 0, result.stderr
    review = run_mltutor("review", stdin=f"{right}\n\n", home=private_home, content=poly_course)
    assert review.returncode == 0, review.stderr
    out = review.stdout
    assert "Review · 1 question" in out
    assert "The lab found — Degree 15 overfits: yes." in out and "Correct." in out
    assert "Reviewed (1)" in out and "right; back in 2 days" in out
    data = json.loads(
        run_mltutor("progress", "--json", home=private_home, content=poly_course).stdout
    )
    assert data["review"]["reviews_today"] == 1 and data["review"]["due_now"] == 0
