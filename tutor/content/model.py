"""The course as plain dataclasses: phases, objectives, lessons, screens and questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# "review": the due review cards, put together by tutor.learner (never in a course's files)
LessonKind = Literal["lesson", "quiz", "exercises", "written", "resources", "review"]
PhaseExtraKind = Literal["quiz", "exercises", "written", "resources"]
PHASE_EXTRAS: tuple[PhaseExtraKind, ...] = (  # in teaching order
    "quiz",
    "exercises",
    "written",
    "resources",
)


def phase_item_id(number: int, kind: PhaseExtraKind) -> str:
    """The id of a phase's generated quiz, written check or reading list: `phase-2-quiz`."""
    return f"phase-{number}-{kind}"


@dataclass(frozen=True)
class Source:
    """Where something was written: a file and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Objective:
    id: str
    text: str
    phase: int
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Resource:
    title: str
    by: str
    kind: str
    why: str


@dataclass(frozen=True)
class TextScreen:
    text: str
    line: int = field(default=0, compare=False)  # the file line of the text's first line


@dataclass(frozen=True)
class CheckScreen:
    question_id: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class LabScreen:
    lab: str
    knobs: dict[str, object] = field(default_factory=dict)
    predict: str | None = None
    line: int = field(default=0, compare=False)
    knob_lines: dict[str, int] = field(default_factory=dict, compare=False)


Screen = TextScreen | CheckScreen | LabScreen


@dataclass(frozen=True)
class Lesson:
    """A sequence of screens; phase quizzes, written checks and reading lists are lessons too."""

    id: str
    title: str
    phase: int
    screens: tuple[Screen, ...]
    summary: str = ""
    objectives: tuple[str, ...] = ()
    minutes: int = 0
    requires: tuple[str, ...] = ()
    kind: LessonKind = "lesson"
    source: Source | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def screen_count(self) -> int:
        """Screens including the closing summary screen."""
        return len(self.screens) + 1


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    why: str
    when: object = None  # predict questions: the finding value that makes this choice right
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Concept:
    """One idea a written answer should state; `subject` names who must do it (see
    WrittenQuestion.subjects), so that a claim about the wrong subject does not count."""

    concept: str
    phrases: tuple[str, ...]
    subject: str = ""


@dataclass(frozen=True)
class Misconception:
    """A wrong claim; an answer that makes it (not negated) is wrong, and told why."""

    claim: str
    phrases: tuple[str, ...]
    subject: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    objective: str
    kind: str
    prompt: str
    explanation: str
    hints: tuple[str, ...] = ()
    source: Source | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ChoiceQuestion(Question):
    """`single` (one right choice) and `multi` (several right choices)."""

    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class PredictQuestion(ChoiceQuestion):
    """Predict, then run the lab: the lab's own finding decides which choice was right."""

    lab: str = ""
    knobs: dict[str, object] = field(default_factory=dict)
    finding: str = ""
    knob_lines: dict[str, int] = field(default_factory=dict, compare=False)

    def right_choice(self, observed: object) -> int | None:
        return next((i for i, c in enumerate(self.choices) if c.when == observed), None)


@dataclass(frozen=True)
class NumericQuestion(Question):
    answer: float = 0.0
    tolerance: float | None = None
    rel_tolerance: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class TextQuestion(Question):
    accept: tuple[str, ...] = ()
    pattern: str | None = None
    # code names (`logisticregression__C`): only an `accept` entry exactly as written is
    # right; the same letters in another case or with other punctuation are partly right
    exact: bool = False


@dataclass(frozen=True)
class OrderQuestion(Question):
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class WrittenQuestion(Question):
    rubric: tuple[Concept, ...] = ()
    pass_count: int = 1
    model_answer: str = ""
    subjects: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (name, phrases that mention it)
    misconceptions: tuple[Misconception, ...] = ()
    # groups of words or phrases that mean the same here: the course's shared lexicon
    # (lessons/synonyms.yaml) followed by the question's own `synonyms`
    synonyms: tuple[tuple[str, ...], ...] = ()


