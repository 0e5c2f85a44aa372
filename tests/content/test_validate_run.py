"""`mltutor validate --run` (issue 15): lesson code and predict labs run, and disagreements are
reported at their line. Each course here passes the static rules first: without --run the
bug would go unnoticed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.content.test_validate import BANK, LESSON, SECOND, edit, line_of
from tutor.content.model import PredictQuestion
from tutor.content.runcheck import (
    CodeBlock,
    check_predictions,
    code_blocks,
    run_code_block,
    run_code_blocks,
    run_course,
)
from tutor.content.validate import validate_course
from tutor.labs import LabRegistry, load_all, run_lab


def findings(lab_id: str, knobs: Mapping[str, object]) -> Mapping[str, object]:
    return run_lab(lab_id, knobs).findings


def add_predict(
    course: Path, knobs: str = "{n: 3}", right: str = "false", lab: str = "count-up"
) -> None:
    """A predict question on obj-b: does counting to n end on an even number?"""
    choices = {"true": "", "false": ""}
    choices[right] = " correct: true,"
    bank = course / BANK
    bank.write_text(
        bank.read_text()
        + f"""  - id: q-predict-even
    objective: obj-b
    kind: predict
    prompt: Counting up to n, does it end on an even number?
    lab: {lab}
    knobs: {knobs}
    finding: even
    choices:
      - {{text: It ends even, when: true,{choices["true"]} why: n is even.}}
      - {{text: It ends odd, when: false,{choices["false"]} why: n is odd.}}
    explanation: It ends on n itself.
