"""Finding lessons from the command line: `lessons`, numbers or ids for `lesson` and `reset`,
clear messages for phases without lessons, and the progress report's lesson ids and time note."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_COURSE
from tests.helpers import run_mltutor
from tutor.learner import MAX_SECONDS_PER_SCREEN, Learner


def test_lessons_lists_every_item_with_its_number_id_title_and_status(
    private_home: Path,
) -> None:
    run_mltutor("--plain", stdin="2\nq\nq\n", home=private_home)  # open "second", then leave
    result = run_mltutor("lessons", home=private_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Phase 1: Basics",
        "   1  first              The first lesson  (new)",
        "   2  second             The second lesson  (in progress)",
        "   3  phase-1-quiz       Phase 1 quiz  (new)",
        "   4  phase-1-written    Written check  (new)",
        "   5  phase-1-resources  Resources  (new)",
        "Phase 2: Later things — no lessons yet",
    ]


def test_the_numbering_is_the_one_line_mode_shows(private_home: Path) -> None:
    learner = Learner.open(FIXTURE_COURSE, private_home)
    numbered = learner.numbered_items()
    assert [(n, item.id) for n, item in numbered][:3] == [
        (1, "first"),
        (2, "second"),
        (3, "phase-1-quiz"),
    ]
    assert learner.find_item("2").id == "second"
    assert learner.find_item(" second ").id == "second"
    assert learner.find_item("6") is None and learner.find_item("0") is None
    assert learner.close_ids("lesson") == ["first", "second"]  # in titles, in course order
    assert learner.suggest("lesson") == " (did you mean 'first' or 'second'?)"
    menu = run_mltutor("--plain", stdin="q\n", home=private_home).stdout
    for n, item in numbered:
        assert f"{n:>4}. {item.title}  (new)" in menu


def test_lesson_and_reset_take_a_number_or_an_id(private_home: Path) -> None:
    opened = run_mltutor("lesson", "2", stdin="q\n", home=private_home)
    assert opened.returncode == 0, opened.stderr
    assert "— The second lesson · screen 1 of 6 —" in opened.stdout
    forgot = run_mltutor("reset", "2", "--yes", home=private_home)
    assert forgot.returncode == 0, forgot.stderr
    assert "Forgot “The second lesson”" in forgot.stdout
    by_id = run_mltutor("lesson", "first", stdin="q\n", home=private_home)
    assert "— The first lesson · screen 1 of 6 —" in by_id.stdout


def test_unknown_lessons_get_suggestions_and_a_pointer_to_the_list(private_home: Path) -> None:
    close = run_mltutor("lesson", "secnd", home=private_home)
    assert close.returncode == 2
    assert close.stderr.strip() == "mltutor: no lesson 'secnd' (did you mean 'second'?)"
    far = run_mltutor("reset", "zzz", "--yes", home=private_home)
    assert far.returncode == 2
    assert far.stderr.strip() == (
        "mltutor: no lesson 'zzz'; `mltutor lessons` lists the lessons with their numbers"
    )
    number = run_mltutor("lesson", "9", home=private_home)
    assert number.returncode == 2
    assert number.stderr.strip() == (
        "mltutor: no lesson number 9; they are numbered 1–5 (see `mltutor lessons`)"
    )
    by_title = run_mltutor("lesson", "quiz", home=private_home)
    assert "did you mean 'phase-1-quiz'?" in by_title.stderr


def test_quiz_on_a_phase_without_lessons_or_out_of_range(private_home: Path) -> None:
    empty = run_mltutor("quiz", "2", home=private_home)
    assert empty.returncode != 0
    assert empty.stderr.strip() == "mltutor: Phase 2 (Later things) has no lessons yet"
    missing = run_mltutor("quiz", "42", home=private_home)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "mltutor: there is no phase 42; the phases are 1–2"
    assert "Traceback" not in empty.stderr + missing.stderr


def test_progress_text_names_lesson_ids_and_says_idle_time_is_not_counted(
    private_home: Path,
) -> None:
    run_mltutor("--plain", stdin="1\nq\nq\n", home=private_home)
    text = run_mltutor("progress", home=private_home).stdout
    lines = text.splitlines()
    assert any("The first lesson" in line and "[first]" in line for line in lines), text
    assert any("Phase 1 quiz" in line and "[phase-1-quiz]" in line for line in lines), text
    minutes = f"{MAX_SECONDS_PER_SCREEN / 60:g}"
    assert f"at most {minutes} minutes per screen" in text
    assert "idle time is not counted" in text


@pytest.mark.parametrize(
    "command",
    [
        "progress --json",
        "progress",
        "progress --csv",
        "lessons",
        "lab --list",
        "glossary",
        "validate",
        "--help",
        "--plain",
        "quiz 1",
    ],
)
def test_piping_into_head_ends_quietly(command: str, tmp_path: Path) -> None:
    err = tmp_path / "stderr"
    for lines in (0, 2):
        shell = f"printf 'p\\nq\\n' | {sys.executable} -m tutor {command} 2>{err} | head -n {lines}"
        subprocess.run(
            ["bash", "-c", shell],
            env={**os.environ, "MLTUTOR_HOME": str(tmp_path / "home")},
            stdout=subprocess.DEVNULL,
            timeout=60,
            check=True,
        )
        assert "Error" not in err.read_text() and "Traceback" not in err.read_text()
