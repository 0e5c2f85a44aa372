"""The items generated after a phase's lessons: its quiz, its written check and its reading list."""

from __future__ import annotations

from tutor.content.model import CheckScreen, Lesson, Phase, Question, TextScreen, phase_item_id

RESOURCES_PER_SCREEN = 4


def phase_extras(phase: Phase, questions: list[Question]) -> list[Lesson]:
    """The phase quiz, written check and reading list, shown after the lessons."""
    number = phase.number
    quiz = [CheckScreen(q.id) for q in questions if q.kind != "written"]
    written = [CheckScreen(q.id) for q in questions if q.kind == "written"]
    extras = []
    if quiz:
        extras.append(
            Lesson(
                phase_item_id(number, "quiz"),
                f"Phase {number} quiz",
                number,
                tuple(quiz),
                summary="That is the end of this phase's quiz.",
                kind="quiz",
            )
        )
    if written:
        extras.append(
            Lesson(
                phase_item_id(number, "written"),
                "Written check",
                number,
                tuple(written),
                summary="Compare your answers with the model answers, then move on.",
                kind="written",
            )
        )
    if phase.resources:
        extras.append(
            Lesson(
                phase_item_id(number, "resources"),
                "Resources",
                number,
                _reading_screens(phase),
                summary="Pick one and read it next to the coming phases.",
                kind="resources",
            )
        )
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