"""
    )


def errors(course: Path) -> list[str]:
    _, found = validate_course(course, load_all())
    return [str(p) for p in found if p.is_error]


def run_problems(course: Path, werror: bool = False) -> list[str]:
    course_read, _ = validate_course(course, load_all())
    outcome = run_course(course_read, load_all(), findings, werror)
    return [f"{Path(p.path).relative_to(course)}:{p.line}: {p.message}" for p in outcome.problems]


def test_a_predict_question_with_correct_on_the_wrong_choice_fails_run(
    course_dir: Path, with_fake_labs: LabRegistry
) -> None:
    add_predict(course_dir, right="true")  # counting to 3 ends odd: the lab says false
    assert errors(course_dir) == []  # the static rules cannot see it
    line = line_of(course_dir / BANK, "correct: true, why: n is even")
    assert run_problems(course_dir) == [
        f"{BANK}:{line}: 'correct: true' of 'q-predict-even' is on 'It ends even' (when: True), "
        "but lab 'count-up' at n=3 finds even = False, so the tutor marks 'It ends odd' right "
        "and contradicts the chart; move 'correct: true' or change the knobs"
    ]


def test_a_predict_question_the_lab_agrees_with_passes(
    course_dir: Path, with_fake_labs: LabRegistry
) -> None:
    add_predict(course_dir, right="false")
    course, _ = validate_course(course_dir, load_all())
    outcome = run_course(course, load_all(), findings)
    assert outcome.problems == [] and outcome.observed == {"q-predict-even": False}
    assert (outcome.blocks, outcome.labs) == (1, 1)


def test_a_finding_no_choice_expects_and_a_failing_lab_are_reported(
    course_dir: Path, with_fake_labs: LabRegistry
) -> None:
    add_predict(course_dir, lab="broken", knobs="{}")
    assert any("reports no finding 'even'" in p for p in errors(course_dir))
    # a lab that raises: its own message, at the question's lab line
    course, _ = validate_course(course_dir, load_all())

    question = course.questions["q-predict-even"]
    assert isinstance(question, PredictQuestion)
    problems, _ = check_predictions([question], findings)
    assert [p.message for p in problems] == [
        "lab 'broken' at its default knobs failed: RuntimeError: boom"
    ]
    assert problems[0].line == line_of(course_dir / BANK, "lab: broken")

    def odd_finding(lab_id: str, knobs: Mapping[str, object]) -> Mapping[str, object]:
        return {"even": "sometimes"}

    problems, observed = check_predictions([question], odd_finding)
    assert observed == {"q-predict-even": "sometimes"}
    assert "no choice of 'q-predict-even' has 'when: 'sometimes''" in problems[0].message


def test_a_lesson_code_block_that_raises_fails_run_at_its_line(course_dir: Path) -> None:
    edit(course_dir / LESSON, "assert total == 6", "assert total == 6\n      total / 0")
    assert errors(course_dir) == []
    line = line_of(course_dir / LESSON, "total / 0")
    assert run_problems(course_dir) == [
        f"{LESSON}:{line}: the python block of first screen 1 fails: "
        "ZeroDivisionError: division by zero"
    ]


def test_code_blocks_know_their_lines(course_dir: Path) -> None:
    edit(
        course_dir / LESSON,
        "      More words.",
        "      More words.\n\n      ```python\n      x = 1\n      ```",
    )
    course, _ = validate_course(course_dir, load_all())
    blocks = code_blocks(course)
    assert [(b.name, b.line, b.code) for b in blocks] == [
        (
            "first screen 1",
            line_of(course_dir / LESSON, "total = sum"),
            "total = sum(range(4))\nassert total == 6\n",
        ),
        ("first screen 3", line_of(course_dir / LESSON, "x = 1"), "x = 1\n"),
    ]


def test_a_python_warning_fails_a_block_only_with_werror() -> None:
    block = CodeBlock(
        "demo", 2, "lesson.yaml", 10, "x = 1\nimport warnings\nwarnings.warn('old')\n"
    )
    assert run_code_block(block) is None
    problem = run_code_block(block, warnings_as_errors=True)
    assert problem is not None and problem.line == 12
    assert problem.message == "the python block of demo screen 2 fails: UserWarning: old"


def test_a_block_that_runs_too_long_is_stopped() -> None:
    block = CodeBlock("demo", 1, "lesson.yaml", 5, "while True:\n    pass\n")
    problem = run_code_block(block, seconds=1)
    assert problem is not None and problem.message.endswith("used more than 1 s of CPU time")
    # (the wall-time stop, for a block that waits, comes only after 120 s)


def test_a_block_runs_in_a_fresh_isolated_process(tmp_path: Path) -> None:
    code = "import os, sys\nassert 'tutor' not in sys.modules\nassert os.getcwd() != {!r}\n"
    block = CodeBlock("demo", 1, "lesson.yaml", 1, code.format(str(Path.cwd())))
    ok = CodeBlock("demo", 2, "lesson.yaml", 9, "y = 2\n")
    assert run_code_blocks([block, ok], workers=2) == []


def test_a_lab_screen_and_its_predict_question_use_the_same_lab(
    course_dir: Path, with_fake_labs: LabRegistry
) -> None:
    add_predict(course_dir)
    edit(course_dir / SECOND, "  - text: Beta.\n", "  - lab: broken\n    predict: q-predict-even\n")
    line = line_of(course_dir / SECOND, "lab: broken")
    assert errors(course_dir) == [
        f"{course_dir / SECOND}:{line}: this screen shows lab 'broken' but its predict question "
        "'q-predict-even' runs lab 'count-up': the learner would predict one chart and see "
        "another; use the same lab in both"
    ]


def test_validate_run_prints_the_problems_and_a_summary(
    course_dir: Path, with_fake_labs: LabRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.validatecli import cmd_validate

    assert cmd_validate(course_dir) == 0
    add_predict(course_dir, right="true")
    assert cmd_validate(course_dir) == 0  # without --run it cannot tell
    capsys.readouterr()
    assert cmd_validate(course_dir, run=True) == 1
    out = capsys.readouterr()
    *problems, summary = out.out.splitlines()
    assert len(problems) == 1 and problems[0].startswith(f"{course_dir / BANK}:")
    assert summary.startswith(f"1 problem(s) in {course_dir}; ran 1 python block(s) and 1 lab")
    assert out.err == ""  # progress only on a terminal


def test_progress_goes_to_stderr_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from tutor import validatecli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    show = validatecli._progress_printer()
    assert show is not None
    show("code 1/38: what-is-ml screen 4")
    assert terminal.getvalue().startswith("\rcode 1/38: what-is-ml screen 4")
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert validatecli._progress_printer() is None
