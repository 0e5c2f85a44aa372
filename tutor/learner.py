"""A learner's session: the course being taught and their progress, for every front end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.content.model import CheckScreen, Course, LabScreen, Lesson, Question, phase_item_id
from tutor.paths import course_cache_dir, data_dir, shipped_course_dir
from tutor.progress.review import (
    REVIEWABLE_KINDS,
    Attempt,
    QueueSummary,
    ReviewCard,
    iso,
    needs_card,
    utc_now,
)
from tutor.progress.settings import Settings, load_settings
from tutor.progress.store import CardRow, ProgressStore, open_store
from tutor.spelling import close_names, did_you_mean

if TYPE_CHECKING:
    from tutor.checking import Verdict
    from tutor.content.loader import Problem
    from tutor.progress.report import ProgressReport


MAX_SECONDS_PER_SCREEN = 300.0  # an idle terminal is not study time
REVIEW_ID = "review"  # the lesson id of a review session's answers
WEAK_MASTERY = 0.5  # below this, an objective whose lesson is done is worth going back to


class CourseError(Exception):
    """The course has problems and cannot be taught; `problems` says which."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        super().__init__(f"the course in {root} has {len(problems)} problem(s)")
        self.root = root
        self.problems = problems


def load_course(content: Path | None = None, cache_dir: Path | None = None) -> Course:
    """Read and validate a course (the shipped one by default); raise CourseError on problems.

    A course that passed validation is kept as JSON in `cache_dir` (see
    tutor.content.course_cache), keyed on a hash of its files, so that start-up need not
    parse YAML again.
    """
    root = Path(content) if content is not None else shipped_course_dir()
    key = None
    if cache_dir is not None:
        from tutor.content.course_cache import cache_key, read_cached

        key = cache_key(root)  # None if a file cannot be read: validation below says which
        course = read_cached(cache_dir, key) if key is not None else None
        if course is not None:
            return course
    from tutor.content.problems import errors
    from tutor.content.validate import validate_course
    from tutor.labs import load_all

    course, problems = validate_course(root, load_all())
    if errors(problems):  # layout warnings do not stop a course from being taught
        raise CourseError(root, errors(problems))
    if cache_dir is not None and key is not None:
        from tutor.content.course_cache import write_cached

        write_cached(cache_dir, key, course)
    return course


@dataclass
class SessionScore:
    """What happened in this run, for the closing summary."""

    answered: int = 0
    right_first_try: int = 0
    first_tries: int = 0
    lessons_finished: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QuizScore:
    """One sitting of a quiz: right on the first try out of the questions asked."""

    right: int
    asked: int
    best: tuple[int, int] | None = None  # (right, asked) of the best sitting so far


@dataclass(frozen=True)
class LessonOutcome:
    """What reaching a lesson's last screen means: done, or what is still unanswered."""

    done: bool
    skipped: tuple[tuple[int, Question], ...] = ()  # (screen index, question) never answered
    missed: tuple[Question, ...] = ()  # quizzes: answered, but not right on the first try
    weak_objectives: tuple[str, ...] = ()  # objective texts of skipped and missed questions
    score: QuizScore | None = None  # quizzes only
    reviewed: tuple[ReviewDone, ...] = ()  # reviews only: what each answer did to its card
    still_due: tuple[Question, ...] = ()  # reviews only: not answered, so still due


@dataclass(frozen=True)
class ReviewDone:
    """One review: its question, the rating its answer earned and when it comes back."""

    question: Question
    rating: int
    due: datetime
    reviewed_at: datetime


@dataclass(frozen=True)
class ReviewPlan:
    """A review session to run (`lesson`), or why there is none (`lesson` is None)."""

    lesson: Lesson | None
    message: str
    problems: tuple[str, ...] = ()  # damaged cards that were left out


@dataclass(frozen=True)
class NextStep:
    """What `c` (continue) does: "review", "continue", "weakest", "next" or "none", the
    lesson to open (None for a review) and why, in one line."""

    kind: str
    lesson: Lesson | None
    reason: str


