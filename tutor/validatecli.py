"""`mltutor validate [DIR] [--run] [--strict]`: check a course, and with --run run what it claims.

Problems print as `path:LINE: message` (layout warnings as `path:LINE: warning: message`),
sorted by file and line, then one summary line. Exit 1 on any error, and with `--strict` on
any warning too; 0 otherwise.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

EXIT_PROBLEMS = 1


def cmd_validate(
    folder: Path | None, run: bool = False, strict: bool = False, werror: bool = False
) -> int:
    from tutor.content.validate import validate_course
    from tutor.labs import load_all
    from tutor.paths import shipped_course_dir

    root = folder if folder is not None else shipped_course_dir()
    labs = load_all()
    course, problems = validate_course(root, labs)
    ran = ""
    if run and course.phases:
        from tutor.content.runcheck import run_course

        progress = _progress_printer()
        outcome = run_course(course, labs, _findings, werror, progress)
        if progress is not None:
            progress("")
            sys.stderr.write("\r")
        problems = sorted(set(problems + outcome.problems))
        ran = (
            f"; ran {outcome.blocks} python block(s) and {outcome.labs} lab run(s) "
            f"in {outcome.seconds:.0f} s"
        )
    for problem in problems:
        print(problem)
    errors = [p for p in problems if p.is_error]
    warnings = len(problems) - len(errors)
    noted = f", {warnings} layout warning(s)" if warnings else ""
    if errors or (strict and warnings):
        print(f"{len(errors)} problem(s){noted} in {root}{ran}")
        return EXIT_PROBLEMS
    taught = [p for p in course.phases if p.lessons]
    print(
        f"OK: {root} — {len(course.phases)} phases ({len(taught)} with lessons), "
        f"{sum(len(p.lessons) for p in course.phases)} lessons, "
        f"{len(course.questions)} questions, {len(course.objectives)} objectives, "
        f"{len(course.glossary)} glossary terms{noted}{ran}"
    )
    return 0


def _findings(lab_id: str, knobs: Mapping[str, object]) -> Mapping[str, object]:
    from tutor.labs import run_lab

    return run_lab(lab_id, knobs).findings


def _progress_printer() -> Callable[[str], None] | None:
    """One line on stderr, rewritten in place, when stderr is a terminal; else nothing."""
    if not sys.stderr.isatty():
        return None
    width = 78

    def show(text: str) -> None:
        sys.stderr.write("\r" + text[:width].ljust(width))
        sys.stderr.flush()

    return show
