"""The shipped course: valid, complete for Phase 1, and every Python block in it runs."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from tutor.content.model import TextScreen
from tutor.learner import load_course

COURSE = load_course()
CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
BLOCKS = [
    pytest.param(code, id=f"{lesson.id}-screen{index + 1}-{n}")
    for lesson in COURSE.lessons.values()
    for index, screen in enumerate(lesson.screens)
    if isinstance(screen, TextScreen)
    for n, code in enumerate(CODE_BLOCK.findall(screen.text))
]


def test_there_are_code_blocks_to_run() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("code", BLOCKS)
def test_every_python_block_runs_as_written(code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_phase_one_teaches_and_checks_every_objective() -> None:
    phase = COURSE.phase(1)
    assert 5 <= len(phase.lessons) <= 7
    bank = COURSE.phase_questions(1)
    for objective in phase.objectives:
        assert any(objective.id in lesson.objectives for lesson in phase.lessons)
        asked = [q for q in bank if q.objective == objective.id and q.kind != "written"]
        assert len(asked) >= 2, objective.id
    assert any(q.kind == "written" for q in bank)
    ids = [item.id for item in COURSE.roadmap(1)]
    assert ids[-3:] == ["phase-1-quiz", "phase-1-written", "phase-1-resources"]


def test_all_ten_phases_are_on_the_roadmap_in_order() -> None:
    assert [p.number for p in COURSE.phases] == list(range(1, 11))
    assert COURSE.phases[0].title == "Foundations"


def test_every_lesson_has_a_check_and_a_summary() -> None:
    for lesson in COURSE.phase(1).lessons:
        assert any(not isinstance(s, TextScreen) for s in lesson.screens), lesson.id
        assert lesson.summary.count("\n- ") + lesson.summary.startswith("-") >= 3, lesson.id


def test_every_text_question_accepts_its_own_answers() -> None:
    from tutor.checking import check_text_answer
    from tutor.content.model import TextQuestion

    for q in COURSE.questions.values():
        if isinstance(q, TextQuestion):
            for answer in q.accept:
                assert check_text_answer(q, answer).right, (q.id, answer)


def test_the_glossary_covers_the_taught_terms() -> None:
    terms = {e.term.casefold() for e in COURSE.glossary}
    assert len(terms) >= 80
    for term in ("overfitting", "cross-validation", "bias", "variance", "label", "rlhf"):
        assert term in terms, term
    assert {e.lesson for e in COURSE.glossary} <= set(COURSE.lessons)
