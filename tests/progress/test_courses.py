"""Issue 15: each course keeps its own progress. Two courses with the same lesson and
question ids, each answered, and neither's progress changes the other's (nor the shipped
course's)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURE_COURSE
from tests.helpers import run_mltutor
from tutor.content.loader import folder_course_id, read_course
from tutor.learner import Learner
from tutor.progress.store import DB_NAME, progress_file


def _course(root: Path, course_id: str | None) -> Path:
    shutil.copytree(FIXTURE_COURSE, root)
    if course_id is not None:
        roadmap = root / "lessons" / "roadmap.yaml"
        roadmap.write_text(f"course: {course_id}\n" + roadmap.read_text())
    return root


def _answer_and_finish(learner: Learner) -> None:
    question = learner.course.questions["q-single"]
    learner.answer(question, "first", 0)  # the right choice
    learner.store.set_position("first", 2)
    learner.store.complete_lesson("first", 5)


def test_two_courses_with_the_same_ids_keep_apart(tmp_path: Path) -> None:
    home = tmp_path / "home"
    alpha = _course(tmp_path / "alpha", "alpha")
    beta = _course(tmp_path / "beta", None)  # no `course:`: an id from its folder

    first = Learner.open(alpha, home)
    assert first.course.id == "alpha"
    _answer_and_finish(first)
    first.store.close()

    second = Learner.open(beta, home)
    assert second.course.id == folder_course_id(beta) != "alpha"
    assert second.store.answers() == []
    assert second.store.lesson_states() == {}
    assert second.store.last_lesson() is None
    second.answer(second.course.questions["q-single"], "first", 1)
    second.store.close()

    again = Learner.open(alpha, home)
    assert [(a.question_id, a.outcome) for a in again.store.answers()] == [("q-single", "right")]
    assert again.store.lesson_states()["first"].status == "done"
    again.store.close()

    shipped = Learner.open(None, home)
    assert shipped.course.id == "mltutor"
    assert shipped.store.answers() == [] and shipped.store.lesson_states() == {}
    shipped.store.close()
    assert sorted(p.name for p in home.glob("*.sqlite3")) == sorted(
        [
            DB_NAME,
            progress_file(home, "alpha").name,
            progress_file(home, folder_course_id(beta)).name,
        ]
    )


def test_progress_reports_are_per_course(tmp_path: Path) -> None:
    home = tmp_path / "home"
    alpha = _course(tmp_path / "alpha", "alpha")
    learner = Learner.open(alpha, home)
    _answer_and_finish(learner)
    learner.store.close()

    mine = json.loads(run_mltutor("progress", "--json", home=home, content=alpha).stdout)
    shipped = json.loads(run_mltutor("progress", "--json", home=home, content=None).stdout)
    assert (mine["course"], mine["answers"], mine["lessons_done"]) == ("alpha", 1, 1)
    assert (shipped["course"], shipped["answers"], shipped["lessons_done"]) == ("mltutor", 0, 0)
    # resetting the custom course's lesson leaves nothing behind in it, and touches no other
    run_mltutor("reset", "first", home=home, content=alpha, stdin="y\n")
    mine = json.loads(run_mltutor("progress", "--json", home=home, content=alpha).stdout)
    assert mine["answers"] == 0


def test_the_shipped_course_keeps_its_original_file(tmp_path: Path) -> None:
    course, problems = read_course(Path(__file__).resolve().parents[2])
    assert course.id == "mltutor" and not [p for p in problems if p.fatal]
    assert progress_file(tmp_path, course.id) == tmp_path / DB_NAME


def test_a_bad_course_id_is_reported(tmp_path: Path) -> None:
    root = _course(tmp_path / "bad", "Not An Id")
    _, problems = read_course(root)
    assert any(
        p.line == 1 and "course id 'Not An Id' should use lowercase letters" in p.message
        for p in problems
    )


def test_a_moved_course_without_an_id_gets_a_new_one(tmp_path: Path) -> None:
    root = _course(tmp_path / "one", None)
    moved = tmp_path / "two"
    assert folder_course_id(root) != folder_course_id(moved)
    assert folder_course_id(root).startswith("one-")
