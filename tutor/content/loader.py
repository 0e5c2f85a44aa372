"""Build a Course from a folder of YAML (lessons/ and quizzes/), collecting problems with lines."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.content.model import (
    CheckScreen,
    Choice,
    ChoiceQuestion,
    Concept,
    Course,
    GlossaryEntry,
    LabScreen,
    Lesson,
    NumericQuestion,
    Objective,
    OrderQuestion,
    Phase,
    PredictQuestion,
    Question,
    Resource,
    Screen,
    Source,
    TextQuestion,
    TextScreen,
    WrittenQuestion,
)
from tutor.content.yamlsafe import YamlError, YamlList, YamlMap, load_yaml_file

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUESTION_KINDS = ("single", "multi", "numeric", "text", "order", "written", "predict")
RESOURCE_KINDS = ("book", "paper", "docs", "course", "article", "video")
# Code blocks do not wrap: a longer line is cut off in an 80-column terminal.
MAX_CODE_LINE = 72
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a course, shown as `path:LINE: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class _File:
    """Reads the fields of one YAML file, recording problems against it."""

    def __init__(self, path: Path, problems: list[Problem], broken: set[str] | None = None) -> None:
        self.path = path
        self.problems = problems
        self.broken = broken if broken is not None else set()

    def mark_broken(self, node: Any) -> None:
        """Remember the id of an item that could not be read, so references to it don't cascade."""
        if isinstance(node, YamlMap) and isinstance(node.get("id"), str):
            self.broken.add(node["id"])

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(str(self.path), line, message))

    def check_code_lines(self, node: YamlMap, key: str, text: str) -> None:
        """Report each line of a fenced code block in `node[key]` longer than MAX_CODE_LINE."""
        start = node.block_lines.get(key)  # None unless written as a literal block `key: |`
        for index, length in _long_code_lines(text):
            message = (
                f"code line is {length} characters; the limit is {MAX_CODE_LINE} "
                "so it fits an 80-column terminal"
            )
            if start is None:
                self.problem(node.line_of(key), message + " (in the text that starts on this line)")
            else:
                self.problem(start + index, message)

    def source(self, line: int) -> Source:
        return Source(str(self.path), line)

    def fields(
        self,
        node: Any,
        what: str,
        required: dict[str, type | tuple[type, ...]],
        optional: dict[str, type | tuple[type, ...]] | None = None,
        line: int = 0,
    ) -> dict[str, Any] | None:
        """Check a mapping's keys and value types; return the well-typed values."""
        optional = optional or {}
        if not isinstance(node, YamlMap):
            self.problem(
                getattr(node, "line", line),
                f"{what} should be a mapping of keys to values",
            )
            return None
        allowed = {**required, **optional}
        values: dict[str, Any] = {}
        for key, value in node.items():
            key_line = node.line_of(key)
            if key not in allowed:
                guess = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
                hint = f" (did you mean '{guess[0]}'?)" if guess else ""
                known = ", ".join(allowed)
                self.problem(
                    key_line,
                    f"unknown key '{key}' in {what}{hint}; known keys: {known}",
                )
                continue
            expected = allowed[key]
            if not _is_type(value, expected):
                self.problem(
                    key_line,
                    f"'{key}' in {what} should be {_type_name(expected)}, not {value!r}",
                )
                continue
            values[key] = value
        for key in required:
            if key not in node:
                self.problem(node.line, f"{what} is missing the key '{key}'")
        return values if all(k in values for k in required) else None


def _long_code_lines(text: str) -> list[tuple[int, int]]:
    """(index, length) of each over-long line inside a ``` or ~~~ fenced block of Markdown."""
    found = []
    fence: tuple[int, str] | None = None  # the open fence's indentation and marker
    for index, line in enumerate(text.split("\n")):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = (len(match.group(1)), match.group(2))
            continue
        indent, marker = fence
        if (
            match
            and match.group(2)[0] == marker[0]
            and len(match.group(2)) >= len(marker)
            and not line[match.end() :].strip()
        ):
            fence = None
            continue
        code = line[min(indent, len(line) - len(line.lstrip(" "))) :].rstrip()
        if len(code) > MAX_CODE_LINE:
            found.append((index, len(code)))
    return found


