"""Spaced review (issue 13): cards from missed answers, FSRS scheduling on a fake clock, the
daily limit, two sessions at once, the schema-4 migration and damaged card rows."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_COURSE
from tutor.learner import REVIEW_ID, Learner, load_course
from tutor.progress.review import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    Attempt,
    card_id,
    rating_for,
)
from tutor.progress.store import DB_NAME, ProgressStore, open_store

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning


class FakeClock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def learner_at(home: Path, clock: FakeClock) -> Learner:
    store, _ = open_store(home)
    return Learner(load_course(FIXTURE_COURSE), store, clock=clock)


def due_ids(learner: Learner) -> list[str]:
    plan = learner.plan_review()
    return [s.question_id for s in plan.lesson.screens] if plan.lesson else []  # type: ignore[union-attr]


def answer(learner: Learner, qid: str, response: object, lesson: str = "first", **how) -> str:
    q = learner.course.questions[qid]
    return learner.answer(q, lesson, response, Attempt(**how)).outcome


def test_ratings_come_from_the_answer() -> None:
    assert rating_for("wrong", Attempt(), seen_before=True) == AGAIN
    assert rating_for("partial", Attempt(), seen_before=False) == HARD
    assert rating_for("right", Attempt(hints=1, seconds=3), seen_before=True) == HARD
    assert rating_for("right", Attempt(seconds=60), seen_before=True) == GOOD
    assert rating_for("right", Attempt(seconds=5), seen_before=False) == GOOD  # a new card
    assert rating_for("right", Attempt(seconds=5), seen_before=True) == EASY


def test_the_card_id_is_stable_and_comes_from_the_question_id() -> None:
    assert card_id("q-single") == card_id("q-single") != card_id("q-numeric")
    assert 0 < card_id("q-single") < 2**48


def test_a_wrong_answer_is_due_now_and_a_right_review_puts_it_days_later(
    private_home: Path,
) -> None:
    clock = FakeClock()
    learner = learner_at(private_home, clock)
    assert answer(learner, "q-numeric", "0.5") == "wrong"
    assert answer(learner, "q-numeric", "0.75") == "right"  # the retry makes no second card
    assert answer(learner, "q-text", "Paris") == "right"  # right at once: no card
    assert due_ids(learner) == ["q-numeric"]

    clock.advance(minutes=30)
    plan = learner.plan_review()
    assert plan.lesson is not None and plan.lesson.kind == "review"
    assert answer(learner, "q-numeric", "0.75", lesson=REVIEW_ID, seconds=40) == "right"
    [card] = learner.review_cards()[0]
    assert card.due - clock.now == timedelta(days=2)  # FSRS-6: a new card rated Good, S0 = 2.3
    assert learner.store.latest_ratings() == {"q-numeric": GOOD}
    assert due_ids(learner) == []  # reviewed: nothing is due now

    clock.advance(days=2)
    assert due_ids(learner) == ["q-numeric"]
    assert answer(learner, "q-numeric", "0.75", lesson=REVIEW_ID, seconds=60) == "right"
    [card] = learner.review_cards()[0]
    assert card.due - clock.now > timedelta(days=4)  # each right review spaces it further


def test_a_wrong_review_brings_it_back_tomorrow_and_only_the_first_try_rates(
    private_home: Path,
) -> None:
    clock = FakeClock()
    learner = learner_at(private_home, clock)
    answer(learner, "q-numeric", "0.5")
    learner.plan_review()
    assert answer(learner, "q-numeric", "0.1", lesson=REVIEW_ID) == "wrong"
    assert answer(learner, "q-numeric", "0.75", lesson=REVIEW_ID) == "right"  # not rated
    assert learner.store.latest_ratings() == {"q-numeric": AGAIN}
    [card] = learner.review_cards()[0]
    assert card.due - clock.now == timedelta(days=1)
    outcome = learner.finish_lesson(learner.plan_review(practise=True).lesson, 1)  # type: ignore[arg-type]
    assert outcome.done


def test_right_only_after_a_hint_makes_a_card(private_home: Path) -> None:
    learner = learner_at(private_home, FakeClock())
    answer(learner, "q-single", 0, hints=1)
    assert due_ids(learner) == ["q-single"]


def test_the_daily_limit_holds_and_practise_anyway_goes_past_it(private_home: Path) -> None:
    clock = FakeClock()
    learner = learner_at(private_home, clock)
    for qid in ("q-numeric", "q-quiz-numeric", "q-text", "q-quiz-text"):  # obj a, a, b, a
        answer(learner, qid, "0.9" if "numeric" in qid else "Berlin")
        clock.advance(minutes=1)
    assert len(due_ids(learner)) == 4
    plan = learner.plan_review(limit=3)
    assert plan.lesson is not None
    # the three most overdue, objectives taking turns
    assert [s.question_id for s in plan.lesson.screens] == [  # type: ignore[union-attr]
        "q-numeric",
        "q-text",
        "q-quiz-numeric",
    ]
    for screen in plan.lesson.screens:
        qid = screen.question_id  # type: ignore[union-attr]
        answer(learner, qid, "0.9" if "numeric" in qid else "Berlin", lesson=REVIEW_ID)
    # today's three are done; the fourth is still due (wrong ones come back tomorrow)
    assert learner.review_summary(limit=3).due_now == 1
    empty = learner.plan_review(limit=3)
    assert empty.lesson is None and "daily limit" in empty.message
    assert learner.plan_review(limit=3, practise=True).lesson is not None
    clock.advance(days=1)  # a new day: the limit starts again
    assert len(due_ids(learner)) == 4


def test_nothing_due_says_so_and_offers_practice(private_home: Path) -> None:
    clock = FakeClock()
    learner = learner_at(private_home, clock)
    plan = learner.plan_review()
    assert plan.lesson is None and "Nothing to review yet" in plan.message
    answer(learner, "q-text", "Berlin")
    learner.plan_review()
    answer(learner, "q-text", "Paris", lesson=REVIEW_ID)
    plan = learner.plan_review()
    assert plan.lesson is None and "Practise anyway" in plan.message
    practice = learner.plan_review(practise=True)
    assert practice.lesson is not None and practice.lesson.title.startswith("Practice")


def _reviewer(folder: str, ids: list[str]) -> None:
    store = ProgressStore(Path(folder) / DB_NAME)
    learner = Learner(load_course(FIXTURE_COURSE), store, clock=FakeClock(T0 + timedelta(hours=1)))
    learner.plan_review()
    for _ in range(20):  # the same cards over and over: only a session's first try rates
        for qid in ids:
            learner.answer(learner.course.questions[qid], REVIEW_ID, "Paris")
    store.close()


def test_two_processes_reviewing_at_once_both_record(private_home: Path) -> None:
    learner = learner_at(private_home, FakeClock())
    for qid in ("q-text", "q-quiz-text"):
        answer(learner, qid, "Lyon")
    learner.store.close()
    ctx = multiprocessing.get_context("spawn")
    workers = [
        ctx.Process(target=_reviewer, args=(str(private_home), ids))
        for ids in (["q-text"], ["q-quiz-text", "q-text"])
    ]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
        assert p.exitcode == 0
    store, _ = open_store(private_home)
    answers = store.answers()
    assert sum(1 for a in answers if a.lesson_id == REVIEW_ID) == 60  # every answer kept
    ratings = store._conn.execute("SELECT question_id FROM reviews ORDER BY id").fetchall()
    # q-text was rated once per session (two sessions), q-quiz-text once
    assert sorted(r[0] for r in ratings) == ["q-quiz-text", "q-text", "q-text"]
    rows = {r.question_id: r for r in store.card_rows()}
    assert rows["q-text"].last_review is not None and rows["q-quiz-text"].state == 2


def test_the_migration_from_schema_4_keeps_every_answer_and_makes_cards(tmp_path: Path) -> None:
    from tutor.progress import store as store_module

    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for version in range(1, 5):
        conn.executescript(store_module._MIGRATIONS[version])
        conn.execute("INSERT INTO schema_version VALUES (?)", (version,))
    rows = [
        ("q-a", "o", "l", "wrong", 1, "2026-01-05T10:00:00+00:00"),
        ("q-a", "o", "l", "right", 0, "2026-01-05T10:01:00+00:00"),
        ("q-b", "o", "l", "right", 1, "2026-01-05T10:02:00+00:00"),
        ("q-c", "p", None, "partial", 1, "2026-01-06T10:00:00+00:00"),
        ("q-d", "p", "l", "unsure", 1, "2026-01-06T11:00:00+00:00"),
    ]
    conn.executemany(
        "INSERT INTO answers (question_id, objective, lesson_id, response, outcome, score,"
        " first_try, answered_at) VALUES (?, ?, ?, '\"x\"', ?, 0, ?, ?)",
        rows,
    )
    conn.commit()
    conn.close()
    store, warning = open_store(tmp_path)
    assert warning is None
    kept = [(a.question_id, a.outcome, a.answered_at) for a in store.answers()]
    assert kept == [(r[0], r[3], r[5]) for r in rows]
    cards = {r.question_id: r for r in store.card_rows()}
    assert set(cards) == {"q-a", "q-c"}  # missed on the first try
    assert cards["q-a"].due == "2026-01-05T10:00:00+00:00"  # due since then: most overdue
    versions = store._conn.execute("SELECT version FROM schema_version ORDER BY version")
    assert [v[0] for v in versions] == [1, 2, 3, 4, 5]


def test_a_damaged_card_row_is_reported_and_left_out(private_home: Path) -> None:
    learner = learner_at(private_home, FakeClock())
    answer(learner, "q-text", "Lyon")
    answer(learner, "q-quiz-text", "Lyon")
    learner.store._conn.execute("UPDATE review_cards SET due = 'soon' WHERE question_id = 'q-text'")
    plan = learner.plan_review()
    assert [s.question_id for s in plan.lesson.screens] == ["q-quiz-text"]  # type: ignore[union-attr]
    [problem] = plan.problems
    assert "review card 'q-text'" in problem and "'soon' is not a date" in problem
    answer(learner, "q-text", "Paris", lesson=REVIEW_ID)  # no traceback: it is left alone
    assert learner.store.latest_ratings() == {}
    assert "Review:" in learner.progress_text()


def test_reset_forgets_the_cards_of_the_lesson(private_home: Path) -> None:
    learner = learner_at(private_home, FakeClock())
    answer(learner, "q-text", "Lyon")
    learner.store.reset_lesson("first")
    assert learner.store.card_rows() == []


def test_code_questions_and_questions_no_longer_asked_do_not_come_back(
    private_home: Path,
) -> None:
    learner = learner_at(private_home, FakeClock())
    learner.store.add_card("q-gone", "obj-a", "2026-01-01T00:00:00+00:00")
    assert due_ids(learner) == []
    assert learner.review_summary().cards == 0


def test_mastery_counts_first_tries_and_reviews(private_home: Path) -> None:
    clock = FakeClock()
    learner = learner_at(private_home, clock)
    answer(learner, "q-single", 0)  # obj-a: right
    answer(learner, "q-numeric", "0.1")  # obj-a: wrong
    before = learner.mastery()
    learner.plan_review()
    answer(learner, "q-numeric", "0.75", lesson=REVIEW_ID, seconds=30)
    after = learner.mastery()
    assert after["first"] > before["first"]
    report = learner.report()
    [weakest, *_] = report.objectives_weakest_first()
    assert weakest.lesson_title  # the lesson that teaches it
    data = report.to_dict()
    assert data["review"]["cards"] == 1 and data["review"]["cards_per_state"]["review"] == 1


def test_a_bad_settings_file_warns_and_keeps_the_defaults(private_home: Path) -> None:
    from tutor.progress.settings import Settings, load_settings

    private_home.mkdir(parents=True)
    (private_home / "settings.toml").write_text("review_daily_limit = 0\nstart_on_review = false\n")
    settings, warning = load_settings(private_home)
    assert settings == Settings(review_daily_limit=20, start_on_review=False)
    assert warning is not None and "between 1 and 500" in warning
    (private_home / "settings.toml").write_text("review_daily_limit = [")
    settings, warning = load_settings(private_home)
    assert settings == Settings() and warning is not None and "could not be read" in warning
    (private_home / "settings.toml").write_text("review_daily_limit = 5\n")
    assert load_settings(private_home) == (Settings(review_daily_limit=5), None)


@pytest.mark.parametrize("qid", ["q-numeric"])
def test_next_step_prefers_a_due_review(private_home: Path, qid: str) -> None:
    learner = learner_at(private_home, FakeClock())
    learner.store.set_position("first", 1)
    assert learner.next_step().kind == "continue"
    answer(learner, qid, "0.1")
    step = learner.next_step()
    assert step.kind == "review" and "1 question is due" in step.reason


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ("state = 7", "its state 7 is not 1, 2 or 3"),
        ("stability = 'abc', state = 2, difficulty = 5", "its stability 'abc' is not a positive"),
        ("state = 2", "in review but has no stability"),
        ("state = 3, stability = 1, difficulty = 5, step = NULL", "relearning but has no step"),
        ("last_review = 'yesterday'", "its last review 'yesterday' is not a date"),
    ],
)
def test_each_kind_of_damage_is_named(private_home: Path, change: str, why: str) -> None:
    learner = learner_at(private_home, FakeClock())
    answer(learner, "q-text", "Lyon")
    learner.store._conn.execute(f"UPDATE review_cards SET {change}")
    cards, [problem] = learner.review_cards()
    assert cards == [] and why in problem
    learner.plan_review()
    answer(learner, "q-text", "Paris", lesson=REVIEW_ID)  # never a traceback
