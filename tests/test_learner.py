"""The learner session: the course cache, finding lessons and quizzes, what to continue."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from tutor.content import course_cache, validate
from tutor.learner import CourseError, Learner, load_course
from tutor.paths import course_cache_dir


def test_a_valid_course_is_cached_and_the_cache_follows_edits(
    course_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = load_course(course_dir, cache)
    assert len(list(cache.glob("course-*.json"))) == 1
    assert load_course(course_dir, cache).lessons.keys() == first.lessons.keys()
    lesson = course_dir / "lessons/phase-1/02-second.yaml"
    lesson.write_text(lesson.read_text().replace("The second lesson", "The 2nd lesson"))
    assert load_course(course_dir, cache).lessons["second"].title == "The 2nd lesson"
    # keyed on the files' contents: the edit made a new entry (the old one is kept until
    # there are more than KEEP, so that two courses in turn do not evict each other)
    assert len(list(cache.glob("course-*.json"))) == 2


def test_a_cached_course_is_the_course(course_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = load_course(course_dir, cache)
    cached = load_course(course_dir, cache)
    assert cached is not fresh
    assert repr(cached) == repr(fresh)  # every field, even those left out of ==
    for phase in cached.phases:  # a phase's lessons are the course's own objects
        assert all(lesson is cached.lessons[lesson.id] for lesson in phase.lessons)


def test_the_shipped_course_is_kept_exactly() -> None:
    course = load_course()
    kinds = {type(question).__name__ for question in course.questions.values()}
    assert {"PredictQuestion", "WrittenQuestion", "NumericQuestion"} <= kinds
    assert repr(course_cache.course_from_json(course_cache.course_to_json(course))) == repr(course)


def test_two_courses_in_turn_both_stay_cached(
    course_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    other = tmp_path / "other"
    shutil.copytree(course_dir, other)
    load_course(course_dir, cache)
    load_course(other, cache)
    assert len(list(cache.glob("course-*.json"))) == 2

    def no_validation(root: Path) -> None:
        raise AssertionError(f"{root} was read again instead of taken from the cache")

    monkeypatch.setattr(validate, "validate_course", no_validation)
    assert "first" in load_course(course_dir, cache).lessons
    assert "first" in load_course(other, cache).lessons


def test_only_the_most_recently_used_entries_are_kept(
    course_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(course_cache, "KEEP", 2)
    cache = tmp_path / "cache"
    for n in range(4):
        copy = tmp_path / f"course-{n}"
        shutil.copytree(course_dir, copy)
        load_course(copy, cache)
    assert len(list(cache.glob("course-*.json"))) == 2


def test_a_damaged_cache_is_rebuilt(course_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_course(course_dir, cache)
    (entry,) = cache.glob("course-*.json")
    lessons = load_course(course_dir).lessons.keys()
    for damage in ("not json", '{"format": 1, "course": {"!type": "Popen", "args": "ls"}}', "[]"):
        entry.write_text(damage)
        assert load_course(course_dir, cache).lessons.keys() == lessons
        assert course_cache.course_from_json(entry.read_text()).lessons.keys() == lessons


def test_an_invalid_course_is_never_cached(course_dir: Path, tmp_path: Path) -> None:
    (course_dir / "quizzes/bank.yaml").write_text("questions: []\n")
    with pytest.raises(CourseError) as caught:
        load_course(course_dir, tmp_path / "cache")
    assert any("checked by 0 question(s)" in p.message for p in caught.value.problems)
    assert not list((tmp_path / "cache").glob("*.json"))


class _Planted:
    """Unpickling this runs code: it writes a file saying so."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_nothing_planted_in_the_data_folder_is_run(
    private_home: Path, course_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MLTUTOR_HOME may be a classroom share: a file planted there must never be run,
    such as the pickled course cache that mltutor once kept in it."""
    check = tmp_path / "check"
    pickle.loads(pickle.dumps(_Planted(check)))
    assert check.read_text() == "ran"  # the plant would run, were it ever unpickled
    marker = tmp_path / "ran"
    planted = pickle.dumps(_Planted(marker))
    key = course_cache.cache_key(course_dir)
    for folder in (private_home, private_home / "cache", course_cache_dir()):
        folder.mkdir(parents=True, exist_ok=True)
        for name in (f"course-{key}.pickle", f"course-{key}.json", "course-0.pickle"):
            (folder / name).write_bytes(planted)
    unpickled: list[object] = []
    monkeypatch.setattr(pickle, "loads", lambda *args, **kwargs: unpickled.append(args))
    monkeypatch.setattr(pickle, "load", lambda *args, **kwargs: unpickled.append(args))
    for _ in range(2):  # the second start is the one that finds a cache
        learner = Learner.open(course_dir, private_home)
        assert learner.course.lessons["first"].title == "The first lesson"
    assert not marker.exists()
    assert unpickled == []
    assert private_home not in course_cache_dir().parents


def test_find_lesson_quiz_and_continue(private_home: Path, course_dir: Path) -> None:
    learner = Learner.open(course_dir, private_home)
    assert learner.find_lesson("1").id == "phase-1-quiz"
    assert learner.find_lesson("second").title == "The second lesson"
    quiz = learner.quiz_for("second")
    assert quiz.kind == "quiz" and [s.question_id for s in quiz.screens] == [
        "q-multi",
        "q-order",
        "q-text",
        "q-quiz-single",
        "q-quiz-order",
    ]
    assert learner.continue_lesson().id == "first"
    learner.store.set_position("second", 2)
    assert learner.continue_lesson().id == "second"  # the last one opened
    learner.store.complete_lesson("second", 5)
    assert learner.continue_lesson().id == "phase-1-quiz"  # the next one not done after it
    assert learner.resume_screen(learner.course.lessons["second"]) == 0  # done: from the top
    assert learner.resume_screen(learner.course.lessons["first"]) == 0


def test_screen_time_is_capped_and_finishing_is_counted_once(
    private_home: Path, course_dir: Path
) -> None:
    learner = Learner.open(course_dir, private_home)
    learner.add_screen_time("first", 10_000)
    learner.add_screen_time("first", 20)
    assert learner.store.seconds_by_lesson()["first"] == 320
    lesson = learner.course.lessons["first"]
    questions = learner.course.questions
    learner.answer(questions["q-single"], "first", 1)
    learner.answer(questions["q-numeric"], "first", "0.75")
    learner.finish_lesson(lesson, 5)
    learner.finish_lesson(lesson, 5)
    assert learner.score.lessons_finished == ["first"]
    assert learner.status("first") == "done"


def test_reaching_the_end_without_answering_leaves_the_lesson_in_progress(
    private_home: Path, course_dir: Path
) -> None:
    learner = Learner.open(course_dir, private_home)
    lesson = learner.course.lessons["first"]
    questions = learner.course.questions
    outcome = learner.finish_lesson(lesson, 5)
    assert not outcome.done
    assert [(i, q.id) for i, q in outcome.skipped] == [(1, "q-single"), (3, "q-numeric")]
    assert learner.status("first") == "in_progress"
    assert learner.score.lessons_finished == []
    learner.answer(questions["q-single"], "first", 1)  # a wrong answer is still an answer
    outcome = learner.finish_lesson(lesson, 5)
    assert [q.id for _, q in outcome.skipped] == ["q-numeric"]
    learner.answer(questions["q-numeric"], "first", "0.75")
    assert learner.finish_lesson(lesson, 5).done
    assert learner.status("first") == "done"


def test_a_quiz_sitting_is_scored_and_the_best_sitting_is_kept(
    private_home: Path, course_dir: Path
) -> None:
    learner = Learner.open(course_dir, private_home)
    quiz = learner.course.lessons["phase-1-quiz"]
    asked = [q.id for _, q in learner.lesson_questions(quiz)]
    questions = learner.course.questions
    right = {"q-quiz-single": 0, "q-quiz-numeric": "0.5", "q-quiz-text": "Rome"}
    assert set(right) <= set(asked)

    learner.begin_lesson(quiz, 0)
    learner.answer(questions["q-quiz-single"], quiz.id, 0)
    learner.answer(questions["q-quiz-numeric"], quiz.id, "0.1")  # wrong first...
    learner.answer(questions["q-quiz-numeric"], quiz.id, "0.5")  # ...right second: still missed
    outcome = learner.finish_lesson(quiz, quiz.screen_count - 1)
    assert outcome.score.right == 1 and outcome.score.asked == len(asked)
    assert [q.id for q in outcome.missed] == ["q-quiz-numeric"]
    assert {q.id for _, q in outcome.skipped} == set(asked) - {"q-quiz-single", "q-quiz-numeric"}
    assert not outcome.done and learner.status(quiz.id) == "in_progress"
    assert "The second idea." in outcome.weak_objectives  # q-quiz-order, skipped, is on obj-b

    learner.begin_lesson(quiz, 0)  # a new sitting: earlier answers do not count for it
    for question_id, response in right.items():
        learner.answer(questions[question_id], quiz.id, response)
    outcome = learner.finish_lesson(quiz, quiz.screen_count - 1)
    assert outcome.score.right == 3 and outcome.score.best == (3, len(asked))
    assert learner.store.best_quiz_scores() == {quiz.id: (3, len(asked))}

    learner.begin_lesson(quiz, 2)  # resumed mid-way: the same sitting goes on
    outcome = learner.finish_lesson(quiz, quiz.screen_count - 1)
    assert outcome.score.right == 3
    learner.store.reset_lesson(quiz.id)
    assert learner.store.best_quiz_scores() == {}