def _is_type(value: Any, expected: type | tuple[type, ...]) -> bool:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in types:
        return False  # YAML `yes` is not a number
    if float in types and isinstance(value, int):
        return True
    return isinstance(value, types)


def _type_name(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)


def _check_id(f: _File, value: str, line: int, what: str) -> None:
    if not ID_PATTERN.match(value):
        f.problem(
            line,
            f"{what} '{value}' should use lowercase letters, digits and dashes only",
        )


def _string_list(f: _File, node: Any, line: int, what: str) -> tuple[str, ...]:
    if node is None:
        return ()
    if not isinstance(node, list) or not all(isinstance(x, str) for x in node):
        f.problem(line, f"{what} should be a list of text items")
        return ()
    return tuple(node)


def _read_file(path: Path, problems: list[Problem]) -> Any:
    try:
        return load_yaml_file(path)
    except YamlError as exc:
        problems.append(Problem(str(path), exc.line, exc.message))
        return None


# --- roadmap -----------------------------------------------------------------


def _read_roadmap(path: Path, problems: list[Problem]) -> list[Phase]:
    if not path.is_file():
        problems.append(Problem(str(path), 0, "the roadmap file is missing"))
        return []
    f = _File(path, problems)
    before = len(problems)
    node = _read_file(path, problems)
    if node is None and len(problems) > before:
        return []  # the YAML error says it all; "not a mapping" would only repeat it
    data = f.fields(node, "the roadmap", {"phases": list})
    if data is None:
        return []
    phases: list[Phase] = []
    items: YamlList = data["phases"]
    for index, node in enumerate(items):
        line = items.line_of(index)
        fields = f.fields(
            node,
            "a phase",
            {"id": str, "number": int, "title": str, "dir": str},
            {"objectives": list, "resources": list, "about": str},
            line,
        )
        if fields is None:
            continue
        _check_id(f, fields["id"], line, "phase id")
        if fields["number"] != len(phases) + 1:
            f.problem(
                node.line_of("number"),
                f"phase numbers should count 1, 2, 3 … in order; expected {len(phases) + 1}",
            )
        number = fields["number"]
        objectives = []
        objective_nodes = fields.get("objectives", YamlList())
        for i, obj in enumerate(objective_nodes):
            of = f.fields(
                obj,
                "an objective",
                {"id": str, "text": str},
                line=objective_nodes.line_of(i),
            )
            if of:
                _check_id(f, of["id"], obj.line, "objective id")
                objectives.append(Objective(of["id"], of["text"].strip(), number, obj.line))
        resources = []
        resource_nodes = fields.get("resources", YamlList())
        for i, res in enumerate(resource_nodes):
            rf = f.fields(
                res,
                "a resource",
                {"title": str, "by": str, "kind": str},
                {"why": str},
                line=resource_nodes.line_of(i),
            )
            if rf:
                if rf["kind"] not in RESOURCE_KINDS:
                    f.problem(
                        res.line_of("kind"),
                        f"resource kind '{rf['kind']}' should be one of: "
                        + ", ".join(RESOURCE_KINDS),
                    )
                resources.append(Resource(rf["title"], rf["by"], rf["kind"], rf.get("why", "")))
        phases.append(
            Phase(
                id=fields["id"],
                number=number,
                title=fields["title"],
                about=" ".join(fields.get("about", "").split()),
                dir=fields["dir"],
                objectives=tuple(objectives),
                resources=tuple(resources),
                source=f.source(line),
            )
        )
    return phases


# --- lessons -----------------------------------------------------------------

_LESSON_REQUIRED = {
    "id": str,
    "title": str,
    "objectives": list,
    "screens": list,
    "summary": str,
}
_LESSON_OPTIONAL = {"minutes": int, "requires": list}


