"""A learner's session: the course being taught and their progress, for every front end."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.content.model import CheckScreen, Course, LabScreen, Lesson, Question, phase_item_id
from tutor.paths import course_cache_dir, data_dir, shipped_course_dir
from tutor.progress.store import ProgressStore, open_store
from tutor.spelling import close_names, did_you_mean

if TYPE_CHECKING:
    from tutor.checking import Verdict
    from tutor.content.loader import Problem


MAX_SECONDS_PER_SCREEN = 300.0  # an idle terminal is not study time


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


@dataclass
class Learner:
    course: Course
    store: ProgressStore
    warning: str | None = None
    score: SessionScore = field(default_factory=SessionScore)

    @classmethod
    def open(cls, content: Path | None = None, home: Path | None = None) -> Learner:
        folder = Path(home) if home is not None else data_dir()
        # the course cache is the learner's own, never in `folder`: that may be a shared
        # classroom folder that others can write to
        course = load_course(content, cache_dir=course_cache_dir())
        store, warning = open_store(folder, course.id)
        return cls(course, store, warning)

    def answer(self, question: Question, lesson_id: str | None, response: object) -> Verdict:
        """Check an answer and commit it; AnswerFormatError passes through unrecorded."""
        from tutor.checking import check_answer

        verdict = check_answer(question, response)
        self.record(question, lesson_id, response, verdict)
        return verdict

    def record(
        self, question: Question, lesson_id: str | None, response: object, verdict: Verdict
    ) -> None:
        """Commit an answer checked elsewhere (a code exercise is checked in a thread; the
        store is used from the thread that opened it)."""
        first = self.store.record_answer(question, lesson_id, response, verdict)
        self.score.answered += 1
        if first:
            self.score.first_tries += 1
            self.score.right_first_try += verdict.right

    def judge(self, question: Question, outcome: str) -> Verdict:
        """Record the learner's own verdict ("right", "partial" or "wrong") on their latest
        written answer that the grader was unsure of."""
        from tutor.checking import self_judged_verdict

        verdict = self_judged_verdict(outcome)
        self.store.judge_answer(question.id, verdict.outcome, verdict.score)
        return verdict

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

    def begin_lesson(self, lesson: Lesson, start: int) -> None:
        """A lesson is opened at `start`: a quiz opened from its start is a new sitting."""
        if lesson.kind == "quiz" and (start == 0 or self.store.sitting(lesson.id) is None):
            self.store.start_sitting(lesson.id)

    def finish_lesson(self, lesson: Lesson, screen: int) -> LessonOutcome:
        """The learner reached the summary. The lesson is done only if every question in it
        was answered; a quiz's sitting gets its score."""
        questions = self.lesson_questions(lesson)
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
        from tutor.progress.report import build_report, report_text

        report = build_report(self.course, self.store)
        return report_text(report, full, empty, max_minutes_per_screen=MAX_SECONDS_PER_SCREEN / 60)
