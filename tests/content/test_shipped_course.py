"""The shipped course: valid, complete for Phase 1, and every Python block in it runs."""

from __future__ import annotations

import json
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
    (f"{lesson.id}-screen{index + 1}-{n}", textwrap.dedent(code))
    for lesson in COURSE.lessons.values()
    for index, screen in enumerate(lesson.screens)
    if isinstance(screen, TextScreen)
    for n, code in enumerate(CODE_BLOCK.findall(screen.text))
]
LESSONS_WITH_CODE = sorted({name.rsplit("-screen", 1)[0] for name, _ in BLOCKS})

# One interpreter per lesson runs its blocks one after another, each in a fresh
# namespace with warnings as errors, and reports every block that raised.
RUN_BLOCKS = """
import json, sys, traceback, warnings
failed = []
for name, code in json.load(sys.stdin):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            exec(compile(code, name, "exec"), {"__name__": "__main__"})
        except BaseException:
            failed.append(name + ":\\n" + traceback.format_exc())
print("\\n".join(failed), file=sys.stderr)
sys.exit(1 if failed else 0)
"""


def test_there_are_code_blocks_to_run() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("lesson_id", LESSONS_WITH_CODE)
def test_every_python_block_runs_as_written(lesson_id: str) -> None:
    blocks = [(name, code) for name, code in BLOCKS if name.rsplit("-screen", 1)[0] == lesson_id]
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", RUN_BLOCKS],
        input=json.dumps(blocks),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_a_failing_block_is_reported_by_name() -> None:
    result = subprocess.run(
        [sys.executable, "-c", RUN_BLOCKS],
        input=json.dumps([("ok-1", "x = 1"), ("bad-2", "import warnings; warnings.warn('w')")]),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "bad-2" in result.stderr and "ok-1" not in result.stderr


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
