"""The items generated after a phase's lessons: its quiz, its written check and its reading list.

The phase quiz is retrieval practice, not a replay: it asks only the bank's questions that no
lesson screen shows (a lesson's check was already answered, and only a first try counts), and
it interleaves the objectives in an order seeded by the phase id, so that a learner who comes
back to the quiz finds the same questions in the same places.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from tutor.content.model import (
    CheckScreen,
    LabScreen,
    Lesson,
    Phase,
    PhaseExtraKind,
    Question,
    Screen,
    TextScreen,
    phase_item_id,
)

RESOURCES_PER_SCREEN = 4


def _words(prompt: str) -> str:
    """A prompt's words, lower-cased, without punctuation or Markdown: what a learner reads."""
    return " ".join(re.findall(r"\w+", prompt.casefold()))


def lesson_question_ids(lessons: Iterable[Lesson]) -> set[str]:
    """The ids of the questions lessons show: their checks and their labs' predictions."""
    shown = set()
    for lesson in lessons:
        for screen in lesson.screens:
            if isinstance(screen, CheckScreen):
                shown.add(screen.question_id)
            elif isinstance(screen, LabScreen) and screen.predict:
                shown.add(screen.predict)
    return shown


def quiz_questions(
    phase: Phase, questions: list[Question], shown: Iterable[Question] = ()
) -> list[Question]:
    """The phase quiz: the phase's questions that are neither written nor shown by a lesson
    (by id, or by a prompt that says the same words), objectives interleaved."""
    shown = list(shown)
    shown_ids = {q.id for q in shown}
    shown_prompts = {_words(q.prompt) for q in shown}
    fresh = [
        q
        for q in questions
        if q.kind not in ("written", "code")
        and q.id not in shown_ids
        and _words(q.prompt) not in shown_prompts
    ]
    return interleave(fresh, seed=phase.id)


def interleave(questions: list[Question], seed: str) -> list[Question]:
    """The questions in a stable shuffled order where no two neighbours share an objective,
    as far as the counts allow: each step takes the objective with the most questions left
    that is not the one just asked (ties in a shuffled order of the objectives)."""
    rng = random.Random(seed)  # a str seed is hashed with SHA-512: the same in every process
    groups: dict[str, list[Question]] = {}
    for q in sorted(questions, key=lambda q: q.id):
        groups.setdefault(q.objective, []).append(q)
    for group in groups.values():
        rng.shuffle(group)
    objectives = sorted(groups)
    rng.shuffle(objectives)
    ordered: list[Question] = []
    last = None
    while len(ordered) < len(questions):
        left = [o for o in objectives if groups[o]]
        others = [o for o in left if o != last] or left
        last = max(others, key=lambda o: len(groups[o]))  # the first of the largest
        ordered.append(groups[last].pop())
    return ordered


def phase_extras(
    phase: Phase, questions: list[Question], shown: Iterable[Question] = ()
) -> list[Lesson]:
    """The phase quiz, written check and reading list, shown after the lessons; `shown` are
    the questions lesson screens ask, which the quiz leaves out."""
    number = phase.number
    quiz = [CheckScreen(q.id) for q in quiz_questions(phase, questions, shown)]
    written = [CheckScreen(q.id) for q in questions if q.kind == "written"]
    # every code exercise of the phase, those in lessons too: a set to practise with
    exercises = [CheckScreen(q.id) for q in questions if q.kind == "code"]
    items: list[tuple[PhaseExtraKind, str, tuple[Screen, ...], str]] = [
        ("quiz", f"Phase {number} quiz", tuple(quiz), "That is the end of this phase's quiz."),
        (
            "exercises",
            "Code exercises",
            tuple(exercises),
            "That is every code exercise of this phase.",
        ),
        (
            "written",
            "Written check",
            tuple(written),
            "Compare your answers with the model answers, then move on.",
        ),
        (
            "resources",
            "Resources",
            _reading_screens(phase),
            "Pick one and read it next to the coming phases.",
        ),
    ]
    extras = [
        Lesson(phase_item_id(number, kind), title, number, screens, summary=summary, kind=kind)
        for kind, title, screens, summary in items
        if screens
    ]
    return extras


def _reading_screens(phase: Phase) -> tuple[TextScreen, ...]:
    """A few resources per screen, so each fits an 80×24 terminal; "why" on a line of its own."""
    chunks = [
        phase.resources[i : i + RESOURCES_PER_SCREEN]
        for i in range(0, len(phase.resources), RESOURCES_PER_SCREEN)
    ]
    screens = []
    for n, chunk in enumerate(chunks, 1):
        part = f" ({n} of {len(chunks)})" if len(chunks) > 1 else ""
        lines = [f"# Reading for Phase {phase.number}{part}", ""]
        for r in chunk:
            lines.append(f"- **{r.title}** — {r.by} *({r.kind})*" + ("\\" if r.why else ""))
            if r.why:
                lines.append(f"  {r.why}")
        screens.append(TextScreen("\n".join(lines)))
    return tuple(screens)
