"""Course-wide rules: every reference resolves, every objective is taught and checked.

The labs are not imported here: the caller passes their catalogue in (`tutor.labs.load_all()`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from pathlib import Path

from tutor.content.labfacts import LabCatalogue
from tutor.content.loader import read_course
from tutor.content.model import CheckScreen, Course, LabScreen, Lesson, Phase, PredictQuestion
from tutor.content.problems import Problem


def _at(lesson: Lesson, key: str) -> tuple[str, int]:
    source = lesson.source
    return (
        source.path if source else "?",
        lesson.lines.get(key, source.line if source else 0),
    )


def _check_lesson(
    course: Course, lesson: Lesson, labs: LabCatalogue, problems: list[Problem]
) -> None:
    objectives = course.objectives
    path, line = _at(lesson, "objectives")
    if not lesson.objectives:
        problems.append(
            Problem(path, line, f"lesson '{lesson.id}' should teach at least one objective")
        )
    for objective in lesson.objectives:
        if objective in course.broken or not course.phases:
            continue  # its roadmap entry could not be read: that problem is reported already
        if objective not in objectives:
            problems.append(
                Problem(
                    path,
                    line,
                    f"unknown objective '{objective}'{_hint(objective, objectives)} "
                    "(see lessons/roadmap.yaml)",
                )
            )
        elif objectives[objective].phase != lesson.phase:
            problems.append(
                Problem(
                    path,
                    line,
                    f"objective '{objective}' belongs to phase {objectives[objective].phase}",
                )
            )
    path, line = _at(lesson, "requires")
    for required in lesson.requires:
        if required in course.broken:
            continue
        if required not in course.lessons or course.lessons[required].kind != "lesson":
            lessons = [k for k, v in course.lessons.items() if v.kind == "lesson"]
            problems.append(
                Problem(
                    path,
                    line,
                    f"'requires' names an unknown lesson '{required}'{_hint(required, lessons)}",
                )
            )
    for screen in lesson.screens:
        if (
            isinstance(screen, CheckScreen)
            and screen.question_id not in course.questions
            and screen.question_id not in course.broken
        ):
            hint = _hint(screen.question_id, course.questions)
            problems.append(
                Problem(path, screen.line, f"unknown question '{screen.question_id}'{hint}")
            )
        if isinstance(screen, LabScreen):
            _check_lab(
                labs, path, screen.line, screen.lab, screen.knobs, problems, screen.knob_lines
            )
            if screen.predict is None or screen.predict in course.broken:
                continue
            predict = course.questions.get(screen.predict)
            if not isinstance(predict, PredictQuestion):
                predicts = [
                    k for k, q in course.questions.items() if isinstance(q, PredictQuestion)
                ]
                hint = _hint(screen.predict, predicts)
                problems.append(
                    Problem(
                        path,
                        screen.line,
                        f"'predict' names no predict question '{screen.predict}'{hint}",
                    )
                )
            elif predict.lab != screen.lab:
                problems.append(
                    Problem(
                        path,
                        screen.line,
                        f"this screen shows lab '{screen.lab}' but its predict question "
                        f"'{screen.predict}' runs lab '{predict.lab}': the learner would predict "
                        "one chart and see another; use the same lab in both",
                    )
                )


def _check_lab(
    labs: LabCatalogue,
    path: str,
    line: int,
    lab_id: str,
    knobs: dict[str, object],
    problems: list[Problem],
    knob_lines: dict[str, int] | None = None,
) -> Collection[str] | None:
    """A lab reference resolves and its knobs are inside the lab's bounds; its finding names."""
    spec = labs.get(lab_id)
    if spec is None:
        known = ", ".join(sorted(labs)) or "none yet"
        problems.append(
            Problem(path, line, f"unknown lab '{lab_id}'{_hint(lab_id, labs)} (labs: {known})")
        )
        return None
    for name, value in knobs.items():
        knob = spec.knobs.get(name)
        at = (knob_lines or {}).get(name, line)  # the knob's own line
        if knob is None:
            problems.append(
                Problem(
                    path,
                    at,
                    f"lab '{lab_id}' has no knob '{name}'{_hint(name, spec.knobs)}; "
                    f"knobs: {', '.join(spec.knobs)}",
                )
            )
        elif (why := knob.problem(value)) is not None:
            problems.append(Problem(path, at, why))
    return spec.findings


