"""One lesson file: its fields and its screens (text, a check question, or a lab)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tutor.content.model import CheckScreen, LabScreen, Lesson, Screen, TextScreen
from tutor.content.problems import Problem
from tutor.content.readers.fields import FieldReader, key_lines
from tutor.content.teaching import (
    check_code_lines,
    check_lesson_pacing,
    check_minutes,
    check_screen_length,
    check_title_width,
)
from tutor.content.yamlsafe import YamlList, YamlMap

_REQUIRED = {
    "id": str,
    "title": str,
    "objectives": list,
    "screens": list,
    "summary": str,
}
_OPTIONAL = {"minutes": int, "requires": list}


def read_lesson(path: Path, phase: int, problems: list[Problem], broken: set[str]) -> Lesson | None:
    f = FieldReader(path, problems, broken)
    node, parsed = f.read()
    if not parsed:
        return None
    # A lesson that is not a mapping cannot even be named, so the file is lost; one
    # that lacks a key is marked broken below, and references to it are not reported.
    fields = f.fields(
        node, "a lesson", _REQUIRED, _OPTIONAL, line=1, fatal=not isinstance(node, YamlMap)
    )
    if fields is None:
        f.mark_broken(node)
        return None
    f.check_id(fields["id"], node.line_of("id"), "lesson id")
    check_title_width(f, node.line_of("title"), fields["title"].strip(), phase)
    check_code_lines(f, node, "summary", fields["summary"])
    screen_nodes: YamlList = fields["screens"]
    screens = [
        screen
        for i, s in enumerate(screen_nodes)
        if (screen := _read_screen(f, s, screen_nodes.line_of(i))) is not None
    ]
    check_lesson_pacing(f, node, screen_nodes)
    minutes = fields.get("minutes", 0)
    if "minutes" in fields:
        check_minutes(f, node, minutes)
    return Lesson(
        id=fields["id"],
        title=fields["title"].strip(),
        phase=phase,
        screens=tuple(screens),
        summary=fields["summary"].strip(),
        objectives=f.string_list(fields["objectives"], node.line_of("objectives"), "'objectives'"),
        minutes=minutes,
        requires=f.string_list(fields.get("requires"), node.line_of("requires"), "'requires'"),
        source=f.source(1),
        lines=dict(node.key_lines),
    )


def _read_screen(f: FieldReader, node: Any, line: int) -> Screen | None:
    if isinstance(node, YamlMap) and "text" in node:
        fields = f.fields(node, "a text screen", {"text": str}, line=line)
        if fields is None:
            return None
        text: str = fields["text"]
        check_code_lines(f, node, "text", text)
        check_screen_length(f, line, text)
        first = node.block_lines.get("text", node.line_of("text"))
        # lines of the text before its first non-blank one are lost to strip()
        first += text[: len(text) - len(text.lstrip())].count("\n")
        return TextScreen(text.strip(), line=first)
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
            knob_lines=key_lines(fields.get("knobs"), node.line_of("knobs")),
        )
    f.problem(
        getattr(node, "line", line),
        "a screen should be one of: text: …, check: QUESTION, lab: LAB",
    )
    return None
