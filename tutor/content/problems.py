"""A problem found in a course: where it is, what it says, whether it lost a whole file, and
whether it is only a layout warning."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a course, shown as `path:LINE: message`.

    `fatal` means a whole file could not be read (a YAML error, a file of the wrong
    shape), so its items are missing without a name; references to them are then not
    reported. `warning` names the layout rule a warning breaks ("code-width",
    "screen-lines", "title-width", "phase-without-lessons"); it is empty for an error.
    Warnings do not stop a course from being taught, and `validate` exits 0 on them
    unless `--strict`. Neither takes part in comparing or sorting problems.
    """

    path: str
    line: int
    message: str
    fatal: bool = field(default=False, compare=False)
    warning: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return not self.warning

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'warning: ' if self.warning else ''}{self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that are errors, not layout warnings."""
    return [p for p in problems if not p.warning]
