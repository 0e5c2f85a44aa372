"""A learner's session: the course being taught and their progress, for every front end."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from tutor.checking import Verdict, check_answer
from tutor.content.loader import Problem
from tutor.content.model import CheckScreen, Course, Lesson, Question
from tutor.content.validate import validate_course
from tutor.paths import data_dir, shipped_course_dir
from tutor.progress.store import ProgressStore, open_store


class CourseError(Exception):
    """The course has problems and cannot be taught; `problems` says which."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        super().__init__(f"the course in {root} has {len(problems)} problem(s)")
        self.root = root
        self.problems = problems


def load_course(content: Path | None = None) -> Course:
    """Read and validate a course (the shipped one by default); raise CourseError on problems."""
    root = Path(content) if content is not None else shipped_course_dir()
    course, problems = validate_course(root)
    if problems:
        raise CourseError(root, problems)
    return course


@dataclass
class SessionScore:
    """What happened in this run, for the closing summary."""

    answered: int = 0
    right_first_try: int = 0
    first_tries: int = 0
    lessons_finished: list[str] = field(default_factory=list)


@dataclass
class Learner:
    course: Course
    store: ProgressStore
    warning: str | None = None
    score: SessionScore = field(default_factory=SessionScore)

    @classmethod
    def open(cls, content: Path | None = None, home: Path | None = None) -> Learner:
        course = load_course(content)
        store, warning = open_store(home if home is not None else data_dir())
        return cls(course, store, warning)

    def answer(self, question: Question, lesson_id: str | None, response: object) -> Verdict:
        """Check an answer and commit it; AnswerFormatError passes through unrecorded."""
        verdict = check_answer(question, response)
        first = self.store.record_answer(question, lesson_id, response, verdict)
        self.score.answered += 1
        if first:
            self.score.first_tries += 1
            self.score.right_first_try += verdict.right
        return verdict

    def find_lesson(self, key: str) -> Lesson | None:
        """A lesson by id, or a phase's quiz by its number."""
        key = key.strip()
        if key.isdigit():
            return self.course.lessons.get(f"phase-{int(key)}-quiz")
        return self.course.lessons.get(key)

    def suggest(self, key: str) -> str:
        guess = difflib.get_close_matches(key, list(self.course.lessons), n=1)
        return f" (did you mean '{guess[0]}'?)" if guess else ""

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

    def status(self, lesson_id: str) -> str:
        state = self.store.lesson_states().get(lesson_id)
        return state.status if state else "new"

    def continue_lesson(self) -> Lesson | None:
        """The lesson to highlight on start: the last one opened, else the first not done."""
        last = self.store.last_lesson()
        if last in self.course.lessons:
            return self.course.lessons[last]
        states = self.store.lesson_states()
        for item in self.course.all_items():
            state = states.get(item.id)
            if state is None or state.status != "done":
                return item
        return None
