"""The progress report: per phase and per objective, as text, JSON or CSV."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from tutor.content.model import Course
from tutor.progress.bar import bar
from tutor.progress.review import GOOD, QueueSummary, ReviewCard
from tutor.progress.store import ProgressStore


@dataclass(frozen=True)
class ObjectiveProgress:
    id: str
    text: str
    questions: int
    answered: int
    right_first_try: int
    self_judged_right: int = 0  # of those right, how many the learner judged themselves
    review_right: int = 0  # missed at first, right (no hint) in their latest review
    lesson_id: str | None = None  # the lesson that teaches it
    lesson_title: str = ""
    review_cards: int = 0
    due_now: int = 0

    @property
    def credit(self) -> float:
        return self.right_first_try - 0.5 * self.self_judged_right + 0.5 * self.review_right

    @property
    def mastery(self) -> float:
        """Share of the objective's questions answered right on the first try, plus review:
        an answer the learner judged right themselves counts half, and so does a question
        missed at first that its latest review got right without a hint."""
        return self.credit / self.questions if self.questions else 0.0


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
    review: QueueSummary | None = None
    course: str = ""  # the course id: each course keeps its own progress

    def to_dict(self) -> dict:
        data = asdict(self)
        for phase, phase_data in zip(self.phases, data["phases"], strict=True):
            for objective, obj_data in zip(phase.objectives, phase_data["objectives"], strict=True):
                obj_data["mastery"] = round(objective.mastery, 4)
        data["review"] = self.review.to_dict() if self.review is not None else None
        return data

    def objectives_weakest_first(self) -> list[ObjectiveProgress]:
        """The objectives with at least one answer, lowest mastery first."""
        answered = [o for p in self.phases for o in p.objectives if o.answered]
        return sorted(answered, key=lambda o: (o.mastery, -o.answered))


def teaching_lessons(course: Course) -> dict[str, tuple[str, str]]:
    """objective id → (id, title) of the first lesson that teaches it."""
    found: dict[str, tuple[str, str]] = {}
    for item in course.all_items():
        if item.kind == "lesson":
            for objective in item.objectives:
                found.setdefault(objective, (item.id, item.title))
    return found


def build_report(
    course: Course,
    store: ProgressStore,
    review: QueueSummary | None = None,
    cards: Iterable[ReviewCard] = (),
    now: datetime | None = None,
) -> ProgressReport:
    """The report; with `review` (and the cards, at `now`), the review queue too."""
    states = store.lesson_states()
    first = store.first_attempts()
    self_judged = store.self_judged_first_attempts()
    latest = store.latest_ratings()
    seconds = store.seconds_by_lesson()
    teachers = teaching_lessons(course)
    cards = list(cards)
    phases = []
    for phase in course.phases:
        objectives = []
        for objective in phase.objectives:
            ids = [q.id for q in course.questions.values() if q.objective == objective.id]
            own = [c for c in cards if c.question_id in ids]
            lesson_id, lesson_title = teachers.get(objective.id, (None, ""))
            objectives.append(
                ObjectiveProgress(
                    objective.id,
                    objective.text,
                    len(ids),
                    sum(1 for q in ids if q in first),
                    sum(1 for q in ids if first.get(q) == "right"),
                    sum(1 for q in ids if first.get(q) == "right" and q in self_judged),
                    sum(
                        1
                        for q in ids
                        if q in first and first[q] != "right" and latest.get(q, 0) >= GOOD
                    ),
                    lesson_id,
                    lesson_title,
                    len(own),
                    sum(1 for c in own if now is not None and c.due <= now),
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
        review,
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
            "review_right",
            "mastery",
            "review_cards",
            "due_now",
            "lesson",
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
                    o.review_right,
                    f"{o.mastery:.4f}",
                    o.review_cards,
                    o.due_now,
                    o.lesson_id or "",
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
    if report.review is not None and report.review.cards:
        r = report.review
        words = {"learning": "new", "review": "in review", "relearning": "relearning"}
        states = ", ".join(f"{n} {words[state]}" for state, n in r.by_state.items() if n)
        cards = f"{r.cards} card{'s' if r.cards != 1 else ''}"
        lines.append(
            f"Review: {r.due_now} due now, {r.due_this_week} this week ({cards}: {states}); "
            f"{r.reviews_today} of {r.daily_limit} done today"
        )
    weakest = report.objectives_weakest_first()
    if weakest:
        lines += ["", "Objectives, weakest first (mastery, and the lesson that teaches it)"]
        for o in weakest:
            text = o.text if len(o.text) <= 60 else o.text[:59].rstrip() + "…"
            lines.append(f"  [{bar(o.mastery, 5, full, empty)}] {o.mastery:>4.0%}  {text}")
            if o.lesson_title:
                lines.append(f"{'':15}→ {o.lesson_title} [{o.lesson_id}]")
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
