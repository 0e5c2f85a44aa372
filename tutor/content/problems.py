"""A problem found in a course: where it is, what it says, and whether it lost a whole file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a course, shown as `path:LINE: message`.

    `fatal` means a whole file could not be read (a YAML error, a file of the wrong
    shape), so its items are missing without a name; the course-wide rules are then
    skipped instead of reporting every reference to them. It takes no part in
    comparing or sorting problems.
    """

    path: str
    line: int
    message: str
    fatal: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
