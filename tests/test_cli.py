"""The command line: validate, progress exports, reset, and clean errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import FIXTURE_COURSE
from tests.helpers import UNSURE_TICKETS_ANSWER, run_mltutor


def test_validate_the_shipped_course_is_clean(private_home: Path) -> None:
    result = run_mltutor("validate", home=private_home, content=None)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("OK: ")  # after any layout warnings


def test_validate_a_broken_course_prints_file_line_messages(
    course_dir: Path, private_home: Path
) -> None:
    lesson = course_dir / "lessons/phase-1/01-first.yaml"
    lesson.write_text(lesson.read_text().replace("title:", "titel:"))
    result = run_mltutor("validate", str(course_dir), home=private_home, content=None)
    assert result.returncode == 1
    assert f"{lesson}:2: unknown key 'titel' in a lesson (did you mean 'title'?)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_refuses_unsafe_yaml_without_running_it(
    course_dir: Path, private_home: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    bank = course_dir / "quizzes/bank.yaml"
    bank.write_text(f"questions: !!python/object/apply:os.system ['touch {marker}']\n")
    result = run_mltutor("validate", str(course_dir), home=private_home, content=None)
    assert result.returncode == 1
    assert "is not allowed" in result.stdout
    assert not marker.exists()


def test_teaching_a_broken_course_names_the_problems(course_dir: Path, private_home: Path) -> None:
    (course_dir / "quizzes/bank.yaml").write_text("questions: [")
    result = run_mltutor("--plain", home=private_home, content=course_dir)
    assert result.returncode == 1
    assert "bank.yaml:2: YAML syntax" in result.stderr  # the parser stops at the end, line 2
    assert "Traceback" not in result.stderr


def test_progress_exports_json_and_csv(private_home: Path) -> None:
    run_mltutor("quiz", "1", stdin="1\n", home=private_home)
    data = json.loads(run_mltutor("progress", "--json", home=private_home).stdout)
    assert data["answers"] == 1 and data["days_active"] == 1
    assert [p["number"] for p in data["phases"]] == [1, 2]
    rows = list(
        csv.DictReader(io.StringIO(run_mltutor("progress", "--csv", home=private_home).stdout))
    )
    assert [r["objective"] for r in rows] == ["obj-a", "obj-b"]
    assert rows[1]["answered"] == "1"  # the quiz opens with q-quiz-single, on obj-b
    text = run_mltutor("progress", home=private_home).stdout
    assert "Phase 2: Later things — no lessons yet" in text


def test_reset_asks_first_and_yes_skips_the_question(private_home: Path) -> None:
    run_mltutor("quiz", "1", stdin="1\n", home=private_home)
    declined = run_mltutor("reset", "phase-1-quiz", stdin="n\n", home=private_home)
    assert "Nothing was changed." in declined.stdout
    assert json.loads(run_mltutor("progress", "--json", home=private_home).stdout)["answers"] == 1
    done = run_mltutor("reset", "phase-1-quiz", "--yes", home=private_home)
    assert done.returncode == 0 and "Forgot" in done.stdout
    assert json.loads(run_mltutor("progress", "--json", home=private_home).stdout)["answers"] == 0


def test_reset_unknown_lesson(private_home: Path) -> None:
    result = run_mltutor("reset", "secnd", "--yes", home=private_home)
    assert result.returncode == 2
    assert "no lesson 'secnd' (did you mean 'second'?)" in result.stderr


def test_corrupt_progress_file_warns_and_goes_on(private_home: Path) -> None:
    private_home.mkdir(parents=True)
    from tutor.content.loader import folder_course_id
    from tutor.progress.store import progress_file

    progress_file(private_home, folder_course_id(FIXTURE_COURSE)).write_text("garbage" * 100)
    result = run_mltutor("--plain", stdin="q\n", home=private_home)
    assert result.returncode == 0
    assert "Warning: the progress file" in result.stdout and "moved to" in result.stdout


def test_fixture_course_is_what_the_cli_tests_use() -> None:
    assert (FIXTURE_COURSE / "lessons" / "roadmap.yaml").is_file()


def test_glossary_looks_up_terms_then_definitions(private_home: Path) -> None:
    result = run_mltutor("glossary", "alpha", home=private_home)
    assert result.returncode == 0
    blocks = result.stdout.strip().split("\n\n")
    assert blocks[0].startswith("alpha  (lesson: The first lesson)")
    assert "See also: beta." in blocks[0]
    assert blocks[1].startswith("beta")  # "alpha" is in its definition
    missing = run_mltutor("glossary", "zebra", home=private_home)
    assert missing.returncode == 1 and "No term matches 'zebra'." in missing.stdout


def test_a_crash_in_the_app_exits_non_zero_and_says_where_the_details_are(
    private_home: Path, monkeypatch, capsys
) -> None:
    from tutor import cli
    from tutor.app import make_app
    from tutor.app.app import TutorApp

    def broken_mount(self) -> None:
        raise RuntimeError("boom in the roadmap")

    monkeypatch.setattr(TutorApp, "on_mount", broken_mount)
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    code = cli.run_app(app, headless=True)
    err = capsys.readouterr().err
    assert code == 1
    logs = list(private_home.glob("crash-*.log"))
    assert len(logs) == 1
    assert "boom in the roadmap" in logs[0].read_text()
    assert str(logs[0]) in err
    assert "saved" in err


def test_grade_prints_the_reading_and_exits_by_verdict(tmp_path: Path) -> None:
    """Issue 9: `mltutor grade QUESTION_ID [ANSWER | -] [--json]`, exit 0/1/3 (2 usage)."""
    right = run_mltutor(
        "grade",
        "q-spam-rules-written",
        "Spammers keep changing their wording, so rules go out of date. An ML filter "
        "learns the patterns from labelled examples, and you retrain it on new ones.",
        home=tmp_path,
        content=None,
    )
    assert right.returncode == 0, right.stderr
    assert "q-spam-rules-written: right (sure)" in right.stdout
    assert "✓ Spammers adapt" in right.stdout
    wrong = run_mltutor(
        "grade",
        "q-spam-rules-written",
        "-",
        "--json",
        stdin="It is AI, so it is smarter.",
        home=tmp_path,
        content=None,
    )
    assert wrong.returncode == 1
    reading = json.loads(wrong.stdout)
    assert reading["grade"] == "wrong" and reading["misconceptions"]
    unsure = run_mltutor(
        "grade", "q-paradigm-tickets-written", UNSURE_TICKETS_ANSWER, home=tmp_path, content=None
    )
    assert unsure.returncode == 3 and "unsure" in unsure.stdout
    typo = run_mltutor("grade", "q-spam-rules", "x", home=tmp_path, content=None)
    assert typo.returncode == 2 and "did you mean 'q-spam-rules-written'" in typo.stderr
    not_written = run_mltutor("grade", "q-expert-system-ai", "x", home=tmp_path, content=None)
    assert not_written.returncode == 2 and "single question" in not_written.stderr
    empty = run_mltutor("grade", "q-spam-rules-written", "  ", home=tmp_path, content=None)
    assert empty.returncode == 2 and "empty" in empty.stderr
    assert not (tmp_path / "progress.sqlite3").exists()  # nothing recorded
