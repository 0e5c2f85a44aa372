"""The guide's course to copy (docs/example-course) is complete and clean: no error, no
warning, and `validate --run` agrees with it — so a new author starts from a working course."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from tutor.content.runcheck import run_course
from tutor.content.validate import validate_course
from tutor.labs import load_all, run_lab

EXAMPLE = Path(__file__).parents[2] / "docs" / "example-course"
GUIDE = Path(__file__).parents[2] / "docs" / "authoring.md"


def findings(lab_id: str, knobs: Mapping[str, object]) -> Mapping[str, object]:
    return run_lab(lab_id, knobs).findings


def test_the_example_course_validates_without_a_warning() -> None:
    course, problems = validate_course(EXAMPLE, load_all())
    assert [str(p) for p in problems] == []
    kinds = {q.kind for q in course.questions.values()}
    assert {"single", "predict"} <= kinds and course.glossary


def test_the_example_course_passes_validate_run() -> None:
    course, _ = validate_course(EXAMPLE, load_all())
    outcome = run_course(course, load_all(), findings, warnings_as_errors=True)
    assert [str(p) for p in outcome.problems] == []
    assert outcome.blocks >= 1 and outcome.labs >= 1


def test_the_guide_points_at_the_example_course() -> None:
    assert "docs/example-course" in GUIDE.read_text(encoding="utf-8")


def _key_table() -> dict[str, tuple[set[str], set[str]]]:
    """The guide's "Keys of each file" table: what → (required keys, optional keys)."""
    text = GUIDE.read_text(encoding="utf-8").split("## Keys of each file", 1)[1]
    rows = {}
    for line in text.split("\n## ", 1)[0].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and not set(cells[0]) <= set("-") and cells[0] != "what":
            required, optional = (set(re.findall(r"`(\w+)`", cell)) for cell in cells[1:])
            rows[cells[0]] = (required, optional)
    return rows


def test_the_guide_s_key_table_matches_the_readers() -> None:
    from tutor.content.readers import lessons, questions

    table = _key_table()
    assert table["a lesson"] == (set(lessons._REQUIRED), set(lessons._OPTIONAL))
    assert table["every question"] == (
        set(questions._BASE_REQUIRED),
        set(questions._BASE_OPTIONAL),
    )
    for kind, (required, optional) in questions._KIND_FIELDS.items():
        row = next(v for k, v in table.items() if f"`{kind}`" in k and "question" in k)
        assert row == (set(required), set(optional)), kind
