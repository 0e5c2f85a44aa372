"""Teaching rules that one file can check: lesson length, pacing, and layout that fits 80×24.

The layout rules (code width, screen length, title width) are warnings: the course can be
taught, but a learner at 80 columns would see a line cut off or a screen that scrolls.
"""

from __future__ import annotations

import re
import textwrap

from tutor.content.readers.fields import FieldReader
from tutor.content.yamlsafe import YamlList, YamlMap

# Code blocks do not wrap: a longer line is cut off in an 80-column terminal.
MAX_CODE_LINE = 72
MIN_SCREENS, MAX_SCREENS = 5, 12
MAX_MINUTES = 60
# A text screen's lines as the learner reads them (prose wrapped at the lesson body's width,
# blank lines not counted): more than this rarely fits the 22 rows of the body at 80×24.
MAX_SCREEN_LINES = 15
PROSE_COLUMNS = 74
# The lesson bar at 80 columns shows "Phase N · TITLE" in 48 columns (80 less the progress
# bar's 22, the position's 8 and the padding's 2); a longer title is cut off with "…".
HEADER_COLUMNS = 48
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
            where = node.line_of(key)
            f.warn(where, "code-width", message + " (in the text that starts on this line)")
        else:
            f.warn(start + index, "code-width", message)


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


def screen_lines(text: str) -> int:
    """How many lines a learner reads on a text screen: prose wrapped at PROSE_COLUMNS,
    code lines as they are, blank lines not counted."""
    count = 0
    fence: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if match and fence is None:
            fence = match.group(2)
            continue
        if match and fence and match.group(2)[0] == fence[0] and not line[match.end() :].strip():
            fence = None
            continue
        if fence is not None:
            count += 1
        elif line.strip():
            count += len(textwrap.wrap(line.strip(), PROSE_COLUMNS)) or 1
    return count


def check_screen_length(f: FieldReader, line: int, text: str) -> None:
    """A text screen of more than MAX_SCREEN_LINES lines will probably scroll at 80×24."""
    lines = screen_lines(text)
    if lines > MAX_SCREEN_LINES:
        f.warn(
            line,
            "screen-lines",
            f"this text screen has {lines} lines (prose wrapped at {PROSE_COLUMNS} columns, "
            f"blank lines not counted); more than {MAX_SCREEN_LINES} rarely fit 80×24 "
            "without scrolling: split it at a natural break",
        )


def check_title_width(f: FieldReader, line: int, title: str, phase: int) -> None:
    """The lesson bar shows "Phase N · TITLE" in HEADER_COLUMNS columns at 80 columns."""
    room = HEADER_COLUMNS - len(f"Phase {phase} · ")
    if len(title) > room:
        f.warn(
            line,
            "title-width",
            f"the title has {len(title)} characters; the lesson bar shows {room} at 80 "
            f"columns, so it is cut after '{title[: room - 1]}…'",
        )
