"""Reading a YAML file's fields: keys, value types and ids, each problem recorded with its line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tutor.content.model import Source
from tutor.content.problems import Problem
from tutor.content.yamlsafe import YamlError, YamlMap, load_yaml_file
from tutor.spelling import close_names, did_you_mean

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ID_LINE = re.compile(r"""^[ \t-]*id:[ \t]*["']?([\w.-]+)""", re.MULTILINE)

Types = type | tuple[type, ...]

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
}


class FieldReader:
    """Reads the fields of one YAML file, recording problems against it."""

    def __init__(self, path: Path, problems: list[Problem], broken: set[str] | None = None) -> None:
        self.path = path
        self.problems = problems
        self.broken = broken if broken is not None else set()

    def read(self) -> tuple[Any, bool]:
        """The file's parsed YAML, and whether it could be parsed (a fatal problem if not)."""
        try:
            return load_yaml_file(self.path), True
        except YamlError as exc:
            self.problem(exc.line, exc.message, fatal=True)
            return None, False

    def mark_broken(self, node: Any) -> None:
        """Remember the id of an item that could not be read, so references to it don't cascade."""
        if isinstance(node, YamlMap) and isinstance(node.get("id"), str):
            self.broken.add(node["id"])

    def problem(self, line: int, message: str, fatal: bool = False) -> None:
        self.problems.append(Problem(str(self.path), line, message, fatal))
        if fatal:
            self.mark_lost_ids()

    def mark_lost_ids(self) -> None:
        """The file is lost: every id written in it is marked broken (found in its text, as
        the YAML could not be read), so that references to them are not reported as well."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        self.broken.update(_ID_LINE.findall(text))

    def warn(self, line: int, rule: str, message: str) -> None:
        """A layout warning: the course can be taught, but a learner would see it badly."""
        self.problems.append(Problem(str(self.path), line, message, warning=rule))

    def source(self, line: int) -> Source:
        return Source(str(self.path), line)

    def fields(
        self,
        node: Any,
        what: str,
        required: Mapping[str, Types],
        optional: Mapping[str, Types] | None = None,
        line: int = 0,
        fatal: bool = False,
    ) -> dict[str, Any] | None:
        """Check a mapping's keys and value types; return the well-typed values.

        With `fatal`, a node that is not a mapping or lacks a required key loses the
        whole file (the node is the file itself).
        """
        optional = optional or {}
        if not isinstance(node, YamlMap):
            self.problem(
                getattr(node, "line", line),
                f"{what} should be a mapping of keys to values",
                fatal,
            )
            return None
        allowed = {**required, **optional}
        values: dict[str, Any] = {}
        for key, value in node.items():
            key_line = node.line_of(key)
            if key not in allowed:
                hint = did_you_mean(close_names(str(key), allowed))
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
                self.problem(node.line, f"{what} is missing the key '{key}'", fatal)
        return values if all(k in values for k in required) else None

    def check_id(self, value: str, line: int, what: str) -> None:
        if not ID_PATTERN.match(value):
            self.problem(
                line,
                f"{what} '{value}' should use lowercase letters, digits and dashes only",
            )

    def string_list(self, node: Any, line: int, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, list) or not all(isinstance(x, str) for x in node):
            self.problem(line, f"{what} should be a list of text items")
            return ()
        return tuple(node)


def key_lines(node: Any, line: int) -> dict[str, int]:
    """The line of each key of a mapping (e.g. a lab's knobs), `line` when it has none."""
    if not isinstance(node, YamlMap):
        return {}
    return {str(name): node.key_lines.get(name, line) for name in node}


def _is_type(value: Any, expected: Types) -> bool:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in types:
        return False  # YAML `yes` is not a number
    if float in types and isinstance(value, int):
        return True
    return isinstance(value, types)


def _type_name(expected: Types) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
