"""The progress store: answers committed at once, concurrent writers, corrupted files, resume."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from tutor.checking import Verdict
from tutor.content.model import Question
from tutor.progress.store import DB_NAME, SCHEMA_VERSION, ProgressStore, StoreError, open_store

RIGHT = Verdict("right", 1.0)
WRONG = Verdict("wrong", 0.0)


def question(qid: str = "q-1", objective: str = "obj") -> Question:
    return Question(id=qid, objective=objective, kind="text", prompt="p", explanation="e")


def test_first_try_is_the_first_answer_ever(tmp_path: Path) -> None:
    store, warning = open_store(tmp_path)
    assert warning is None
    assert store.record_answer(question(), "lesson", "x", WRONG) is True
    assert store.record_answer(question(), "lesson", "y", RIGHT) is False
    assert store.first_attempts() == {"q-1": "wrong"}
    assert [a.response for a in store.answers()] == ["x", "y"]


def test_an_answer_is_on_disk_before_record_answer_returns(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    store.record_answer(question(), "lesson", {"picked": [1, 2]}, RIGHT)
    # a second, independent connection sees it: it was committed, not buffered
    other = sqlite3.connect(tmp_path / DB_NAME)
    rows = other.execute("SELECT question_id, response, outcome FROM answers").fetchall()
    assert rows == [("q-1", '{"picked": [1, 2]}', "right")]


def test_position_resume_and_completion(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    store.set_position("intro", 3)
    store.close()
    again, _ = open_store(tmp_path)
    assert again.lesson_states()["intro"].screen == 3
    assert again.last_lesson() == "intro"
    again.complete_lesson("intro", 7)
    state = again.lesson_states()["intro"]
    assert (state.status, state.screen) == ("done", 7)
    again.set_position("intro", 2)  # reopening a finished lesson keeps it done
    assert again.lesson_states()["intro"].status == "done"


def test_reset_forgets_one_lesson_only(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    store.set_position("a", 1)
    store.set_position("b", 2)
    store.record_answer(question("q-a"), "a", "x", RIGHT)
    store.record_answer(question("q-b"), "b", "x", RIGHT)
    store.add_time("a", 30)
    store.reset_lesson("a")
    assert set(store.lesson_states()) == {"b"}
    assert [a.question_id for a in store.answers()] == ["q-b"]
    assert "a" not in store.seconds_by_lesson()
    assert store.last_lesson() == "b"


def test_time_and_days_active(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    store.add_time("a", 30)
    store.add_time("a", 12.5)
    store.add_time("b", 5)
    assert store.seconds_by_lesson() == {"a": 42.5, "b": 5}
    assert store.days_active() == 1


def test_corrupted_file_is_moved_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 200)
    store, warning = open_store(tmp_path)
    assert warning is not None and "moved to" in warning
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    store.record_answer(question(), None, "x", RIGHT)
    assert len(store.answers()) == 1


def test_truncated_database_is_moved_aside(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    for i in range(200):
        store.record_answer(question(f"q-{i}"), "l", "x" * 200, RIGHT)
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = tmp_path / DB_NAME
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\x00" * 100 + data[8192:12000])
    fresh, warning = open_store(tmp_path)
    assert warning is not None
    assert fresh.answers() == []


def test_newer_schema_is_refused_not_replaced(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    store._conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION + 1,))
    store.close()
    with pytest.raises(StoreError, match="newer mltutor"):
        open_store(tmp_path)
    assert (tmp_path / DB_NAME).exists()


def test_unwritable_folder_still_opens_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store, warning = open_store(blocker / "sub")
    assert warning is not None and "will not be saved" in warning
    store.set_position("a", 1)
    assert store.lesson_states()["a"].screen == 1


def _writer(folder: str, worker: int, count: int) -> None:
    store = ProgressStore(Path(folder) / DB_NAME)
    for i in range(count):
        store.record_answer(question(f"q-{worker}-{i}"), f"lesson-{worker}", i, RIGHT)
        store.set_position(f"lesson-{worker}", i)
        store.add_time(f"lesson-{worker}", 1.0)
    store.close()


def test_two_processes_writing_at_once_both_record_everything(tmp_path: Path) -> None:
    open_store(tmp_path)[0].close()
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(str(tmp_path), w, 150)) for w in range(2)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
        assert p.exitcode == 0
    store, _ = open_store(tmp_path)
    answers = store.answers()
    assert len(answers) == 300
    assert {a.question_id for a in answers} == {f"q-{w}-{i}" for w in range(2) for i in range(150)}
    assert store.seconds_by_lesson() == {"lesson-0": 150.0, "lesson-1": 150.0}


def test_a_version_1_file_is_migrated_and_keeps_its_answers(tmp_path: Path) -> None:
    from tutor.progress import store as store_module

    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.executescript(store_module._MIGRATIONS[1])
    conn.execute("INSERT INTO schema_version VALUES (1)")
    conn.execute(
        "INSERT INTO answers (question_id, objective, lesson_id, response, outcome, score,"
        " first_try, answered_at) VALUES ('q-old', 'o', 'l', '\"x\"', 'right', 1, 1, 'then')"
    )
    conn.commit()
    conn.close()
    store, warning = open_store(tmp_path)
    assert warning is None
    assert [a.question_id for a in store.answers()] == ["q-old"]
    store.record_lab_run("tree-depth", "l", {"max_depth": 5}, {"best": 3}, "done", 0.4)
    assert store.lab_runs()[0]["findings"] == {"best": 3}
    versions = store._conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    assert versions == [(v,) for v in range(1, SCHEMA_VERSION + 1)]


def test_an_unsure_written_answer_waits_for_the_learners_own_judgement(tmp_path: Path) -> None:
    """Issue 9: the grader's "unsure" is recorded at once, then replaced by the learner's
    verdict, marked as theirs; it counts half toward mastery."""
    from tutor.checking import Verdict, self_judged_verdict
    from tutor.content.model import WrittenQuestion
    from tutor.progress.report import ObjectiveProgress

    store, _ = open_store(tmp_path)
    q = WrittenQuestion(id="q-w", objective="o", kind="written", prompt="p", explanation="")
    assert store.record_answer(q, "l", "my answer", Verdict("unsure", 0.0))
    assert store.first_attempts() == {"q-w": "unsure"}
    assert store.self_judged_first_attempts() == set()
    judged = self_judged_verdict("right")
    assert judged.score == 0.5 and judged.self_judged
    assert store.judge_answer("q-w", judged.outcome, judged.score)
    assert not store.judge_answer("q-w", "wrong", 0.0)  # nothing left to judge
    assert store.first_attempts() == {"q-w": "right"}
    assert store.self_judged_first_attempts() == {"q-w"}
    [record] = store.answers()
    assert (record.outcome, record.score, record.judged_by) == ("right", 0.5, "self")
    assert ObjectiveProgress("o", "t", 2, 2, 2, self_judged_right=1).mastery == 0.75
