"""Build a Course from a folder of YAML (lessons/ and quizzes/), collecting problems with lines.

Each kind of file has its reader in `readers/`; this module walks the folders, gives
every lesson and question a course-wide id, and adds each phase's generated items.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

from tutor.content.extras import lesson_question_ids, phase_extras
from tutor.content.model import Course, Lesson, Question, Source, WrittenQuestion
from tutor.content.problems import Problem
from tutor.content.readers.glossary import read_glossary
from tutor.content.readers.lessons import read_lesson
from tutor.content.readers.questions import read_quiz_file
from tutor.content.readers.roadmap import read_roadmap_file
from tutor.content.readers.synonyms import read_synonyms

__all__ = ["Problem", "read_course"]


class _Ids:
    """Lesson and question ids share one namespace; the first file to use an id keeps it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.seen: dict[str, Source | None] = {}

    def claim(self, item_id: str, source: Source | None, path: Path, line: int) -> bool:
        if item_id in self.seen:
            used = f"the id '{item_id}' is already used at {self.seen[item_id]}"
            self.problems.append(Problem(str(path), line, used))
            return False
        self.seen[item_id] = source
        return True


def folder_course_id(root: Path) -> str:
    """The id of a course whose roadmap declares none: its folder's name and a hash of its
    path, so that two such courses never share progress (moving the folder starts afresh;
    `course:` in roadmap.yaml avoids that)."""
    resolved = Path(root).resolve()
    name = re.sub(r"[^a-z0-9]+", "-", resolved.name.lower()).strip("-") or "course"
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:8]
    return f"{name}-{digest}"


def read_course(root: Path) -> tuple[Course, list[Problem]]:
    """Read every file of a course; problems are returned, never raised.

    Items that could not be read are recorded in `course.broken`, and files that
    could not be read at all (a fatal problem) make `course.complete` false, so that
    the course-wide rules do not pile follow-on errors onto the real one.
    """
    problems: list[Problem] = []
    broken: set[str] = set()
    root = Path(root)
    if not (root / "lessons").is_dir() or not (root / "quizzes").is_dir():
        problems.append(
            Problem(str(root), 0, "a course folder must hold lessons/ and quizzes/", fatal=True)
        )
        return Course([], {}, {}, complete=False), problems
    for ignored in sorted(
        path
        for folder in (root / "lessons", root / "quizzes")
        for path in folder.rglob("*")
        if path.is_file() and path.suffix.lower() in (".yml", ".yaml") and path.suffix != ".yaml"
    ):
        problems.append(
            Problem(
                str(ignored),
                1,
                f"this file is not read: course files end in .yaml; rename it to "
                f"{ignored.stem}.yaml",
            )
        )
    declared_id, phases = read_roadmap_file(root / "lessons" / "roadmap.yaml", problems, broken)
    lessons: dict[str, Lesson] = {}
    questions: dict[str, Question] = {}
    ids = _Ids(problems)
    for phase in phases:
        folder = root / "lessons" / phase.dir
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            lesson = read_lesson(path, phase.number, problems, broken)
            if lesson and ids.claim(lesson.id, lesson.source, path, 1):
                lessons[lesson.id] = lesson
                phase.lessons.append(lesson)
    for path in sorted((root / "quizzes").rglob("*.yaml")):
        for q in read_quiz_file(path, problems, broken):
            if ids.claim(q.id, q.source, path, q.source.line if q.source else 0):
                questions[q.id] = q
    shared = read_synonyms(root / "lessons" / "synonyms.yaml", problems)
    if shared:  # each written question carries the lexicon it is graded with
        for qid, q in questions.items():
            if isinstance(q, WrittenQuestion):
                questions[qid] = dataclasses.replace(q, synonyms=shared + q.synonyms)
    objective_phase = {o.id: p.number for p in phases for o in p.objectives}
    shown = [questions[i] for i in sorted(lesson_question_ids(lessons.values())) if i in questions]
    for phase in phases:
        bank = [q for q in questions.values() if objective_phase.get(q.objective) == phase.number]
        for extra in phase_extras(phase, bank, shown):
            lessons[extra.id] = extra
    glossary = read_glossary(root / "lessons" / "glossary.yaml", problems)
    course = Course(phases, lessons, questions, glossary=glossary, broken=broken)
    course.id = declared_id or folder_course_id(root)
    course.complete = not any(p.fatal for p in problems)
    return course, problems
