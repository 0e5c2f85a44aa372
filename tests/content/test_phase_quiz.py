"""The phase quiz is retrieval practice, not a replay: it leaves out what the lessons already
asked, interleaves the objectives, and keeps one order for every sitting and every process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tutor.content.extras import interleave, lesson_question_ids, quiz_questions
from tutor.content.loader import read_course
from tutor.content.model import Course, Phase, Question, phase_item_id
from tutor.learner import load_course

COURSE = load_course()
ROOT = Path(__file__).resolve().parents[2]
PHASES = [p.number for p in COURSE.phases if COURSE.lessons.get(phase_item_id(p.number, "quiz"))]


def _quiz(course: Course, number: int) -> list[Question]:
    quiz = course.lessons[phase_item_id(number, "quiz")]
    return [course.questions[s.question_id] for s in quiz.screens]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _fewest_repeats(objectives: list[str]) -> int:
    """The fewest neighbours on the same objective any order of these objectives can have."""
    most = max(Counter(objectives).values(), default=0)
    return max(0, most - (len(objectives) - most) - 1)


def _repeats(objectives: list[str]) -> int:
    return sum(a == b for a, b in zip(objectives, objectives[1:], strict=False))


def test_the_shipped_phases_have_quizzes() -> None:
    assert PHASES[:2] == [1, 2]


@pytest.mark.parametrize("number", PHASES)
def test_the_phase_quiz_never_repeats_a_question_a_lesson_screen_asks(number: int) -> None:
    shown = lesson_question_ids(x for x in COURSE.lessons.values() if x.kind == "lesson")
    shown_words = {_words(COURSE.questions[i].prompt) for i in shown if i in COURSE.questions}
    for question in _quiz(COURSE, number):
        assert question.id not in shown, f"{question.id} is asked by a lesson too"
        assert _words(question.prompt) not in shown_words, f"{question.id} repeats a lesson's"


@pytest.mark.parametrize("number", PHASES)
def test_the_phase_quiz_checks_every_objective_of_its_phase(number: int) -> None:
    phase = COURSE.phase(number)
    assert phase is not None
    asked = {q.objective for q in _quiz(COURSE, number)}
    assert asked == {o.id for o in phase.objectives}
    assert all(q.kind != "written" for q in _quiz(COURSE, number))


@pytest.mark.parametrize("number", PHASES)
def test_the_phase_quiz_interleaves_its_objectives(number: int) -> None:
    objectives = [q.objective for q in _quiz(COURSE, number)]
    assert len(objectives) >= 10
    assert _repeats(objectives) == _fewest_repeats(objectives), objectives


@pytest.mark.parametrize("number", PHASES)
def test_the_phase_quiz_is_not_the_banks_file_order(number: int) -> None:
    asked = [q.id for q in _quiz(COURSE, number)]
    in_files = [q.id for q in COURSE.phase_questions(number) if q.id in set(asked)]
    assert asked != in_files


def test_interleaving_a_bank_written_one_objective_at_a_time() -> None:
    counts = {"a": 3, "b": 2, "c": 2}
    bank = [
        Question(f"q-{o}-{n}", o, "single", "?", "") for o, k in counts.items() for n in range(k)
    ]
    ordered = interleave(bank, seed="phase")
    assert sorted(q.id for q in ordered) == sorted(q.id for q in bank)
    assert _repeats([q.objective for q in ordered]) == 0
    lopsided = bank + [Question(f"q-a-{n}", "a", "single", "?", "") for n in range(3, 7)]
    objectives = [q.objective for q in interleave(lopsided, seed="phase")]
    assert _repeats(objectives) == _fewest_repeats(objectives) == 2


def test_the_order_is_the_same_whatever_order_the_bank_is_read_in() -> None:
    bank = [Question(f"q-{n}", "ab"[n % 2], "text", "?", "") for n in range(8)]
    first = [q.id for q in interleave(bank, seed="foundations")]
    assert [q.id for q in interleave(list(reversed(bank)), seed="foundations")] == first
    assert [q.id for q in interleave(bank, seed="foundations")] == first
    assert first != [q.id for q in bank]


def test_a_quiz_is_built_the_same_way_every_time_the_course_is_read() -> None:
    again, problems = read_course(ROOT)
    assert [p for p in problems if p.is_error] == []  # layout warnings may be there
    for number in PHASES:
        assert [q.id for q in _quiz(again, number)] == [q.id for q in _quiz(COURSE, number)]


def test_the_order_does_not_depend_on_the_process_hash_seed() -> None:
    """A resumed quiz must show the same question at the same screen in a new process, so
    the order may not come from Python's salted str hash."""
    script = (
        "import json\n"
        "from tutor.content.loader import read_course\n"
        "from pathlib import Path\n"
        "c, _ = read_course(Path('.'))\n"
        "print(json.dumps([s.question_id for s in c.lessons['phase-2-quiz'].screens]))\n"
    )
    orders = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        orders.append(json.loads(out.stdout))
    assert orders[0] == orders[1] == [q.id for q in _quiz(COURSE, 2)]


def test_a_question_with_a_lessons_words_under_another_id_is_left_out() -> None:
    phase = Phase("p", 1, "P", "p")
    lesson_q = Question("q-check", "o", "single", "Which **one** is right?", "")
    copy = Question("q-copy", "o", "single", "which one is right", "")
    other = Question("q-other", "o", "single", "Which two are right?", "")
    written = Question("q-written", "o", "written", "Why?", "")
    asked = quiz_questions(phase, [lesson_q, copy, other, written], shown=[lesson_q])
    assert [q.id for q in asked] == ["q-other"]
