"""Teaching rules that one file can check: lesson length, pacing, and code that fits 80 columns."""

from __future__ import annotations

import re

from tutor.content.readers.fields import FieldReader
from tutor.content.yamlsafe import YamlList, YamlMap

# Code blocks do not wrap: a longer line is cut off in an 80-column terminal.
MAX_CODE_LINE = 72
MIN_SCREENS, MAX_SCREENS = 5, 12
MAX_MINUTES = 60
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")


def check_code_lines(f: FieldReader, node: YamlMap, key: str, text: str) -> None:
    """Report each line of a fenced code block in `node[key]` longer than MAX_CODE_LINE."""
    start = node.block_lines.get(key)  # None unless written as a literal block `key: |`
    for index, length in long_code_lines(text):
        message = (
            f"code line is {length} characters; the limit is {MAX_CODE_LINE} "
            "so it fits an 80-column terminal"
        )
        if start is None:
            f.problem(node.line_of(key), message + " (in the text that starts on this line)")
        else:
            f.problem(start + index, message)


def long_code_lines(text: str) -> list[tuple[int, int]]:
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


def check_lesson_pacing(f: FieldReader, node: YamlMap, screen_nodes: YamlList) -> None:
    """5 to 12 screens, and never more than three text screens in a row."""
    if not MIN_SCREENS <= len(screen_nodes) <= MAX_SCREENS:
        f.problem(
            node.line_of("screens"),
            f"a lesson should have {MIN_SCREENS} to {MAX_SCREENS} screens (the summary is "
            f"added after them); this one has {len(screen_nodes)}",
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


def check_minutes(f: FieldReader, node: YamlMap, minutes: int) -> None:
    """A lesson's estimate is between 1 and 60 minutes."""
    if not 1 <= minutes <= MAX_MINUTES:
        f.problem(
            node.line_of("minutes"),
            f"'minutes' should be between 1 and {MAX_MINUTES}, not {minutes}",
        )
