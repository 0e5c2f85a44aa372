"""The progress store: one SQLite file (WAL) per learner; every answer is committed at once.

Two processes of the same learner may write at the same time (two SSH logins):
each write is a short IMMEDIATE transaction and waits for the other's lock. A review reads
its card and writes the rescheduled card in one such transaction, so that two sessions
reviewing at once both record and neither overwrites the other.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.checking import Verdict
    from tutor.content.model import Question

SCHEMA_VERSION = 5
DB_NAME = "progress.sqlite3"
SHIPPED_COURSE = "mltutor"  # the course that ships with mltutor keeps the original file name


def progress_file(folder: Path, course_id: str = SHIPPED_COURSE) -> Path:
    """Each course keeps its own progress file, so that no course can change another's:
    the shipped course's is progress.sqlite3 (as before courses were told apart), any other
    course's progress-<course id>.sqlite3."""
    if not course_id or course_id == SHIPPED_COURSE:
        return Path(folder) / DB_NAME
    return Path(folder) / f"progress-{course_id}.sqlite3"


_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE answers (
        id          INTEGER PRIMARY KEY,
        question_id TEXT NOT NULL,
        objective   TEXT NOT NULL,
        lesson_id   TEXT,
        response    TEXT NOT NULL,
        outcome     TEXT NOT NULL CHECK (outcome IN ('right', 'wrong', 'partial')),
        score       REAL NOT NULL,
        first_try   INTEGER NOT NULL,
        answered_at TEXT NOT NULL
    );
    CREATE INDEX answers_by_question ON answers (question_id);
    CREATE TABLE lessons (
        lesson_id    TEXT PRIMARY KEY,
        screen       INTEGER NOT NULL DEFAULT 0,
        status       TEXT NOT NULL CHECK (status IN ('in_progress', 'done')),
        started_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        completed_at TEXT
    );
    CREATE TABLE activity (
        day       TEXT NOT NULL,
        lesson_id TEXT NOT NULL,
        seconds   REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (day, lesson_id)
    );
    CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    2: """
    CREATE TABLE lab_runs (
        id        INTEGER PRIMARY KEY,
        lab_id    TEXT NOT NULL,
        lesson_id TEXT,
        knobs     TEXT NOT NULL,
        findings  TEXT NOT NULL,
        status    TEXT NOT NULL CHECK (status IN ('done', 'cancelled', 'error')),
        seconds   REAL NOT NULL,
        ran_at    TEXT NOT NULL
    );
    """,
    3: """
    CREATE TABLE quiz_scores (
        lesson_id   TEXT NOT NULL,
        sitting     INTEGER NOT NULL,
        right_first INTEGER NOT NULL,
        asked       INTEGER NOT NULL,
        finished_at TEXT NOT NULL,
        PRIMARY KEY (lesson_id, sitting)
    );
    """,
    # a written answer the grader was unsure of waits for the learner's own judgement
    # ('unsure'), which then replaces it and is marked as the learner's (judged_by 'self')
    4: """
    CREATE TABLE answers_v4 (
        id          INTEGER PRIMARY KEY,
        question_id TEXT NOT NULL,
        objective   TEXT NOT NULL,
        lesson_id   TEXT,
        response    TEXT NOT NULL,
        outcome     TEXT NOT NULL CHECK (outcome IN ('right', 'wrong', 'partial', 'unsure')),
        score       REAL NOT NULL,
        first_try   INTEGER NOT NULL,
        answered_at TEXT NOT NULL,
        judged_by   TEXT NOT NULL DEFAULT 'grader' CHECK (judged_by IN ('grader', 'self'))
    );
    INSERT INTO answers_v4 (id, question_id, objective, lesson_id, response, outcome, score,
        first_try, answered_at)
        SELECT id, question_id, objective, lesson_id, response, outcome, score, first_try,
        answered_at FROM answers;
    DROP TABLE answers;
    ALTER TABLE answers_v4 RENAME TO answers;
    CREATE INDEX answers_by_question ON answers (question_id);
    """,
    # spaced review (tutor.progress.review): one FSRS card per question to bring back, and a
    # log of its reviews. Times are UTC ISO text with seconds, as answered_at. A question
    # whose first answer was wrong or partly right before this version gets its card now,
    # due since that answer.
    5: """
    CREATE TABLE review_cards (
        question_id TEXT PRIMARY KEY,
        objective   TEXT NOT NULL,
        state       INTEGER NOT NULL,
        step        INTEGER,
        stability   REAL,
        difficulty  REAL,
        due         TEXT NOT NULL,
        last_review TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE reviews (
        id          INTEGER PRIMARY KEY,
        question_id TEXT NOT NULL,
        rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at TEXT NOT NULL,
        seconds     REAL
    );
    CREATE INDEX reviews_by_time ON reviews (reviewed_at);
    INSERT INTO review_cards (question_id, objective, state, step, due, created_at)
        SELECT question_id, objective, 1, 0, answered_at, answered_at FROM answers a
        WHERE outcome IN ('wrong', 'partial')
        AND id = (SELECT MIN(id) FROM answers b WHERE b.question_id = a.question_id);
    """,
}