def _read_screen(f: _File, node: Any, line: int) -> Screen | None:
    if isinstance(node, YamlMap) and "text" in node:
        fields = f.fields(node, "a text screen", {"text": str}, line=line)
        if fields is None:
            return None
        f.check_code_lines(node, "text", fields["text"])
        return TextScreen(fields["text"].strip())
    if isinstance(node, YamlMap) and "check" in node:
        fields = f.fields(node, "a check screen", {"check": str}, line=line)
        return CheckScreen(fields["check"], line=node.line) if fields else None
    if isinstance(node, YamlMap) and "lab" in node:
        fields = f.fields(
            node,
            "a lab screen",
            {"lab": str},
            {"knobs": dict, "predict": str},
            line=line,
        )
        if fields is None:
            return None
        return LabScreen(
            fields["lab"],
            dict(fields.get("knobs", {})),
            fields.get("predict"),
            line=node.line,
        )
    f.problem(
        getattr(node, "line", line),
        "a screen should be one of: text: …, check: QUESTION, lab: LAB",
    )
    return None


def _read_lesson(
    path: Path, phase: int, problems: list[Problem], broken: set[str]
) -> Lesson | None:
    f = _File(path, problems, broken)
    node = _read_file(path, problems)
    if node is None and path.exists() and any(p.path == str(path) for p in problems):
        return None
    fields = f.fields(node, "a lesson", _LESSON_REQUIRED, _LESSON_OPTIONAL, line=1)
    if fields is None:
        f.mark_broken(node)
        return None
    _check_id(f, fields["id"], node.line_of("id"), "lesson id")
    f.check_code_lines(node, "summary", fields["summary"])
    screen_nodes: YamlList = fields["screens"]
    screens = [
        screen
        for i, s in enumerate(screen_nodes)
        if (screen := _read_screen(f, s, screen_nodes.line_of(i))) is not None
    ]
    if not 5 <= len(screen_nodes) <= 12:
        f.problem(
            node.line_of("screens"),
            f"a lesson should have 5 to 12 screens (the summary is added after them); "
            f"this one has {len(screen_nodes)}",
        )
    run = 0
    for i, screen in enumerate(screen_nodes):
        run = run + 1 if isinstance(screen, YamlMap) and "text" in screen else 0
        if run == 4:
            f.problem(
                screen_nodes.line_of(i),
                "four text screens in a row: follow an idea with a check or a lab "
                "after at most three",
            )
    minutes = fields.get("minutes", 0)
    if "minutes" in fields and not 1 <= minutes <= 60:
        f.problem(
            node.line_of("minutes"),
            f"'minutes' should be between 1 and 60, not {minutes}",
        )
    return Lesson(
        id=fields["id"],
        title=fields["title"].strip(),
        phase=phase,
        screens=tuple(screens),
        summary=fields["summary"].strip(),
        objectives=_string_list(
            f, fields["objectives"], node.line_of("objectives"), "'objectives'"
        ),
        minutes=minutes,
        requires=_string_list(f, fields.get("requires"), node.line_of("requires"), "'requires'"),
        source=f.source(1),
        lines=dict(node.key_lines),
    )


# --- questions ---------------------------------------------------------------

_BASE_REQUIRED: dict[str, Any] = {
    "id": str,
    "objective": str,
    "kind": str,
    "prompt": str,
}
_BASE_OPTIONAL: dict[str, Any] = {"hints": list, "explanation": str}
_KIND_FIELDS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "single": ({"choices": list}, {}),
    "multi": ({"choices": list}, {}),
    "numeric": (
        {"answer": float},
        {"tolerance": float, "rel_tolerance": float, "unit": str},
    ),
    "text": ({}, {"accept": list, "pattern": str}),
    "order": ({"items": list}, {}),
    "written": ({"rubric": list, "pass": int, "model_answer": str}, {}),
    "predict": ({"choices": list, "lab": str, "finding": str}, {"knobs": dict}),
}