@dataclass
class Learner:
    course: Course
    store: ProgressStore
    warning: str | None = None
    score: SessionScore = field(default_factory=SessionScore)
    settings: Settings = field(default_factory=Settings)
    clock: Callable[[], datetime] = utc_now  # tests pass a fake one
    # the review session under way: question id → its review, once rated (one per session)
    _reviewed: dict[str, ReviewDone] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def open(cls, content: Path | None = None, home: Path | None = None) -> Learner:
        folder = Path(home) if home is not None else data_dir()
        # the course cache is the learner's own, never in `folder`: that may be a shared
        # classroom folder that others can write to
        course = load_course(content, cache_dir=course_cache_dir())
        store, warning = open_store(folder, course.id)
        settings, settings_warning = load_settings(folder)
        warnings = [w for w in (warning, settings_warning) if w]
        return cls(course, store, "; ".join(warnings) or None, settings=settings)

    def answer(
        self,
        question: Question,
        lesson_id: str | None,
        response: object,
        attempt: Attempt | None = None,
    ) -> Verdict:
        """Check an answer and commit it; AnswerFormatError passes through unrecorded."""
        from tutor.checking import check_answer

        verdict = check_answer(question, response)
        self.record(question, lesson_id, response, verdict, attempt)
        return verdict

    def record(
        self,
        question: Question,
        lesson_id: str | None,
        response: object,
        verdict: Verdict,
        attempt: Attempt | None = None,
    ) -> None:
        """Commit an answer checked elsewhere (a code exercise is checked in a thread; the
        store is used from the thread that opened it). In a review it rates the card; a
        first answer that was missed, or right only after a hint, makes one."""
        attempt = attempt or Attempt()
        first = self.store.record_answer(question, lesson_id, response, verdict)
        self.score.answered += 1
        if first:
            self.score.first_tries += 1
            self.score.right_first_try += verdict.right
        if lesson_id == REVIEW_ID:
            self._rate(question, verdict.outcome, attempt)
        elif first and needs_card(verdict.outcome, attempt):
            self._add_card(question)

    def judge(self, question: Question, outcome: str, lesson_id: str | None = None) -> Verdict:
        """Record the learner's own verdict ("right", "partial" or "wrong") on their latest
        written answer that the grader was unsure of; in a review it rates the card, and
        elsewhere an answer judged less than right makes one."""
        from tutor.checking import self_judged_verdict

        verdict = self_judged_verdict(outcome)
        self.store.judge_answer(question.id, verdict.outcome, verdict.score)
        if lesson_id == REVIEW_ID:
            self._rate(question, verdict.outcome, Attempt())
        elif verdict.outcome != "right":
            self._add_card(question)
        return verdict

    # -- spaced review ------------------------------------------------------------------------

    def reviewable(self) -> set[str]:
        """The ids of the course's questions that can come back in a review."""
        return {q.id for q in self.course.questions.values() if q.kind in REVIEWABLE_KINDS}

    def _add_card(self, question: Question) -> None:
        if question.kind in REVIEWABLE_KINDS:
            self.store.add_card(question.id, question.objective, iso(self.clock()))

    def _rate(self, question: Question, outcome: str, attempt: Attempt) -> None:
        """The first checked answer to a card in this session rates it; "unsure" waits for
        the learner's judgement."""
        from tutor.progress.review import CardError, parse_card, rating_for, reschedule

        if outcome == "unsure" or question.id in self._reviewed:
            return
        now = self.clock()

        def rescheduled(row: CardRow) -> tuple[CardRow, int] | None:
            try:
                card = parse_card(row)
            except CardError:
                return None  # left out of the queue already, and said so there
            rating = rating_for(outcome, attempt, card.seen_before)
            return reschedule(card, rating, now, attempt.seconds), rating

        done = self.store.review(question.id, rescheduled, iso(now), attempt.seconds)
        if done is not None:
            row, rating = done
            self._reviewed[question.id] = ReviewDone(question, rating, parse_card(row).due, now)

    def review_cards(self) -> tuple[list[ReviewCard], list[str]]:
        """The stored cards that can be used, and a message for each damaged one."""
        from tutor.progress.review import read_cards

        return read_cards(self.store.card_rows())

    def review_summary(self, limit: int | None = None) -> QueueSummary:
        """The review queue now: due today and this week, cards per state, today's count."""
        from tutor.progress.review import start_of_day, summarize

        now = self.clock()
        cards, _ = self.review_cards()
        today = self.store.reviews_since(iso(start_of_day(now)))
        daily = limit if limit is not None else self.settings.review_daily_limit
        return summarize(cards, now, self.reviewable(), today, daily)

    def plan_review(self, limit: int | None = None, practise: bool = False) -> ReviewPlan:
        """The review session to run now: the due cards, most overdue first, objectives
        interleaved, up to what is left of the daily limit (`limit` replaces the setting).
        With `practise`, the cards due next, when none is due."""
        from tutor.progress.review import due_cards, pick

        now = self.clock()
        cards, problems = self.review_cards()
        summary = self.review_summary(limit)
        reviewable = self.reviewable()
        if practise:
            ahead = sorted(
                (c for c in cards if c.question_id in reviewable),
                key=lambda c: (c.due, c.question_id),
            )
            chosen = pick(ahead, summary.daily_limit)
        else:
            chosen = pick(due_cards(cards, now, reviewable), summary.left_today)
        if not chosen:
            if not summary.cards:
                message = (
                    "Nothing to review yet: a question you miss, or get right only after a "
                    "hint, comes back here a day or more later."
                )
            elif summary.due_now:
                message = (
                    f"That is today's {summary.daily_limit} reviews done (the daily limit); "
                    f"{summary.due_now} more are due. Practise anyway, or come back tomorrow."
                )
            else:
                week = summary.due_this_week
                message = (
                    f"Nothing is due now; {week} come{'s' if week == 1 else ''} back this week. "
                    "Practise anyway to go over the cards early."
                )
            return ReviewPlan(None, message, tuple(problems))
        self._reviewed = {}
        what = "Practice" if practise else "Review"
        lesson = Lesson(
            id=REVIEW_ID,
            title=f"{what} · {len(chosen)} question{'s' if len(chosen) != 1 else ''}",
            phase=0,
            screens=tuple(CheckScreen(c.question_id) for c in chosen),
            summary="Recalling what you missed, a day or more later, is what makes it last.",
            kind="review",
        )
        return ReviewPlan(lesson, f"{len(chosen)} to review", tuple(problems))

    def record_lab_run(
        self,
        lab_id: str,
        lesson_id: str | None,
        knobs: dict[str, object],
        findings: dict[str, object] | None,
        status: str,
        seconds: float,
    ) -> None:
        """A lab run ended ("done", "cancelled" or "error"); findings only when it finished."""
        self.store.record_lab_run(lab_id, lesson_id, knobs, findings or {}, status, seconds)

    def add_screen_time(self, lesson_id: str, seconds: float) -> None:
        """Time spent on one screen, capped so that a terminal left open does not count."""
        self.store.add_time(lesson_id, min(seconds, MAX_SECONDS_PER_SCREEN))

    def lesson_questions(self, lesson: Lesson) -> list[tuple[int, Question]]:
        """Every question a lesson asks, with the index of its screen, in order."""
        found = []
        for index, screen in enumerate(lesson.screens):
            question_id = (
                screen.question_id
                if isinstance(screen, CheckScreen)
                else screen.predict
                if isinstance(screen, LabScreen)
                else None
            )
            if question_id is not None and question_id in self.course.questions:
                found.append((index, self.course.questions[question_id]))
        return found

    def set_position(self, lesson: Lesson, screen: int) -> None:
        """Remember where the learner is (a review is not a place to come back to)."""
        if lesson.kind != "review":
            self.store.set_position(lesson.id, screen)

    def begin_lesson(self, lesson: Lesson, start: int) -> None:
        """A lesson is opened at `start`: a quiz opened from its start is a new sitting."""
        if lesson.kind == "quiz" and (start == 0 or self.store.sitting(lesson.id) is None):
            self.store.start_sitting(lesson.id)

    def finish_lesson(self, lesson: Lesson, screen: int) -> LessonOutcome:
        """The learner reached the summary. The lesson is done only if every question in it
        was answered; a quiz's sitting gets its score."""
        questions = self.lesson_questions(lesson)
        if lesson.kind == "review":
            reviewed = tuple(self._reviewed[q.id] for _, q in questions if q.id in self._reviewed)
            still = tuple(q for _, q in questions if q.id not in self._reviewed)
            return LessonOutcome(True, reviewed=reviewed, still_due=still)
        score = None
        missed: list[Question] = []
        if lesson.kind == "quiz":
            sitting = self.store.sitting(lesson.id)
            if sitting is None:
                sitting = self.store.start_sitting(lesson.id)
            firsts = self.store.first_answers_since(lesson.id, sitting)
            skipped = [(i, q) for i, q in questions if q.id not in firsts]
            missed = [q for _, q in questions if firsts.get(q.id, "right") != "right"]
            right = sum(1 for _, q in questions if firsts.get(q.id) == "right")
            self.store.record_quiz_score(lesson.id, sitting, right, len(questions))
            score = QuizScore(right, len(questions), self.store.best_quiz_scores().get(lesson.id))
        else:
            answered = self.store.answered_in(lesson.id)
            skipped = [(i, q) for i, q in questions if q.id not in answered]
        objectives = self.course.objectives
        weak = dict.fromkeys(
            objectives[q.objective].text
            for q in [q for _, q in skipped] + missed
            if q.objective in objectives
        )
        done = not skipped
        if done:
            self.store.complete_lesson(lesson.id, screen)
            if lesson.id not in self.score.lessons_finished:
                self.score.lessons_finished.append(lesson.id)
        else:
            self.store.set_position(lesson.id, screen)
        return LessonOutcome(done, tuple(skipped), tuple(missed), tuple(weak), score)

    def find_lesson(self, key: str) -> Lesson | None:
        """A lesson by id, or a phase's quiz by its number."""
        key = key.strip()
        if key.isdigit():
            return self.course.lessons.get(phase_item_id(int(key), "quiz"))
        return self.course.lessons.get(key)

    def suggest(self, key: str) -> str:
        """What to add to "no lesson 'x'": " (did you mean 'a' or 'b'?)", or "" if none is close."""
        return did_you_mean(self.close_ids(key))

    def quiz_for(self, key: str) -> Lesson | None:
        """`quiz 1` → the phase quiz; `quiz LESSON` → the questions on that lesson's objectives."""
        lesson = self.find_lesson(key)
        if lesson is None or lesson.kind != "lesson":
            return lesson
        questions = [
            q.id
            for q in self.course.questions.values()
            if q.objective in lesson.objectives and q.kind != "written"
        ]
        return Lesson(
            id=f"{lesson.id}-quiz",
            title=f"Quiz: {lesson.title}",
            phase=lesson.phase,
            screens=tuple(CheckScreen(q) for q in questions),
            summary=f"That was every question on “{lesson.title}”.",
            objectives=lesson.objectives,
            kind="quiz",
        )

    def resume_screen(self, lesson: Lesson) -> int:
        state = self.store.lesson_states().get(lesson.id)
        if state is None or state.status == "done":
            return 0
        return min(state.screen, lesson.screen_count - 1)

    def statuses(self) -> dict[str, str]:
        """lesson id → "new", "in_progress" or "done", for every item of the course."""
        states = self.store.lesson_states()
        return {
            item.id: states[item.id].status if item.id in states else "new"
            for item in self.course.all_items()
        }

    def status(self, lesson_id: str) -> str:
        state = self.store.lesson_states().get(lesson_id)
        return state.status if state else "new"

    def continue_lesson(self) -> Lesson | None:
        """The item to highlight on start: the last one opened, or the next one not done."""
        states = self.store.lesson_states()
        items = self.course.all_items()
        last = self.store.last_lesson()
        ids = [item.id for item in items]
        start = ids.index(last) if last in ids else 0
        for item in items[start:] + items[:start]:
            state = states.get(item.id)
            if state is None or state.status != "done":
                return item
        return self.course.lessons.get(last) if last else None

    def numbered_items(self) -> list[tuple[int, Lesson]]:
        """Every roadmap item with its number, 1..N across phases, as line mode and
        `mltutor lessons` show them (and `lesson`, `reset` and the menu accept them)."""
        return list(enumerate(self.course.all_items(), 1))

    def find_item(self, key: str) -> Lesson | None:
        """A roadmap item by its number (see numbered_items) or by its id."""
        key = key.strip()
        if key.isdigit():
            items = self.course.all_items()
            return items[int(key) - 1] if 1 <= int(key) <= len(items) else None
        return self.course.lessons.get(key)

    def close_ids(self, key: str, most: int = 3) -> list[str]:
        """Up to `most` item ids close to `key`: similar ids, else ids or titles containing it."""
        key = key.strip().casefold()
        if not key or key.isdigit():
            return []
        items = self.course.all_items()
        guesses = close_names(key, [item.id for item in items], most)
        if len(key) >= 3:
            guesses += [
                item.id
                for item in items
                if item.id not in guesses
                and (key in item.id.casefold() or key in item.title.casefold())
            ]
        order = {item.id: n for n, item in enumerate(items)}
        return sorted(guesses[:most], key=order.__getitem__)  # the closest few, in course order

    def progress_text(self, full: str = "#", empty: str = "-") -> str:
        """The progress report as text, with the note on how time is counted, for every
        front end (`mltutor progress`, line mode's `p`, the app's progress screen)."""
        from tutor.progress.report import report_text

        return report_text(
            self.report(), full, empty, max_minutes_per_screen=MAX_SECONDS_PER_SCREEN / 60
        )

    def report(self) -> ProgressReport:
        """The progress report with the review queue, as of now."""
        from tutor.progress.report import build_report

        cards, _ = self.review_cards()
        return build_report(self.course, self.store, self.review_summary(), cards, self.clock())

    def mastery(self, report: ProgressReport | None = None) -> dict[str, float]:
        """Mastery of each lesson (over its objectives' questions) and each phase (key
        "phase-N"), for those with an answer yet; see ObjectiveProgress.mastery."""
        from tutor.progress.report import build_report

        report = report or build_report(self.course, self.store)
        by_id = {o.id: o for p in report.phases for o in p.objectives}
        found: dict[str, float] = {}
        for phase in report.phases:
            questions = sum(o.questions for o in phase.objectives)
            if questions and any(o.answered for o in phase.objectives):
                found[f"phase-{phase.number}"] = sum(o.credit for o in phase.objectives) / questions
        for item in self.course.all_items():
            own = [by_id[o] for o in item.objectives if o in by_id]
            questions = sum(o.questions for o in own)
            if item.kind == "lesson" and questions and any(o.answered for o in own):
                found[item.id] = sum(o.credit for o in own) / questions
        return found

    def next_step(self) -> NextStep:
        """The next best step: a due review, else the unfinished lesson, else the lesson of
        the weakest objective (below WEAK_MASTERY, its lesson done), else the next lesson."""
        from tutor.progress.report import build_report

        summary = self.review_summary()
        if summary.due_now and summary.left_today:
            count = min(summary.due_now, summary.left_today)
            what = (
                f"{count} questions are due for review: recall them before they fade."
                if count != 1
                else "1 question is due for review: recall it before it fades."
            )
            return NextStep("review", None, what)
        suggestion = self.continue_lesson()
        if suggestion is not None and self.status(suggestion.id) == "in_progress":
            return NextStep(
                "continue", suggestion, f"Continue “{suggestion.title}”, where you left it."
            )
        statuses = self.statuses()
        report = build_report(self.course, self.store)
        for objective in report.objectives_weakest_first():
            lesson_id = objective.lesson_id
            if objective.mastery >= WEAK_MASTERY:
                break
            if lesson_id is not None and statuses.get(lesson_id) == "done":
                lesson = self.course.lessons[lesson_id]
                return NextStep(
                    "weakest",
                    lesson,
                    f"Go over “{lesson.title}”: it teaches your weakest objective "
                    f"({objective.mastery:.0%}), “{objective.text}”.",
                )
        if suggestion is not None:
            return NextStep("next", suggestion, f"Next: “{suggestion.title}”.")
        return NextStep("none", None, "Every lesson is done and nothing is due for review.")