def _check_cycles(course: Course, problems: list[Problem]) -> None:
    state: dict[str, str] = {}

    def visit(lesson_id: str, trail: list[str]) -> None:
        state[lesson_id] = "active"
        for nxt in course.lessons[lesson_id].requires:
            if nxt not in course.lessons:
                continue
            if state.get(nxt) == "active":
                cycle = " -> ".join(trail[trail.index(nxt) :] + [nxt]) if nxt in trail else nxt
                path, line = _at(course.lessons[lesson_id], "requires")
                problems.append(Problem(path, line, f"'requires' makes a cycle: {cycle}"))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[lesson_id] = "done"

    for lesson_id in course.lessons:
        if lesson_id not in state:
            visit(lesson_id, [lesson_id])


def check_rules(course: Course, labs: LabCatalogue) -> list[Problem]:
    """The rules that need the whole course at once; `labs` are the labs lessons may name.

    They run even when a file could not be read, so one YAML error hides nothing else:
    references to items that failed to load (`course.broken`, which holds the ids written
    in a lost file) are not reported again, nor are objectives when the roadmap is lost;
    the rules that count what teaches or checks an objective wait for a complete course.
    """
    problems: list[Problem] = []
    objectives = course.objectives
    for lesson in course.lessons.values():
        if lesson.kind == "lesson":
            _check_lesson(course, lesson, labs, problems)
    _check_cycles(course, problems)
    for q in course.questions.values():
        if isinstance(q, PredictQuestion):
            path = q.source.path if q.source else "?"
            line = q.lines.get("lab", 0)
            findings = _check_lab(labs, path, line, q.lab, q.knobs, problems, q.knob_lines)
            if findings is not None and q.finding not in findings:
                problems.append(
                    Problem(
                        path,
                        q.lines.get("finding", 0),
                        f"lab '{q.lab}' reports no finding '{q.finding}'; "
                        f"its findings: {', '.join(findings)}",
                    )
                )
        if q.objective not in objectives and q.objective not in course.broken and course.phases:
            path = q.source.path if q.source else "?"
            problems.append(
                Problem(
                    path,
                    q.lines.get("objective", 0),
                    f"unknown objective '{q.objective}'{_hint(q.objective, objectives)} "
                    "(see lessons/roadmap.yaml)",
                )
            )
    # with the roadmap lost no lesson was read, so every lesson named would look unknown
    lessons_read = bool(course.phases)
    terms = {e.term.casefold() for e in course.glossary}
    for entry in course.glossary:
        path, line = (entry.source.path, entry.source.line) if entry.source else ("?", 0)
        if (
            entry.lesson not in course.lessons
            and entry.lesson not in course.broken
            and lessons_read
        ):
            problems.append(
                Problem(
                    path,
                    line,
                    f"the term '{entry.term}' names an unknown lesson '{entry.lesson}'"
                    f"{_hint(entry.lesson, course.lessons)}",
                )
            )
        for other in entry.see:
            if other.casefold() not in terms:
                problems.append(
                    Problem(path, line, f"the term '{entry.term}' sees an undefined term '{other}'")
                )
    checked = Counter(q.objective for q in course.questions.values())
    for phase in course.phases:
        if not phase.lessons and phase.objectives:
            problems.append(_no_lessons_yet(phase))
        if not phase.lessons or course.broken or not course.complete:
            continue  # shown as "no lessons yet"; nothing to teach or check
        taught = {o for lesson in phase.lessons for o in lesson.objectives}
        path = phase.source.path if phase.source else "lessons/roadmap.yaml"
        line = phase.source.line if phase.source else 0
        for objective in phase.objectives:
            line = objective.line or line
            if objective.id not in taught:
                problems.append(
                    Problem(path, line, f"objective '{objective.id}' is taught by no lesson")
                )
            if checked[objective.id] < 2:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"objective '{objective.id}' is checked by {checked[objective.id]} "
                        "question(s); it needs at least 2",
                    )
                )
    return problems


def _no_lessons_yet(phase: Phase) -> Problem:
    path = phase.source.path if phase.source else "lessons/roadmap.yaml"
    line = phase.source.line if phase.source else 0
    return Problem(
        path,
        line,
        f"phase {phase.number} ({phase.title}) has {len(phase.objectives)} objective(s) but no "
        f'lessons in lessons/{phase.dir}/ yet: learners see it as "no lessons yet"',
        warning="phase-without-lessons",
    )


def validate_course(root: Path, labs: LabCatalogue) -> tuple[Course, list[Problem]]:
    """Read a course and check every rule; problems come back sorted by file and line.

    `labs` maps each lab id to its knobs and findings: pass `tutor.labs.load_all()`.
    """
    course, problems = read_course(root)
    problems += check_rules(course, labs)
    return course, sorted(set(problems))


def _hint(name: str, known: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" when a known id is close to a mistyped one."""
    from tutor.spelling import close_names, did_you_mean

    return did_you_mean(close_names(name, list(known)))
