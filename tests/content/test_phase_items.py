"""The items generated after a phase's lessons: their ids, spelt in one place, in teaching order."""

from __future__ import annotations

from pathlib import Path

from tutor.content.loader import read_course
from tutor.content.model import PHASE_EXTRAS, phase_item_id


def test_the_phase_items_are_spelt_in_one_place() -> None:
    assert [phase_item_id(2, kind) for kind in PHASE_EXTRAS] == [
        "phase-2-quiz",
        "phase-2-exercises",
        "phase-2-written",
        "phase-2-resources",
    ]


def test_the_roadmap_lists_the_generated_items_after_the_lessons(course_dir: Path) -> None:
    course, problems = read_course(course_dir)
    assert problems == []
    assert [item.id for item in course.roadmap(1)] == [
        "first",
        "second",
        "phase-1-quiz",
        "phase-1-written",
        "phase-1-resources",
    ]
    # the fixture course has no code exercises, so no exercises item
    assert [item.kind for item in course.roadmap(1)[2:]] == [
        k for k in PHASE_EXTRAS if k != "exercises"
    ]
    assert course.roadmap(2) == []