CHECK_KINDS = ("value", "shape", "type", "estimator", "printed")


@dataclass(frozen=True)
class CodeCheck:
    """One thing a code exercise compares between the learner's run and the solution's."""

    name: str  # the variable both must define ("printed": a label for the output)
    kind: str = "value"  # one of CHECK_KINDS
    tolerance: float = 1e-6  # numbers: relative and absolute
    params: tuple[str, ...] = ()  # estimator: parameters that must match
    probe: str = ""  # estimator: an expression (after setup) whose predictions must match
    advice: str = ""  # added to the message when this check fails: "check `test_size`"


@dataclass(frozen=True)
class WrongAnswer:
    """A typical wrong answer and a part of the message it must get (run by the tests)."""

    code: str
    message: str


@dataclass(frozen=True)
class CodeQuestion(Question):
    """Write a few lines of Python; checked by what they compute, in a separate process."""

    title: str = ""
    setup: str = ""  # runs first, in the same namespace (e.g. loads X, y)
    starter: str = ""  # what the editor starts with
    solution: str = ""  # the reference solution
    checks: tuple[CodeCheck, ...] = ()
    wrong: tuple[WrongAnswer, ...] = ()
    also_right: tuple[str, ...] = ()  # other right answers (another route, restyled): tested
    seconds: float = 10.0  # wall-time limit of a run
    memory_mb: int = 2048  # address-space limit of a run


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    lesson: str  # the lesson that introduces the term
    see: tuple[str, ...] = ()
    source: Source | None = field(default=None, compare=False)


@dataclass
class Phase:
    id: str
    number: int
    title: str
    dir: str
    objectives: tuple[Objective, ...] = ()
    about: str = ""  # one or two sentences: what the phase teaches, shown before it has lessons
    resources: tuple[Resource, ...] = ()
    lessons: list[Lesson] = field(default_factory=list)
    source: Source | None = None


@dataclass
class Course:
    """Everything a learner can be taught, with look-ups by id."""

    phases: list[Phase]
    lessons: dict[str, Lesson]
    questions: dict[str, Question]
    glossary: tuple[GlossaryEntry, ...] = ()
    broken: set[str] = field(default_factory=set)  # ids of items that could not be read
    complete: bool = True  # False when a whole file could not be read
    # the course's stable id (roadmap.yaml's `course:`): each course keeps its own progress
    id: str = ""

    @property
    def objectives(self) -> dict[str, Objective]:
        return {o.id: o for phase in self.phases for o in phase.objectives}

    def phase(self, number: int) -> Phase | None:
        return next((p for p in self.phases if p.number == number), None)

    def phase_questions(self, number: int) -> list[Question]:
        phase = self.phase(number)
        objectives = {o.id for o in phase.objectives} if phase else set()
        return [q for q in self.questions.values() if q.objective in objectives]

    def roadmap(self, number: int) -> list[Lesson]:
        """A phase's items in teaching order: lessons, quiz, written check, resources."""
        phase = self.phase(number)
        if phase is None:
            return []
        extras = [phase_item_id(number, kind) for kind in PHASE_EXTRAS]
        return phase.lessons + [self.lessons[extra] for extra in extras if extra in self.lessons]

    def look_up(self, query: str) -> list[GlossaryEntry]:
        """Glossary entries for a search: terms that match first, then definitions."""
        words = query.casefold().split()
        if not words:
            return list(self.glossary)
        in_term = [e for e in self.glossary if all(w in e.term.casefold() for w in words)]
        in_text = [
            e
            for e in self.glossary
            if e not in in_term and all(w in e.definition.casefold() for w in words)
        ]
        return in_term + in_text

    def all_items(self) -> list[Lesson]:
        return [item for phase in self.phases for item in self.roadmap(phase.number)]