class StoreError(Exception):
    """The progress file cannot be used and should not be replaced (e.g. a newer schema)."""


@dataclass(frozen=True)
class LessonState:
    lesson_id: str
    screen: int
    status: str  # "in_progress" or "done"


@dataclass(frozen=True)
class AnswerRecord:
    question_id: str
    objective: str
    lesson_id: str | None
    response: object
    outcome: str
    score: float
    first_try: bool
    answered_at: str
    judged_by: str = "grader"  # "self": the learner judged it against the model answer


@dataclass(frozen=True)
class CardRow:
    """One review card as stored: FSRS's card fields, times as UTC ISO text (read by
    tutor.progress.review, which checks them: a damaged row is reported, not trusted)."""

    question_id: str
    objective: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None


_CARD_COLUMNS = "question_id, objective, state, step, stability, difficulty, due, last_review"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ProgressStore:
    """Reads and writes one learner's progress file."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        self._conn.execute("PRAGMA busy_timeout = 10000")
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    # -- plumbing --------------------------------------------------------------

    def _write(self, sql: str, params: Iterable[object] = ()) -> sqlite3.Cursor:
        with self._transaction():
            return self._conn.execute(sql, tuple(params))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)

    def _migrate(self) -> None:
        with self._transaction():
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
            )
            row = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            current = row[0] or 0
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer mltutor (schema {current}); "
                    "upgrade mltutor to open it"
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self._conn.execute(statement)
                self._conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    def close(self) -> None:
        self._conn.close()

    # -- answers ----------------------------------------------------------------

    def record_answer(
        self, question: Question, lesson_id: str | None, response: object, verdict: Verdict
    ) -> bool:
        """Commit one attempt before its feedback is shown; return whether it was the first try."""
        with self._transaction():
            seen = self._conn.execute(
                "SELECT 1 FROM answers WHERE question_id = ? LIMIT 1", (question.id,)
            ).fetchone()
            self._conn.execute(
                "INSERT INTO answers (question_id, objective, lesson_id, response, outcome, score,"
                " first_try, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    question.id,
                    question.objective,
                    lesson_id,
                    json.dumps(response),
                    verdict.outcome,
                    verdict.score,
                    int(seen is None),
                    _now(),
                ),
            )
            self._touch_day(lesson_id or "", 0.0)
        return seen is None

    def first_attempts(self) -> dict[str, str]:
        """question id → outcome of the learner's first attempt at it."""
        rows = self._conn.execute(
            "SELECT question_id, outcome FROM answers a WHERE id = "
            "(SELECT MIN(id) FROM answers b WHERE b.question_id = a.question_id)"
        )
        return dict(rows.fetchall())

    def answers(self) -> list[AnswerRecord]:
        rows = self._conn.execute(
            "SELECT question_id, objective, lesson_id, response, outcome, score, first_try,"
            " answered_at, judged_by FROM answers ORDER BY id"
        ).fetchall()
        return [
            AnswerRecord(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], bool(r[6]), r[7], r[8])
            for r in rows
        ]

    def judge_answer(self, question_id: str, outcome: str, score: float) -> bool:
        """The learner's own verdict on their latest answer the grader was unsure of;
        False when there is none (already judged, or never unsure)."""
        with self._transaction():
            cursor = self._conn.execute(
                "UPDATE answers SET outcome = ?, score = ?, judged_by = 'self' WHERE id ="
                " (SELECT MAX(id) FROM answers WHERE question_id = ? AND outcome = 'unsure')",
                (outcome, score, question_id),
            )
        return cursor.rowcount == 1

    def self_judged_first_attempts(self) -> set[str]:
        """Question ids whose first attempt the learner judged themselves."""
        rows = self._conn.execute(
            "SELECT question_id FROM answers a WHERE judged_by = 'self' AND id = "
            "(SELECT MIN(id) FROM answers b WHERE b.question_id = a.question_id)"
        )
        return {r[0] for r in rows.fetchall()}

    def last_answer(self, question_id: str, lesson_id: str | None) -> AnswerRecord | None:
        """The latest attempt at a question within a lesson (to show it again on resume)."""
        row = self._conn.execute(
            "SELECT question_id, objective, lesson_id, response, outcome, score, first_try,"
            " answered_at, judged_by FROM answers WHERE question_id = ? AND lesson_id IS ?"
            " ORDER BY id DESC LIMIT 1",
            (question_id, lesson_id),
        ).fetchone()
        if row is None:
            return None
        return AnswerRecord(
            row[0],
            row[1],
            row[2],
            json.loads(row[3]),
            row[4],
            row[5],
            bool(row[6]),
            row[7],
            row[8],
        )

    # -- review cards -----------------------------------------------------------------

    def add_card(self, question_id: str, objective: str, due: str) -> bool:
        """A new card for a question to bring back, due at `due`; False if it has one."""
        with self._transaction():
            cursor = self._conn.execute(
                "INSERT OR IGNORE INTO review_cards (question_id, objective, state, step, due,"
                " created_at) VALUES (?, ?, 1, 0, ?, ?)",
                (question_id, objective, due, due),
            )
        return cursor.rowcount == 1

    def card_rows(self) -> list[CardRow]:
        rows = self._conn.execute(
            f"SELECT {_CARD_COLUMNS} FROM review_cards ORDER BY question_id"
        ).fetchall()
        return [CardRow(*row) for row in rows]

    def review(
        self,
        question_id: str,
        reschedule: Callable[[CardRow], tuple[CardRow, int] | None],
        reviewed_at: str,
        seconds: float | None,
    ) -> tuple[CardRow, int] | None:
        """Read a card, reschedule it and log the review, in one transaction (another session
        reviewing at the same time waits, then sees this review). `reschedule` returns the
        new card and the rating, or None to leave the card alone; None if there is no card."""
        with self._transaction():
            row = self._conn.execute(
                f"SELECT {_CARD_COLUMNS} FROM review_cards WHERE question_id = ?", (question_id,)
            ).fetchone()
            if row is None:
                return None
            done = reschedule(CardRow(*row))
            if done is None:
                return None
            card, rating = done
            self._conn.execute(
                "UPDATE review_cards SET state = ?, step = ?, stability = ?, difficulty = ?,"
                " due = ?, last_review = ? WHERE question_id = ?",
                (
                    card.state,
                    card.step,
                    card.stability,
                    card.difficulty,
                    card.due,
                    card.last_review,
                    question_id,
                ),
            )
            self._conn.execute(
                "INSERT INTO reviews (question_id, rating, reviewed_at, seconds)"
                " VALUES (?, ?, ?, ?)",
                (question_id, rating, reviewed_at, seconds),
            )
        return card, rating

    def reviews_since(self, since: str) -> int:
        """How many reviews were logged at or after `since` (UTC ISO text)."""
        row = self._conn.execute(
            "SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ?", (since,)
        ).fetchone()
        return int(row[0])

    def latest_ratings(self) -> dict[str, int]:
        """question id → the rating of its latest review."""
        rows = self._conn.execute(
            "SELECT question_id, rating FROM reviews r WHERE id ="
            " (SELECT MAX(id) FROM reviews s WHERE s.question_id = r.question_id)"
        )
        return dict(rows.fetchall())

    # -- labs ---------------------------------------------------------------------

    def record_lab_run(
        self,
        lab_id: str,
        lesson_id: str | None,
        knobs: dict[str, object],
        findings: dict[str, object],
        status: str,
        seconds: float,
    ) -> None:
        with self._transaction():
            self._conn.execute(
                "INSERT INTO lab_runs (lab_id, lesson_id, knobs, findings, status, seconds, ran_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    lab_id,
                    lesson_id,
                    json.dumps(knobs),
                    json.dumps(findings),
                    status,
                    seconds,
                    _now(),
                ),
            )
            self._touch_day(lesson_id or "", 0.0)

    def lab_runs(self) -> list[dict[str, object]]:
        rows = self._conn.execute(
            "SELECT lab_id, lesson_id, knobs, findings, status, seconds, ran_at FROM lab_runs"
            " ORDER BY id"
        ).fetchall()
        keys = ("lab_id", "lesson_id", "knobs", "findings", "status", "seconds", "ran_at")
        runs = [dict(zip(keys, row, strict=True)) for row in rows]
        for run in runs:
            run["knobs"] = json.loads(run["knobs"])
            run["findings"] = json.loads(run["findings"])
        return runs

    # -- lessons ------------------------------------------------------------------

    def set_position(self, lesson_id: str, screen: int) -> None:
        """Remember the screen a learner is on (and that this is the lesson to continue)."""
        now = _now()
        with self._transaction():
            self._conn.execute(
                "INSERT INTO lessons (lesson_id, screen, status, started_at, updated_at)"
                " VALUES (?, ?, 'in_progress', ?, ?)"
                " ON CONFLICT (lesson_id) DO UPDATE SET screen = excluded.screen,"
                " updated_at = excluded.updated_at",
                (lesson_id, screen, now, now),
            )
            self._conn.execute(
                "INSERT OR REPLACE INTO state (key, value) VALUES ('last_lesson', ?)", (lesson_id,)
            )
            self._touch_day(lesson_id, 0.0)

    def complete_lesson(self, lesson_id: str, screen: int) -> None:
        now = _now()
        self._write(
            "INSERT INTO lessons (lesson_id, screen, status, started_at, updated_at, completed_at)"
            " VALUES (?, ?, 'done', ?, ?, ?)"
            " ON CONFLICT (lesson_id) DO UPDATE SET status = 'done', screen = excluded.screen,"
            " updated_at = excluded.updated_at,"
            " completed_at = COALESCE(lessons.completed_at, excluded.completed_at)",
            (lesson_id, screen, now, now, now),
        )

    def lesson_states(self) -> dict[str, LessonState]:
        rows = self._conn.execute("SELECT lesson_id, screen, status FROM lessons").fetchall()
        return {r[0]: LessonState(r[0], r[1], r[2]) for r in rows}

    def last_lesson(self) -> str | None:
        row = self._conn.execute("SELECT value FROM state WHERE key = 'last_lesson'").fetchone()
        return row[0] if row else None

    def reset_lesson(self, lesson_id: str) -> None:
        """Forget a lesson: its position, its answers and its time."""
        with self._transaction():
            self._conn.execute("DELETE FROM lessons WHERE lesson_id = ?", (lesson_id,))
            self._conn.execute("DELETE FROM answers WHERE lesson_id = ?", (lesson_id,))
            self._conn.execute("DELETE FROM activity WHERE lesson_id = ?", (lesson_id,))
            self._conn.execute("DELETE FROM lab_runs WHERE lesson_id = ?", (lesson_id,))
            self._conn.execute("DELETE FROM quiz_scores WHERE lesson_id = ?", (lesson_id,))
            self._conn.execute("DELETE FROM state WHERE key = ?", (f"sitting:{lesson_id}",))
            self._conn.execute(
                "DELETE FROM state WHERE key = 'last_lesson' AND value = ?", (lesson_id,)
            )
            # a card goes with the last answer to its question
            for table in ("review_cards", "reviews"):
                self._conn.execute(
                    f"DELETE FROM {table} WHERE question_id NOT IN"
                    " (SELECT question_id FROM answers)"
                )

    # -- quiz sittings -------------------------------------------------------------

    def start_sitting(self, lesson_id: str) -> int:
        """Begin a new attempt at a quiz; answers after this point belong to it."""
        with self._transaction():
            row = self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM answers").fetchone()
            self._conn.execute(
                "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)",
                (f"sitting:{lesson_id}", str(row[0])),
            )
        return int(row[0])

    def sitting(self, lesson_id: str) -> int | None:
        """The current sitting of a quiz (the last answer id before it began), if any."""
        row = self._conn.execute(
            "SELECT value FROM state WHERE key = ?", (f"sitting:{lesson_id}",)
        ).fetchone()
        return int(row[0]) if row else None

    def first_answers_since(self, lesson_id: str, after_id: int) -> dict[str, str]:
        """question id → outcome of its first attempt in `lesson_id` after answer `after_id`."""
        rows = self._conn.execute(
            "SELECT question_id, outcome FROM answers a WHERE lesson_id = ? AND id = "
            "(SELECT MIN(id) FROM answers b WHERE b.question_id = a.question_id"
            " AND b.lesson_id = a.lesson_id AND b.id > ?)",
            (lesson_id, after_id),
        )
        return dict(rows.fetchall())

    def answered_in(self, lesson_id: str) -> set[str]:
        """The questions answered at least once within a lesson."""
        rows = self._conn.execute(
            "SELECT DISTINCT question_id FROM answers WHERE lesson_id = ?", (lesson_id,)
        )
        return {r[0] for r in rows.fetchall()}

    def record_quiz_score(self, lesson_id: str, sitting: int, right: int, asked: int) -> None:
        """A sitting's score; reaching the end again in the same sitting updates it."""
        self._write(
            "INSERT OR REPLACE INTO quiz_scores (lesson_id, sitting, right_first, asked,"
            " finished_at) VALUES (?, ?, ?, ?, ?)",
            (lesson_id, sitting, right, asked, _now()),
        )

    def best_quiz_scores(self) -> dict[str, tuple[int, int]]:
        """lesson id → (right, asked) of its best sitting, by share right."""
        rows = self._conn.execute(
            "SELECT lesson_id, right_first, asked FROM quiz_scores WHERE asked > 0"
        ).fetchall()
        best: dict[str, tuple[int, int]] = {}
        for lesson_id, right, asked in rows:
            old = best.get(lesson_id)
            if old is None or right / asked > old[0] / old[1]:
                best[lesson_id] = (right, asked)
        return best

    # -- time ---------------------------------------------------------------------

    def add_time(self, lesson_id: str, seconds: float) -> None:
        with self._transaction():
            self._touch_day(lesson_id, max(0.0, seconds))

    def _touch_day(self, lesson_id: str, seconds: float) -> None:
        self._conn.execute(
            "INSERT INTO activity (day, lesson_id, seconds) VALUES (?, ?, ?)"
            " ON CONFLICT (day, lesson_id) DO UPDATE SET seconds = seconds + excluded.seconds",
            (date.today().isoformat(), lesson_id, seconds),
        )

    def seconds_by_lesson(self) -> dict[str, float]:
        rows = self._conn.execute(
            "SELECT lesson_id, SUM(seconds) FROM activity GROUP BY lesson_id"
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def days_active(self) -> int:
        return self._conn.execute("SELECT COUNT(DISTINCT day) FROM activity").fetchone()[0]


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on error; takes the write lock up front."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.corrupt-{stamp}-{counter}{path.suffix}")
        counter += 1
    path.rename(target)
    for extra in ("-wal", "-shm"):
        side = Path(str(path) + extra)
        if side.exists():
            side.rename(Path(str(target) + extra))
    return target


def open_store(folder: Path, course_id: str = SHIPPED_COURSE) -> tuple[ProgressStore, str | None]:
    """Open (or create) the learner's store for one course; a damaged file is moved aside
    with a warning.

    Returns the store and a warning to show the learner, or None.
    """
    path = progress_file(folder, course_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return ProgressStore(":memory:"), (
            f"cannot create {path.parent} ({exc.strerror}); progress will not be saved this time"
        )
    try:
        store = ProgressStore(path)
        status = store._conn.execute("PRAGMA quick_check").fetchone()[0]
        if status != "ok":
            store.close()
            raise sqlite3.DatabaseError(status)
        return store, None
    except StoreError:
        raise
    except sqlite3.DatabaseError as exc:
        try:
            moved = _move_aside(path)
        except OSError as move_exc:
            return ProgressStore(":memory:"), (
                f"cannot read {path} ({exc}) nor move it aside ({move_exc.strerror}); "
                "progress will not be saved this time"
            )
        return ProgressStore(path), (
            f"the progress file {path} could not be read ({exc}); it was moved to {moved} "
            "and a fresh one started"
        )