def _read_question(f: _File, node: Any, line: int) -> Question | None:
    kind = node.get("kind") if isinstance(node, YamlMap) else None
    if isinstance(node, YamlMap) and kind not in _KIND_FIELDS:
        where = node.line_of("kind") if "kind" in node else node.line
        guess = difflib.get_close_matches(str(kind), QUESTION_KINDS, n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        f.problem(
            where,
            f"question kind {kind!r} is not known{hint}; kinds: {', '.join(QUESTION_KINDS)}",
        )
        f.mark_broken(node)
        return None
    extra_required, extra_optional = _KIND_FIELDS.get(kind, ({}, {}))
    what = f"a {kind} question" if kind else "a question"
    fields = f.fields(
        node,
        what,
        {**_BASE_REQUIRED, **extra_required},
        {**_BASE_OPTIONAL, **extra_optional},
        line,
    )
    if fields is None:
        f.mark_broken(node)
        return None
    qid = fields["id"]
    _check_id(f, qid, node.line_of("id"), "question id")
    for key in ("prompt", "explanation"):
        if key in fields:
            f.check_code_lines(node, key, fields[key])
    if kind != "written" and not fields.get("explanation", "").strip():
        f.problem(
            node.line,
            f"question '{qid}' needs an 'explanation' (shown after answering)",
        )
    base = dict(
        id=qid,
        objective=fields["objective"],
        kind=kind,
        prompt=fields["prompt"].strip(),
        explanation=fields.get("explanation", "").strip(),
        hints=_string_list(f, fields.get("hints"), node.line_of("hints"), "'hints'"),
        source=f.source(node.line),
        lines=dict(node.key_lines),
    )
    if kind in ("single", "multi", "predict"):
        return _read_choice_question(f, node, fields, base)
    if kind == "numeric":
        return _read_numeric_question(f, node, fields, base)
    if kind == "text":
        accept = _string_list(f, fields.get("accept"), node.line_of("accept"), "'accept'")
        pattern = fields.get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                f.problem(
                    node.line_of("pattern"),
                    f"'pattern' is not a valid regular expression: {exc}",
                )
        if not accept and pattern is None:
            f.problem(
                node.line,
                f"text question '{qid}' needs 'accept' answers or a 'pattern'",
            )
        return TextQuestion(**base, accept=accept, pattern=pattern)
    if kind == "order":
        items = _string_list(f, fields["items"], node.line_of("items"), "'items'")
        if len(items) < 3:
            f.problem(node.line_of("items"), f"order question '{qid}' needs at least 3 items")
        if len(set(items)) != len(items):
            f.problem(node.line_of("items"), f"order question '{qid}' has the same item twice")
        return OrderQuestion(**base, items=items)
    return _read_written_question(f, node, fields, base)


def _read_choice_question(f: _File, node: YamlMap, fields: dict, base: dict) -> Question:
    qid, kind = base["id"], base["kind"]
    nodes: YamlList = fields["choices"]
    choices = []
    for i, c in enumerate(nodes):
        optional: dict[str, Any] = {"correct": bool, "why": str}
        if kind == "predict":
            optional["when"] = (bool, int, float, str)
        cf = f.fields(c, "a choice", {"text": str}, optional, nodes.line_of(i))
        if cf is None:
            continue
        if not cf.get("why", "").strip():
            f.problem(
                c.line,
                f"each choice of '{qid}' needs a 'why' (feedback when it is picked)",
            )
        if kind == "predict" and "when" not in cf:
            f.problem(
                c.line,
                f"each choice of predict question '{qid}' needs 'when': the value of the "
                f"finding '{fields['finding']}' that makes it right",
            )
        choices.append(
            Choice(
                str(cf["text"]).strip(),
                cf.get("correct", False),
                cf.get("why", "").strip(),
                cf.get("when"),
            )
        )
    correct = sum(c.correct for c in choices)
    if len(nodes) < 2:
        f.problem(node.line_of("choices"), f"question '{qid}' needs at least two choices")
    elif kind in ("single", "predict") and correct != 1:
        f.problem(
            node.line_of("choices"),
            f"{'single-choice' if kind == 'single' else 'predict'} question '{qid}' "
            "needs exactly one choice with "
            f"'correct: true', has {correct}",
        )
    elif kind == "multi" and correct < 2:
        f.problem(
            node.line_of("choices"),
            f"multi-choice question '{qid}' needs at least two correct choices, has {correct} "
            "(use kind: single for one)",
        )
    if kind == "predict":
        whens = [c.when for c in choices if c.when is not None]
        if len(set(map(repr, whens))) != len(whens):
            f.problem(node.line_of("choices"), f"two choices of '{qid}' have the same 'when'")
        return PredictQuestion(
            **base,
            choices=tuple(choices),
            lab=fields["lab"],
            knobs=dict(fields.get("knobs", {})),
            finding=fields["finding"],
        )
    return ChoiceQuestion(**base, choices=tuple(choices))


def _read_numeric_question(f: _File, node: YamlMap, fields: dict, base: dict) -> Question:
    qid = base["id"]
    tolerance, rel = fields.get("tolerance"), fields.get("rel_tolerance")
    if (tolerance is None) == (rel is None):
        f.problem(
            node.line,
            f"numeric question '{qid}' needs exactly one of 'tolerance' or 'rel_tolerance'",
        )
    for key, value in (("tolerance", tolerance), ("rel_tolerance", rel)):
        if value is not None and value < 0:
            f.problem(node.line_of(key), f"'{key}' should not be negative")
    return NumericQuestion(
        **base,
        answer=float(fields["answer"]),
        tolerance=None if tolerance is None else float(tolerance),
        rel_tolerance=None if rel is None else float(rel),
        unit=fields.get("unit", ""),
    )


def _read_written_question(f: _File, node: YamlMap, fields: dict, base: dict) -> Question:
    nodes: YamlList = fields["rubric"]
    rubric = []
    for i, c in enumerate(nodes):
        cf = f.fields(c, "a rubric concept", {"concept": str, "any": list}, line=nodes.line_of(i))
        if cf is None:
            continue
        phrases = _string_list(f, cf["any"], c.line_of("any"), "'any'")
        if not phrases:
            f.problem(c.line_of("any"), "a rubric concept needs at least one phrase in 'any'")
        rubric.append(Concept(cf["concept"].strip(), phrases))
    if not 1 <= fields["pass"] <= max(len(nodes), 1):
        f.problem(
            node.line_of("pass"),
            f"'pass' should be between 1 and the number of rubric concepts ({len(nodes)})",
        )
    return WrittenQuestion(
        **base,
        rubric=tuple(rubric),
        pass_count=fields["pass"],
        model_answer=fields["model_answer"].strip(),
    )


def _read_quiz_file(path: Path, problems: list[Problem], broken: set[str]) -> list[Question]:
    f = _File(path, problems, broken)
    node = _read_file(path, problems)
    if node is None and any(p.path == str(path) for p in problems):
        return []
    fields = f.fields(node, "a quiz file", {"questions": list}, line=1)
    if fields is None:
        return []
    items: YamlList = fields["questions"]
    return [
        q for i, n in enumerate(items) if (q := _read_question(f, n, items.line_of(i))) is not None
    ]


# --- the glossary -------------------------------------------------------------


def _read_glossary(path: Path, problems: list[Problem]) -> tuple[GlossaryEntry, ...]:
    """`lessons/glossary.yaml` is optional; each term once, with the lesson that introduces it."""
    if not path.is_file():
        return ()
    f = _File(path, problems)
    node = _read_file(path, problems)
    if node is None and any(p.path == str(path) for p in problems):
        return ()
    fields = f.fields(node, "the glossary", {"terms": list}, line=1)
    if fields is None:
        return ()
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    items: YamlList = fields["terms"]
    for i, item in enumerate(items):
        tf = f.fields(
            item,
            "a glossary term",
            {"term": str, "definition": str, "lesson": str},
            {"see": list},
            line=items.line_of(i),
        )
        if tf is None:
            continue
        key = tf["term"].strip().casefold()
        if key in seen:
            f.problem(item.line, f"the term '{tf['term']}' is already defined at line {seen[key]}")
            continue
        seen[key] = item.line
        see = _string_list(f, tf.get("see"), item.line_of("see"), "'see'")
        entries.append(
            GlossaryEntry(
                tf["term"].strip(), tf["definition"].strip(), tf["lesson"], see, f.source(item.line)
            )
        )
    return tuple(entries)


# --- the course --------------------------------------------------------------


RESOURCES_PER_SCREEN = 4


def _phase_extras(phase: Phase, questions: list[Question]) -> list[Lesson]:
    """The phase quiz, written check and reading list, shown after the lessons."""
    number = phase.number
    quiz = [CheckScreen(q.id) for q in questions if q.kind != "written"]
    written = [CheckScreen(q.id) for q in questions if q.kind == "written"]
    extras = []
    if quiz:
        extras.append(
            Lesson(
                f"phase-{number}-quiz",
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
                f"phase-{number}-written",
                "Written check",
                number,
                tuple(written),
                summary="Compare your answers with the model answers, then move on.",
                kind="written",
            )
        )
    if phase.resources:
        # a few per screen, so that each fits an 80×24 terminal; "why" on a line of its own
        chunks = [
            phase.resources[i : i + RESOURCES_PER_SCREEN]
            for i in range(0, len(phase.resources), RESOURCES_PER_SCREEN)
        ]
        screens = []
        for n, chunk in enumerate(chunks, 1):
            part = f" ({n} of {len(chunks)})" if len(chunks) > 1 else ""
            lines = [f"# Reading for Phase {number}{part}", ""]
            for r in chunk:
                lines.append(f"- **{r.title}** — {r.by} *({r.kind})*" + ("\\" if r.why else ""))
                if r.why:
                    lines.append(f"  {r.why}")
            screens.append(TextScreen("\n".join(lines)))
        extras.append(
            Lesson(
                f"phase-{number}-resources",
                "Resources",
                number,
                tuple(screens),
                summary="Pick one and read it next to the coming phases.",
                kind="resources",
            )
        )
    return extras


def read_course(root: Path) -> tuple[Course, list[Problem]]:
    """Read every file of a course; problems are returned, never raised.

    Items that could not be read are recorded in `course.broken`, and files that
    could not be parsed at all make `course.complete` false, so that the
    course-wide rules do not pile follow-on errors onto the real one.
    """
    problems: list[Problem] = []
    broken: set[str] = set()
    root = Path(root)
    if not (root / "lessons").is_dir() or not (root / "quizzes").is_dir():
        problems.append(Problem(str(root), 0, "a course folder must hold lessons/ and quizzes/"))
        return Course([], {}, {}), problems
    phases = _read_roadmap(root / "lessons" / "roadmap.yaml", problems)
    lessons: dict[str, Lesson] = {}
    questions: dict[str, Question] = {}
    seen: dict[str, Source | None] = {}

    def claim(item_id: str, source: Source | None, path: Path, line: int) -> bool:
        if item_id in seen:
            problems.append(
                Problem(
                    str(path),
                    line,
                    f"the id '{item_id}' is already used at {seen[item_id]}",
                )
            )
            return False
        seen[item_id] = source
        return True

    for phase in phases:
        folder = root / "lessons" / phase.dir
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            lesson = _read_lesson(path, phase.number, problems, broken)
            if lesson and claim(lesson.id, lesson.source, path, 1):
                lessons[lesson.id] = lesson
                phase.lessons.append(lesson)
    for path in sorted((root / "quizzes").rglob("*.yaml")):
        for q in _read_quiz_file(path, problems, broken):
            if claim(q.id, q.source, path, q.source.line if q.source else 0):
                questions[q.id] = q
    objective_phase = {o.id: p.number for p in phases for o in p.objectives}
    for phase in phases:
        bank = [q for q in questions.values() if objective_phase.get(q.objective) == phase.number]
        for extra in _phase_extras(phase, bank):
            lessons[extra.id] = extra
    glossary = _read_glossary(root / "lessons" / "glossary.yaml", problems)
    course = Course(phases, lessons, questions, glossary=glossary, broken=broken)
    course.complete = not any(p.message.startswith(_FILE_LEVEL) for p in problems)
    return course, problems


# messages that mean a whole file was lost, not just one item in it
_FILE_LEVEL = (
    "YAML",
    "the tag",
    "the key",
    "cannot read",
    "the roadmap",
    "a lesson should be a mapping",
    "a quiz file",
    "the glossary",
)
