"""The code runner and checker on hostile and clumsy answers (issue 10). The exercise is
plain Python, so each run takes a fraction of a second."""

from __future__ import annotations

import threading
import time

import pytest

from tutor.checking import AnswerFormatError, check_code_answer
from tutor.content.model import CodeCheck, CodeQuestion


def exercise(**extra: object) -> CodeQuestion:
    fields: dict[str, object] = dict(
        id="x-t",
        objective="o",
        kind="code",
        prompt="Make `squares`, the squares of 0..n-1, and `total`, their sum.",
        explanation="",
        title="Squares",
        setup="n = 10\n",
        starter="squares = ...\ntotal = ...\n",
        solution="squares = [i * i for i in range(n)]\ntotal = sum(squares)\nprint(total)\n",
        checks=(
            CodeCheck("squares", advice="use range(n)"),
            CodeCheck("total"),
            CodeCheck("the total", kind="printed"),
        ),
        seconds=3.0,
        memory_mb=512,
    )
    fields.update(extra)
    return CodeQuestion(**fields)  # type: ignore[arg-type]


def test_another_route_to_the_same_values_is_right() -> None:
    code = "import numpy as np\nsquares = np.arange(n) ** 2  # a route of my own\ntotal = int(squares.sum())\nprint('sum:', total)\n"
    verdict = check_code_answer(exercise(), code)
    assert verdict.outcome == "right", verdict.feedback


def test_a_wrong_value_says_which_name_and_what_to_check() -> None:
    verdict = check_code_answer(
        exercise(), "squares = [i * i for i in range(9)]\ntotal = 285\nprint(total)"
    )
    assert verdict.outcome == "partial"
    assert "`squares` has 9 values; expected 10 — use range(n)." in verdict.feedback
    assert "`total` is 204" not in " ".join(verdict.feedback)  # total is right: 285
    assert not any("285" in line and "expected" in line for line in verdict.feedback)


def test_a_missing_name_and_missing_output_are_named() -> None:
    verdict = check_code_answer(exercise(), "squares = [i * i for i in range(n)]")
    assert "Your code does not define `total`." in verdict.feedback
    assert "Your printed output does not show the total." in verdict.feedback


@pytest.mark.parametrize("empty", ["", "   \n", "squares = ...\ntotal = ...\n"])
def test_an_empty_answer_or_the_bare_starter_does_not_count(empty: str) -> None:
    with pytest.raises(AnswerFormatError, match="write your code first"):
        check_code_answer(exercise(), empty)


def test_an_endless_loop_hits_the_time_limit() -> None:
    started = time.monotonic()
    verdict = check_code_answer(exercise(seconds=1.0), "while True:\n    pass\n")
    assert verdict.outcome == "wrong"
    assert "more than 1 s, the time limit" in verdict.feedback[0]
    assert time.monotonic() - started < 6


def test_a_huge_allocation_hits_the_memory_limit() -> None:
    verdict = check_code_answer(exercise(), "big = bytearray(12 * 1024 ** 3)\n")
    assert "used more memory than the limit (512 MiB)" in verdict.feedback[0]


def test_an_exception_shows_the_learners_own_traceback_only() -> None:
    verdict = check_code_answer(exercise(), "def f(x):\n    return x / 0\n\nsquares = f(1)\n")
    text = verdict.feedback[0]
    assert "raised an error" in text and "ZeroDivisionError: division by zero" in text
    assert 'File "answer.py", line 4' in text and 'File "answer.py", line 2, in f' in text
    assert "driver" not in text and "tutor" not in text and "setup.py" not in text


def test_a_syntax_error_is_shown_as_such() -> None:
    verdict = check_code_answer(exercise(), "squares = [i for i in range(n)\n")
    assert verdict.feedback[0].startswith("Your code is not valid Python")


def test_an_output_flood_is_stopped() -> None:
    verdict = check_code_answer(exercise(), "while True:\n    print('spam' * 100)\n")
    assert "more than the output limit" in verdict.feedback[0]


def test_a_broken_exercise_is_not_the_learners_fault() -> None:
    broken = exercise(solution="squares = undefined_name\n")
    with pytest.raises(AnswerFormatError, match="bug in the course"):
        check_code_answer(broken, "squares = []\ntotal = 0\n")


def test_running_code_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLTUTOR_NO_CODE", "1")
    with pytest.raises(AnswerFormatError, match="running code is turned off"):
        check_code_answer(exercise(), "squares = []\n")


def test_a_run_can_be_cancelled() -> None:
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(AnswerFormatError, match="stopped before it finished"):
        check_code_answer(exercise(seconds=30.0), "while True:\n    pass\n", cancel)
    assert time.monotonic() - started < 3


def test_learner_code_never_runs_in_the_tutors_process() -> None:
    import os

    checks = (CodeCheck("elsewhere"),)
    solution = "elsewhere = True\n"
    verdict = check_code_answer(
        exercise(checks=checks, solution=solution),
        f"import os\nelsewhere = os.getpid() != {os.getpid()}\n",
    )
    assert verdict.outcome == "right", verdict.feedback


def test_a_classroom_turns_code_off_with_a_file_in_the_data_folder(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLTUTOR_NO_CODE", raising=False)
    monkeypatch.setenv("MLTUTOR_HOME", str(tmp_path))
    (tmp_path / "no-code").write_text("")
    with pytest.raises(AnswerFormatError, match="turned off for this class"):
        check_code_answer(exercise(), "squares = []\n")


def test_learner_code_runs_numpy_and_openmp_on_one_thread() -> None:
    """Under load, HistGradientBoosting's OpenMP threads in a child made one exercise take
    30 s; a child's maths runs on one thread, so its time limit is its own work."""
    import numpy  # noqa: F401  (loads the BLAS pool to look at)
    from threadpoolctl import threadpool_info

    if not threadpool_info():
        pytest.skip("no BLAS or OpenMP pool to inspect")
    checks = (CodeCheck("widest"),)
    verdict = check_code_answer(
        exercise(checks=checks, solution="widest = 1\n", seconds=20.0),
        "import numpy\nfrom threadpoolctl import threadpool_info\n"
        "widest = max(p['num_threads'] for p in threadpool_info())\n",
    )
    assert verdict.outcome == "right", verdict.feedback
