"""Safe YAML reading that remembers the line of every mapping key and list item."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser is several times faster; construction stays in Python
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_SAFE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


class YamlError(Exception):
    """A YAML file could not be read; `line` is 1-based (0 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class YamlMap(dict):
    """A mapping that knows its own line and the line of each key.

    `block_lines` holds, for each value written as a literal block (`key: |`), the
    line of the value's first line, so that line i of the text is file line
    `block_lines[key] + i`.
    """

    line: int = 0
    key_lines: dict[Any, int]
    block_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


_STR = "tag:yaml.org,2002:str"


def _convert(node: yaml.Node, loader: Any) -> Any:
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value  # most of a course; what construct_object would return, faster
    if node.tag not in _SAFE_TAGS:
        raise YamlError(
            _line(node),
            f"the tag {node.tag!r} is not allowed: content files hold plain data only",
        )
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves `<<` merge keys
        result = YamlMap()
        result.line = _line(node)
        result.key_lines = {}
        result.block_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, loader)
            if isinstance(key, (YamlMap, YamlList)):
                raise YamlError(_line(key_node), "a mapping key must be a plain value")
            if key in result:
                raise YamlError(_line(key_node), f"the key {key!r} appears twice")
            result[key] = _convert(value_node, loader)
            result.key_lines[key] = _line(key_node)
            if isinstance(value_node, yaml.ScalarNode) and value_node.style == "|":
                result.block_lines[key] = _line(value_node) + 1  # the line after the `|`
        return result
    if isinstance(node, yaml.SequenceNode):
        items = YamlList(_convert(item, loader) for item in node.value)
        items.line = _line(node)
        items.item_lines = [_line(item) for item in node.value]
        return items
    return loader.construct_object(node, deep=True)


def load_yaml_text(text: str) -> Any:
    """Parse one YAML document; raise YamlError with a line number on any problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        context = exc.context_mark.line + 1 if exc.context_mark else line
        problem = exc.problem or exc.context or "not valid YAML"
        advice = syntax_advice(problem, text.split("\n"), line, context)
        raise YamlError(line, f"YAML syntax: {problem}{' — ' + advice if advice else ''}") from None
    except yaml.YAMLError as exc:
        raise YamlError(0, f"YAML: {exc}") from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> Any:
    """Read and parse a file; unreadable or non-UTF-8 files raise YamlError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(0, f"cannot read the file: {exc}") from None
    return load_yaml_text(text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_above(lines: list[str], line: int) -> int:
    """The 1-based number of the last non-blank, non-comment line before `line` (0 if none)."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1].strip()
        if text and not text.startswith("#"):
            return number
    return 0


def syntax_advice(problem: str, lines: list[str], line: int, context: int) -> str:
    """What to check for a YAML syntax error, in the author's terms; "" when unsure.

    `line` is where the parser stopped, `context` where the construct it was reading began
    (both 1-based), e.g. the line of an unclosed quote or bracket."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    above = _line_above(lines, line)
    above_text = lines[above - 1] if above else ""
    if "tab" in problem:
        return "indentation: YAML indents with spaces only; replace the tab on this line"
    if "mapping values are not allowed" in problem:
        if above and _indent(here) > _indent(above_text) and not above_text.rstrip().endswith(":"):
            return (
                f"indentation: this line is indented deeper than the key above it (line "
                f"{above}); line it up with that key, or end line {above} with ':' to nest it"
            )
        return (
            "a ': ' inside a value: put the whole value in quotes "
            '(title: "Basics: the start") or write it as a block after "|"'
        )
    if "expected '-' indicator" in problem or (
        "expected key" in problem and here.lstrip().startswith("-")
    ):
        return (
            "indentation: this line is not lined up with the items or keys above it; "
            "items of one list start at the same column, and a key of an item lines up with "
            "the text after its '- '"
        )
    if "expected key" in problem:
        if re.search(r"""^\s*[\w-]+:\s*["'].*["']\s*\S""", here):
            return "text after a closing quote: quote the whole value or none of it"
        return "indentation: this line is not lined up with the keys of the mapping above it"
    if "expected ',' or" in problem:
        return (
            f"a '[' or '{{' opened on line {context} is not closed (or a value in it holds "
            "',' or ':' and needs quotes)"
        )
    if "end of stream" in problem or "quoted scalar" in problem:
        return f"a quote opened on line {context} is never closed"
    if "could not find expected ':'" in problem:
        return (
            f"line {context} has no ':'; every line of a mapping is 'key: value', and text "
            "that goes on over several lines needs '|' after its key (key: |)"
        )
    if "undefined alias" in problem:
        return "a value starting with '*' is read as a YAML alias: put it in quotes"
    if "cannot start any token" in problem:
        return "a value starting with @, ` or % must be put in quotes"
    return ""
