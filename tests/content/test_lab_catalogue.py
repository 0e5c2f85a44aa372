"""The validator checks lab references against the catalogue it is given, and imports no lab."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tutor.content.validate import validate_course

SECOND = "lessons/phase-1/02-second.yaml"
BANK = "quizzes/bank.yaml"


@dataclass(frozen=True)
class Depth:
    """A knob rule that is not a tutor.labs.Knob: the validator needs only `problem`."""

    def problem(self, value: object) -> str | None:
        return None if value in (1, 2, 3) else f"depth takes 1, 2 or 3, not {value!r}"


@dataclass(frozen=True)
class FakeLab:
    knobs: dict[str, Depth] = field(default_factory=lambda: {"depth": Depth()})
    findings: tuple[str, ...] = ("peaks", "best_depth")


def problems(course: Path, labs: dict) -> list[str]:
    _, found = validate_course(course, labs)
    return [f"{Path(p.path).relative_to(course)}:{p.line}: {p.message}" for p in found]


def add_lab_screen(course: Path, text: str) -> int:
    lesson = course / SECOND
    lesson.write_text(lesson.read_text().replace("  - text: Beta.\n", text, 1))
    return next(n for n, line in enumerate(lesson.read_text().splitlines(), 1) if "lab:" in line)


def test_with_no_labs_every_lab_is_unknown(course_dir: Path) -> None:
    line = add_lab_screen(course_dir, "  - lab: trees\n")
    assert problems(course_dir, {}) == [f"{SECOND}:{line}: unknown lab 'trees' (labs: none yet)"]


def test_knobs_are_checked_by_the_catalogue_s_rules(course_dir: Path) -> None:
    line = add_lab_screen(course_dir, "  - lab: trees\n    knobs: {depth: 9, wide: 2}\n")
    assert problems(course_dir, {"trees": FakeLab(), "other": FakeLab()}) == [
        f"{SECOND}:{line + 1}: depth takes 1, 2 or 3, not 9",
        f"{SECOND}:{line + 1}: lab 'trees' has no knob 'wide'; knobs: depth",
    ]
    assert problems(course_dir, {"other": FakeLab()}) == [
        f"{SECOND}:{line}: unknown lab 'trees' (labs: other)"
    ]


def test_a_knob_problem_points_at_the_knob_s_own_line(course_dir: Path) -> None:
    """Issue 15: a knob's problem pointed at the screen, not at the knob."""
    line = add_lab_screen(course_dir, "  - lab: trees\n    knobs:\n      depth: 9\n      dept: 2\n")
    assert problems(course_dir, {"trees": FakeLab()}) == [
        f"{SECOND}:{line + 2}: depth takes 1, 2 or 3, not 9",
        f"{SECOND}:{line + 3}: lab 'trees' has no knob 'dept' (did you mean 'depth'?); "
        "knobs: depth",
    ]


def test_a_predict_question_names_a_finding_of_the_lab(course_dir: Path) -> None:
    bank = course_dir / BANK
    bank.write_text(
        bank.read_text()
        + """  - id: q-predict
    objective: obj-b
    kind: predict
    prompt: Where does it peak?
    lab: trees
    knobs: {depth: 2}
    finding: peak
    choices:
      - {text: Early, when: true, correct: true, why: Yes.}
      - {text: Late, when: false, why: No.}
    explanation: It peaks early.
"""
    )
    line = next(
        n for n, text in enumerate(bank.read_text().splitlines(), 1) if "finding: peak" in text
    )
    assert problems(course_dir, {"trees": FakeLab()}) == [
        f"{BANK}:{line}: lab 'trees' reports no finding 'peak'; its findings: peaks, best_depth"
    ]


def test_the_content_package_imports_no_lab() -> None:
    probe = (
        "import tutor.content.validate, tutor.content.loader, tutor.content.glossary\n"
        "import json, sys\nprint(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert not [m for m in modules if m == "tutor.labs" or m.startswith("tutor.labs.")]
