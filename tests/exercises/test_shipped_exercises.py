"""Every code exercise of the shipped course, learntools-style (issue 10): the reference
solution passes, a restyled solution and the exercise's other right answers pass, and each
typical wrong answer fails with its own message. One child process per exercise."""

from __future__ import annotations

import pytest

from tutor.content.model import CodeQuestion
from tutor.exercises.compare import compare_run, summary_of_checks
from tutor.exercises.runner import Limits, run_code
from tutor.learner import load_course

COURSE = load_course()
EXERCISES = [q for q in COURSE.questions.values() if isinstance(q, CodeQuestion)]


def restyled(code: str) -> str:
    """The same program with comments, blank lines, an extra print and a stray name."""
    lines = ["# my answer", "import math as _unused_math", ""]
    for line in code.splitlines():
        lines.append(line)
        if (
            line
            and not line.startswith((" ", "\t"))
            and not line.rstrip().endswith(("(", ",", "\\"))
        ):
            lines.append("")
    lines += ["", 'print("done, I think")', "_scratch = [1, 2, 3]"]
    return "\n".join(lines) + "\n"


def test_the_course_has_at_least_twelve_exercises() -> None:
    assert len(EXERCISES) >= 12, [q.id for q in EXERCISES]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda q: q.id)
def test_right_answers_pass_and_wrong_ones_get_their_message(exercise: CodeQuestion) -> None:
    rights = [exercise.solution, restyled(exercise.solution), *exercise.also_right]
    wrongs = [w.code for w in exercise.wrong]
    report = run_code(
        exercise.setup,
        exercise.solution,
        rights + wrongs + [exercise.starter],
        summary_of_checks(exercise),
        Limits(exercise.seconds * 2, exercise.memory_mb),  # a loaded CI machine
    )
    assert report.solution is not None and not report.solution.get("error"), report.solution
    for i, code in enumerate(rights):
        problems, _ = compare_run(exercise, report, i)
        assert problems == [], (code, problems)
    for j, wrong in enumerate(exercise.wrong):
        problems, _ = compare_run(exercise, report, len(rights) + j)
        assert problems, wrong.code
        assert any(wrong.message in p for p in problems), (wrong.message, problems)
    starter_problems, _ = compare_run(exercise, report, len(rights) + len(wrongs))
    assert starter_problems, "the starter code already passes"
