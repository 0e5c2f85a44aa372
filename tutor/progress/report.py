"""The progress report: per phase and per objective, as text, JSON or CSV."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from tutor.content.model import Course
from tutor.progress.bar import bar
from tutor.progress.store import ProgressStore


@dataclass(frozen=True)
class ObjectiveProgress:
    id: str
    text: str
    questions: int
    answered: int
    right_first_try: int
    self_judged_right: int = 0  # of those right, how many the learner judged themselves

    @property
    def mastery(self) -> float:
        """Share of the objective's questions answered right on the first try; an answer the
        learner judged right themselves counts half."""
        credit = self.right_first_try - 0.5 * self.self_judged_right
        return credit / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class ItemProgress:
    """One roadmap item (lesson, quiz, written check, resources) and where the learner is."""

    id: str
    title: str
    status: str  # "new", "in_progress" or "done"
    minutes: float


@dataclass(frozen=True)
class PhaseProgress:
    number: int
    title: str
    lessons: int
    lessons_done: int
    lessons_started: int
    minutes: float
    objectives: tuple[ObjectiveProgress, ...]
    items: tuple[ItemProgress, ...] = ()


@dataclass(frozen=True)
class ProgressReport:
    phases: tuple[PhaseProgress, ...]
    lessons_done: int
    minutes: float
    days_active: int
    answers: int
    lab_runs: int = 0
    course: str = ""  # the course id: each course keeps its own progress

    def to_dict(self) -> dict:
        data = asdict(self)
        for phase, phase_data in zip(self.phases, data["phases"], strict=True):
            for objective, obj_data in zip(phase.objectives, phase_data["objectives"], strict=True):
                obj_data["mastery"] = round(objective.mastery, 4)
        return data


def build_report(course: Course, store: ProgressStore) -> ProgressReport:
    states = store.lesson_states()
    first = store.first_attempts()
    self_judged = store.self_judged_first_attempts()
    seconds = store.seconds_by_lesson()
    phases = []
    for phase in course.phases:
        objectives = []
        for objective in phase.objectives:
            ids = [q.id for q in course.questions.values() if q.objective == objective.id]
            objectives.append(
                ObjectiveProgress(
                    objective.id,
                    objective.text,
                    len(ids),
                    sum(1 for q in ids if q in first),
                    sum(1 for q in ids if first.get(q) == "right"),
                    sum(1 for q in ids if first.get(q) == "right" and q in self_judged),
                )
            )
        items = course.roadmap(phase.number)
        phases.append(
            PhaseProgress(
                phase.number,
                phase.title,
                len(phase.lessons),
                sum(1 for lesson in phase.lessons if _status(states, lesson.id) == "done"),
                sum(1 for lesson in phase.lessons if _status(states, lesson.id) == "in_progress"),
                round(sum(seconds.get(item.id, 0.0) for item in items) / 60, 1),
                tuple(objectives),
                tuple(
                    ItemProgress(
                        item.id,
                        item.title,
                        _status(states, item.id),
                        round(seconds.get(item.id, 0.0) / 60, 1),
                    )
                    for item in items
                ),
            )
        )
    return ProgressReport(
        tuple(phases),
        sum(p.lessons_done for p in phases),
        round(sum(seconds.values()) / 60, 1),
        store.days_active(),
        len(store.answers()),
        sum(1 for run in store.lab_runs() if run["status"] == "done"),
        course.id,
    )


def _status(states: dict, lesson_id: str) -> str:
    state = states.get(lesson_id)
    return state.status if state else "new"


def report_json(report: ProgressReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)


def report_csv(report: ProgressReport) -> str:
    """One row per objective, with its phase's lesson counts repeated for easy filtering."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "phase",
            "phase_title",
            "lessons",
            "lessons_done",
            "phase_minutes",
            "objective",
            "questions",
            "answered",
            "right_first_try",
            "mastery",
        ]
    )
    for phase in report.phases:
        for o in phase.objectives:
            writer.writerow(
                [
                    phase.number,
                    phase.title,
                    phase.lessons,
                    phase.lessons_done,
                    phase.minutes,
                    o.id,
                    o.questions,
                    o.answered,
                    o.right_first_try,
                    f"{o.mastery:.4f}",
                ]
            )
    return out.getvalue()


def report_text(
    report: ProgressReport,
    full: str = "#",
    empty: str = "-",
    max_minutes_per_screen: float | None = None,
) -> str:
    """The report for people; with `max_minutes_per_screen`, a note on what time counts."""
    lines = [
        f"Lessons done: {report.lessons_done}   Time: {report.minutes:g} min   "
        f"Days active: {report.days_active}   Answers: {report.answers}   "
        f"Labs run: {report.lab_runs}",
    ]
    if max_minutes_per_screen is not None:
        lines.append(
            f"(Time counts at most {max_minutes_per_screen:g} minutes per screen, "
            "so idle time is not counted.)"
        )
    lines.append("")
    for phase in report.phases:
        if not phase.lessons:
            lines.append(f"Phase {phase.number}: {phase.title} — no lessons yet")
            continue
        share = phase.lessons_done / phase.lessons
        lines.append(
            f"Phase {phase.number}: {phase.title}  [{bar(share, 20, full, empty)}] "
            f"{phase.lessons_done}/{phase.lessons} lessons, {phase.minutes:g} min"
        )
        if phase.items:
            lines.append("  Lessons [id]")
        for item in phase.items:
            spent = f"  {item.minutes:g} min" if item.minutes else ""
            status = item.status.replace("_", " ")
            lines.append(f"    {status:<11}  {item.title} [{item.id}]{spent}")
        if phase.objectives:
            lines.append("  Objectives")
        for o in phase.objectives:
            lines.append(
                f"    {o.id:<22} mastery {o.mastery:>4.0%}  "
                f"({o.right_first_try}/{o.questions} right first try, {o.answered} answered)"
            )
    return "\n".join(lines)
