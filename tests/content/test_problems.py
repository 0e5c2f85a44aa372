"""Which problems lose a whole file (`Problem.fatal`), and what that does to the course-wide rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.content.loader import read_course
from tutor.content.problems import Problem
from tutor.content.validate import validate_course
from tutor.labs import load_all

LESSON = "lessons/phase-1/01-first.yaml"
BANK = "quizzes/bank.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def read(course: Path) -> list[tuple[str, str, bool]]:
    course_read, problems = read_course(course)
    assert course_read.complete == (not any(p.fatal for p in problems))
    return [(str(Path(p.path).relative_to(course)), p.message, p.fatal) for p in problems]


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (LESSON, "minutes: 5", "minutes: [5", "YAML syntax: "),
        (LESSON, "minutes: 5", "minutes: !!python/none ''", "the tag "),
        (LESSON, "minutes: 5", "minutes: 5\nminutes: 6", "the key 'minutes' appears twice"),
        (LESSON, "minutes: 5", "minutes: 5\n? [a, b]\n: value", "a mapping key must be"),
    ],
)
def test_a_file_that_cannot_be_parsed_is_fatal(
    course_dir: Path, file: str, old: str, new: str, message: str
) -> None:
    edit(course_dir / file, old, new)
    found = read(course_dir)
    assert [(path, fatal) for path, _, fatal in found] == [(file, True)]
    assert found[0][1].startswith(message)


def test_a_file_of_the_wrong_shape_is_fatal(course_dir: Path) -> None:
    (course_dir / "quizzes" / "extra.yaml").write_text("- just\n- a list\n")
    (course_dir / "quizzes" / "other.yaml").write_text("items: []\n")
    (course_dir / "lessons" / "phase-1" / "03-list.yaml").write_text("- a lesson\n")
    (course_dir / "lessons" / "glossary.yaml").write_text("words: []\n")
    assert sorted(read(course_dir)) == [
        ("lessons/glossary.yaml", "the glossary is missing the key 'terms'", True),
        (
            "lessons/glossary.yaml",
            "unknown key 'words' in the glossary; known keys: terms",
            False,
        ),
        ("lessons/phase-1/03-list.yaml", "a lesson should be a mapping of keys to values", True),
        ("quizzes/extra.yaml", "a quiz file should be a mapping of keys to values", True),
        ("quizzes/other.yaml", "a quiz file is missing the key 'questions'", True),
        ("quizzes/other.yaml", "unknown key 'items' in a quiz file; known keys: questions", False),
    ]


def test_a_missing_roadmap_is_fatal(course_dir: Path) -> None:
    (course_dir / "lessons" / "roadmap.yaml").unlink()
    assert read(course_dir) == [("lessons/roadmap.yaml", "the roadmap file is missing", True)]


def test_a_lesson_missing_a_key_is_not_fatal_and_the_course_rules_still_run(
    course_dir: Path,
) -> None:
    edit(course_dir / LESSON, "minutes: 5", "minutes: 5\nsumary: oops")
    edit(
        course_dir / BANK,
        "objective: obj-a\n    kind: written",
        "objective: obj-z\n    kind: written",
    )
    found = read(course_dir)
    assert all(not fatal for _, _, fatal in found)
    _, problems = validate_course(course_dir, load_all())
    assert "unknown objective 'obj-z' (did you mean 'obj-b'?) (see lessons/roadmap.yaml)" in [
        p.message for p in problems
    ]


def test_a_fatal_problem_in_one_file_still_reports_the_others(course_dir: Path) -> None:
    """Issue 15: a YAML error in one lesson hid every course-wide problem of the others.
    The lost lesson's own references (requires, glossary) are still not reported."""
    edit(
        course_dir / BANK,
        "objective: obj-a\n    kind: written",
        "objective: obj-z\n    kind: written",
    )
    edit(course_dir / LESSON, "minutes: 5", "minutes: [5")
    _, problems = validate_course(course_dir, load_all())
    assert [(Path(p.path).relative_to(course_dir).as_posix(), p.fatal) for p in problems] == [
        (LESSON, True),
        (BANK, False),
    ]
    assert problems[1].message.startswith("unknown objective 'obj-z'")


def test_a_lost_roadmap_adds_no_follow_on_errors(course_dir: Path) -> None:
    edit(course_dir / "lessons/roadmap.yaml", "title: Basics", "title: Basics: the start")
    edit(course_dir / BANK, "        why: Also wrong.\n", "")
    _, problems = validate_course(course_dir, load_all())
    assert [(Path(p.path).name, p.fatal) for p in problems] == [
        ("roadmap.yaml", True),
        ("bank.yaml", False),  # the choice without a why, and nothing about objectives
    ]


def test_a_list_as_a_question_kind_is_reported_not_raised(course_dir: Path) -> None:
    edit(course_dir / BANK, "kind: order", "kind: []")
    found = read(course_dir)
    assert found == [
        (
            BANK,
            "question kind [] is not known; kinds: single, multi, numeric, text, order, "
            "written, predict, code",
            False,
        )
    ]


def test_fatal_takes_no_part_in_comparing_or_sorting() -> None:
    assert Problem("a.yaml", 3, "x", fatal=True) == Problem("a.yaml", 3, "x")
    assert sorted([Problem("b", 1, "x", True), Problem("a", 2, "y")])[0].path == "a"
    assert str(Problem("a.yaml", 3, "x", fatal=True)) == "a.yaml:3: x"


def test_a_warning_says_so_and_is_not_an_error() -> None:
    warning = Problem("a.yaml", 3, "long", warning="code-width")
    assert str(warning) == "a.yaml:3: warning: long" and not warning.is_error
    assert Problem("a.yaml", 3, "x").is_error
