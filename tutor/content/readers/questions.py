"""A quiz file: its questions, one reader per kind, each with the rules its kind needs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tutor.content.model import (
    CHECK_KINDS,
    Choice,
    ChoiceQuestion,
    CodeCheck,
    CodeQuestion,
    Concept,
    Misconception,
    NumericQuestion,
    OrderQuestion,
    PredictQuestion,
    Question,
    TextQuestion,
    WrittenQuestion,
    WrongAnswer,
)
from tutor.content.problems import Problem
from tutor.content.readers.fields import FieldReader, key_lines
from tutor.content.teaching import MAX_CODE_LINE, check_code_lines
from tutor.content.yamlsafe import YamlList, YamlMap
from tutor.spelling import close_names, did_you_mean

QUESTION_KINDS = ("single", "multi", "numeric", "text", "order", "written", "predict", "code")

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
    "text": ({}, {"accept": list, "pattern": str, "exact": bool}),
    "order": ({"items": list}, {}),
    "written": (
        {"rubric": list, "pass": int, "model_answer": str},
        {"subjects": dict, "misconceptions": list, "synonyms": list},
    ),
    "predict": ({"choices": list, "lab": str, "finding": str}, {"knobs": dict}),
    "code": (
        {"title": str, "starter": str, "solution": str, "checks": list},
        {"setup": str, "wrong": list, "also_right": list, "seconds": float, "memory_mb": int},
    ),
}


def read_quiz_file(path: Path, problems: list[Problem], broken: set[str]) -> list[Question]:
    f = FieldReader(path, problems, broken)
    node, parsed = f.read()
    if not parsed:
        return []
    fields = f.fields(node, "a quiz file", {"questions": list}, line=1, fatal=True)
    if fields is None:
        return []
    items: YamlList = fields["questions"]
    return [
        q for i, n in enumerate(items) if (q := _read_question(f, n, items.line_of(i))) is not None
    ]


def _read_question(f: FieldReader, node: Any, line: int) -> Question | None:
    kind = node.get("kind") if isinstance(node, YamlMap) else None
    known = isinstance(kind, str) and kind in _KIND_FIELDS  # a list or mapping is no kind
    if isinstance(node, YamlMap) and not known:
        kinds = ", ".join(QUESTION_KINDS)
        if "kind" not in node:
            f.problem(node.line, f"a question is missing the key 'kind'; kinds: {kinds}")
        else:
            hint = did_you_mean(close_names(str(kind), QUESTION_KINDS))
            f.problem(
                node.line_of("kind"), f"question kind {kind!r} is not known{hint}; kinds: {kinds}"
            )
        f.mark_broken(node)
        return None
    extra_required, extra_optional = _KIND_FIELDS.get(str(kind), ({}, {}))
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
    f.check_id(qid, node.line_of("id"), "question id")
    for key in ("prompt", "explanation"):
        if key in fields:
            check_code_lines(f, node, key, fields[key])
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
        hints=f.string_list(fields.get("hints"), node.line_of("hints"), "'hints'"),
        source=f.source(node.line),
        lines=dict(node.key_lines),
    )
    if kind in ("single", "multi", "predict"):
        return _read_choice_question(f, node, fields, base)
    if kind == "numeric":
        return _read_numeric_question(f, node, fields, base)
    if kind == "text":
        return _read_text_question(f, node, fields, base)
    if kind == "order":
        return _read_order_question(f, node, fields, base)
    if kind == "code":
        return _read_code_question(f, node, fields, base)
    return _read_written_question(f, node, fields, base)


def _read_choice_question(f: FieldReader, node: YamlMap, fields: dict, base: dict) -> Question:
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
                c.line,
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
            knob_lines=key_lines(fields.get("knobs"), node.line_of("knobs")),
        )
    return ChoiceQuestion(**base, choices=tuple(choices))


def _read_numeric_question(f: FieldReader, node: YamlMap, fields: dict, base: dict) -> Question:
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


def _read_text_question(f: FieldReader, node: YamlMap, fields: dict, base: dict) -> Question:
    qid = base["id"]
    accept = f.string_list(fields.get("accept"), node.line_of("accept"), "'accept'")
    pattern = fields.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            f.problem(
                node.line_of("pattern"),
                f"'pattern' is not a valid regular expression: {exc}",
            )
    exact = bool(fields.get("exact", False))
    if not accept and pattern is None:
        f.problem(
            node.line,
            f"text question '{qid}' needs 'accept' answers or a 'pattern'",
        )
    elif exact and pattern is not None:
        f.problem(
            node.line_of("pattern"),
            f"text question '{qid}' is 'exact': list its answers in 'accept', not a 'pattern'",
        )
    return TextQuestion(**base, accept=accept, pattern=pattern, exact=exact)


def _read_order_question(f: FieldReader, node: YamlMap, fields: dict, base: dict) -> Question:
    qid = base["id"]
    items = f.string_list(fields["items"], node.line_of("items"), "'items'")
    if len(items) < 3:
        f.problem(node.line_of("items"), f"order question '{qid}' needs at least 3 items")
    if len(set(items)) != len(items):
        f.problem(node.line_of("items"), f"order question '{qid}' has the same item twice")
    return OrderQuestion(**base, items=items)


# One common word as a whole phrase matches nearly any answer, so a concept would come free.
CATCH_ALL_WORDS = frozenset(
    "wrong error errors mistake mistakes repeat noise data model models learn learns "
    "learning train training good bad better worse use used change changes problem "
    "problems result results test work works".split()
)


def _phrases(f: FieldReader, node: YamlMap, what: str) -> tuple[str, ...]:
    phrases = tuple(p.strip() for p in f.string_list(node.get("any"), node.line_of("any"), "'any'"))
    if "any" in node and not phrases:
        f.problem(node.line_of("any"), f"{what} needs at least one phrase in 'any'")
    for phrase in phrases:
        if not re.search(r"\w", phrase):
            f.problem(node.line_of("any"), f"the phrase {phrase!r} in {what} has no words")
        elif phrase.casefold() in CATCH_ALL_WORDS:
            f.problem(
                node.line_of("any"),
                f"the phrase {phrase!r} in {what} is one common word that almost any answer "
                "contains, so the idea would come free; use a phrase that says the idea "
                "(e.g. 'fit the noise' rather than 'noise')",
            )
    return phrases


def _subject_of(f: FieldReader, node: YamlMap, value: Any, names: dict[str, Any], what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or value not in names:
        known = ", ".join(names) or "none: add a 'subjects' mapping to the question"
        hint = did_you_mean(close_names(str(value), names))
        f.problem(
            node.line_of("subject"),
            f"{what} names the subject {value!r}, which the "
            f"question's 'subjects' do not define{hint}; defined: {known}",
        )
        return ""
    return value


def read_synonym_groups(
    f: FieldReader, node: Any, line: int, what: str
) -> tuple[tuple[str, ...], ...]:
    """`synonyms: [[retrain, refit, fit again], ...]`: each group's words or phrases are
    taken to mean the same when grading a written answer."""
    if not isinstance(node, list):
        f.problem(line, f"{what} should be a list of groups, each a list of 2 or more phrases")
        return ()
    groups = []
    for i, group in enumerate(node):
        where = node.line_of(i) if isinstance(node, YamlList) else line
        if (
            not isinstance(group, list)
            or len(group) < 2
            or not all(isinstance(x, str) and x.strip() for x in group)
        ):
            f.problem(
                where,
                f"each group in {what} should be a list of 2 or more phrases, "
                f"e.g. [retrain, refit, fit again]; not {group!r}",
            )
            continue
        groups.append(tuple(x.strip() for x in group))
    return tuple(groups)


def _claims(
    f: FieldReader, nodes: YamlList, what: str, key: str, subjects: dict[str, Any]
) -> list[tuple[str, tuple[str, ...], str]]:
    """(text, phrases, subject) of each rubric concept (`key` "concept") or misconception
    (`key` "claim"): both are a text, the phrases that state it, and an optional subject."""
    claims = []
    for i, node in enumerate(nodes):
        cf = f.fields(node, what, {key: str, "any": list}, {"subject": str}, line=nodes.line_of(i))
        if cf is None:
            continue
        text = cf[key].strip()
        name = f"the {'concept' if key == 'concept' else 'misconception'} '{text}'"
        claims.append(
            (text, _phrases(f, node, what), _subject_of(f, node, cf.get("subject"), subjects, name))
        )
    return claims


def _read_written_question(f: FieldReader, node: YamlMap, fields: dict, base: dict) -> Question:
    qid = base["id"]
    subjects: dict[str, tuple[str, ...]] = {}
    subject_nodes: YamlMap | None = fields.get("subjects")
    for name, phrases in (subject_nodes or {}).items():
        assert subject_nodes is not None
        where = subject_nodes.line_of(name)
        if (
            not isinstance(phrases, list)
            or not phrases
            or not all(isinstance(p, str) and p.strip() for p in phrases)
        ):
            f.problem(
                where,
                f"the subject '{name}' should list the phrases that mention it, "
                f"e.g. {name}: [{name}, ...]",
            )
            continue
        subjects[str(name)] = tuple(p.strip() for p in phrases)
    nodes: YamlList = fields["rubric"]
    rubric = [
        Concept(*claim) for claim in _claims(f, nodes, "a rubric concept", "concept", subjects)
    ]
    misconceptions = [
        Misconception(*claim)
        for claim in _claims(
            f, fields.get("misconceptions") or YamlList(), "a misconception", "claim", subjects
        )
    ]
    if not 1 <= fields["pass"] <= max(len(nodes), 1):
        f.problem(
            node.line_of("pass"),
            f"'pass' should be between 1 and the number of rubric concepts ({len(nodes)})",
        )
    synonyms: tuple[tuple[str, ...], ...] = ()
    if "synonyms" in fields:
        synonyms = read_synonym_groups(
            f, fields["synonyms"], node.line_of("synonyms"), f"'synonyms' of '{qid}'"
        )
    return WrittenQuestion(
        **base,
        rubric=tuple(rubric),
        pass_count=fields["pass"],
        model_answer=fields["model_answer"].strip(),
        subjects=tuple(subjects.items()),
        misconceptions=tuple(misconceptions),
        synonyms=synonyms,
    )


def _check_python(f: FieldReader, node: YamlMap, key: str, code: str, what: str) -> None:
    """A program must compile, and each line must fit the editor at 80 columns."""
    first = node.block_lines.get(key) or node.line_of(key)
    try:
        compile(code, f"<{key}>", "exec")
    except SyntaxError as exc:
        line = first + (exc.lineno or 1) - 1 if key in node.block_lines else node.line_of(key)
        f.problem(line, f"{what} is not valid Python: {exc.msg}")
    for index, text in enumerate(code.split("\n")):
        if len(text) > MAX_CODE_LINE:
            line = first + index if key in node.block_lines else node.line_of(key)
            f.warn(
                line,
                "code-width",
                f"{what}: a line of {len(text)} characters; the limit is {MAX_CODE_LINE} so it "
                "fits the editor at 80 columns",
            )


def _read_code_question(f: FieldReader, node: YamlMap, fields: dict, base: dict) -> Question:
    qid = base["id"]
    setup = fields.get("setup", "")
    for key, what in (
        ("setup", "the setup"),
        ("starter", "the starter"),
        ("solution", "the solution"),
    ):
        if key in fields:
            _check_python(f, node, key, fields[key], f"{what} of '{qid}'")
    if fields["starter"].strip() == fields["solution"].strip():
        f.problem(node.line_of("starter"), f"the starter of '{qid}' is its solution")
    checks = []
    nodes: YamlList = fields["checks"]
    if not nodes:
        f.problem(node.line_of("checks"), f"'{qid}' needs at least one check")
    for i, c in enumerate(nodes):
        cf = f.fields(
            c,
            "a check",
            {"name": str},
            {"kind": str, "tolerance": float, "params": list, "probe": str, "advice": str},
            line=nodes.line_of(i),
        )
        if cf is None:
            continue
        kind = cf.get("kind", "value")
        if kind not in CHECK_KINDS:
            hint = did_you_mean(close_names(kind, CHECK_KINDS))
            f.problem(
                c.line_of("kind"),
                f"check kind {kind!r} is not known{hint}; kinds: {', '.join(CHECK_KINDS)}",
            )
            continue
        if kind != "printed" and not cf["name"].isidentifier():
            f.problem(
                c.line_of("name"), f"a check's name should be a Python name, not {cf['name']!r}"
            )
        if ("params" in cf or "probe" in cf) and kind != "estimator":
            f.problem(c.line, "'params' and 'probe' belong to checks of kind 'estimator'")
        if cf.get("tolerance", 0.0) < 0:
            f.problem(c.line_of("tolerance"), "a check's 'tolerance' cannot be negative")
        if "probe" in cf:
            try:
                compile(cf["probe"], "<probe>", "eval")
            except SyntaxError as exc:
                f.problem(c.line_of("probe"), f"the probe is not a Python expression: {exc.msg}")
        checks.append(
            CodeCheck(
                cf["name"],
                kind,
                cf.get("tolerance", 1e-6),
                f.string_list(cf.get("params"), c.line_of("params"), "'params'"),
                cf.get("probe", ""),
                cf.get("advice", "").strip(),
            )
        )
    wrong = []
    wnodes: YamlList = fields.get("wrong") or YamlList()
    for i, w in enumerate(wnodes):
        wf = f.fields(w, "a wrong answer", {"code": str, "message": str}, line=wnodes.line_of(i))
        if wf is not None:
            _check_python(f, w, "code", wf["code"], f"a wrong answer of '{qid}'")
            wrong.append(WrongAnswer(wf["code"], wf["message"].strip()))
    also_right = f.string_list(fields.get("also_right"), node.line_of("also_right"), "'also_right'")
    for code in also_right:
        _check_python(f, node, "also_right", code, f"an 'also_right' answer of '{qid}'")
    if not wrong or not also_right:
        f.problem(
            node.line,
            f"'{qid}' needs at least one 'wrong' answer (with the message it must get) and one "
            "'also_right' answer (another correct route or style); the tests run them",
        )
    seconds = fields.get("seconds", 10.0)
    if not 0 < seconds <= 60:
        f.problem(node.line_of("seconds"), "'seconds' should be more than 0 and at most 60")
    memory = fields.get("memory_mb", 2048)
    if not 256 <= memory <= 16384:
        f.problem(node.line_of("memory_mb"), "'memory_mb' should be between 256 and 16384")
    return CodeQuestion(
        **base,
        title=fields["title"].strip(),
        setup=setup,
        starter=fields["starter"],
        solution=fields["solution"],
        checks=tuple(checks),
        wrong=tuple(wrong),
        also_right=also_right,
        seconds=float(seconds),
        memory_mb=memory,
    )
