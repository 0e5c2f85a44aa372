"""Compare what a learner's code computed with what the reference solution computed.

Only the named values an exercise lists are compared — type, shape, numbers within a
tolerance, a fitted estimator's class, parameters and predictions, printed numbers — so
another route to the same values passes: `test_size=.3` or `0.3`, keyword order, other
names for intermediate variables, comments, extra prints.
"""

from __future__ import annotations

import math
import re
from typing import Any

from tutor.content.model import CodeCheck, CodeQuestion
from tutor.exercises.runner import PRINTED_LIMIT, RunReport

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


class ExerciseBroken(Exception):
    """The exercise's own setup or solution failed: not the learner's fault."""


def compare_run(
    question: CodeQuestion, report: RunReport, index: int = 0
) -> tuple[list[str], list[str]]:
    """(problems, passed names) for answer `index` of the run. Problems are sentences for
    the learner; none means right. A run stopped by a limit or an error in the learner's
    code is one problem."""
    solution = report.solution
    answer = report.answers[index] if index < len(report.answers) else None
    if solution is None or solution.get("setup_error") or solution.get("error"):
        if report.stopped in ("time", "memory", "output") and solution is None:
            raise ExerciseBroken(f"the reference solution hit the {report.stopped} limit")
        why = (solution or {}).get("setup_error") or (solution or {}).get("error") or "no report"
        raise ExerciseBroken(why.strip().splitlines()[-1] if why.strip() else why)
    limits = report.limits
    stopped = (answer or {}).get("error_kind") if answer is not None else report.stopped
    if stopped == "time":
        return [
            f"Your code ran for more than {limits.seconds:g} s, the time limit, and was "
            "stopped. Look for a loop that never ends, or work on less data."
        ], []
    if stopped == "memory":
        size = (
            f"{limits.memory_mb / 1024:g} GiB"
            if limits.memory_mb >= 1024
            else f"{limits.memory_mb} MiB"
        )
        return [
            f"Your code used more memory than the limit ({size}) and was stopped. An array "
            "of that size is rarely what a task needs: check its shape."
        ], []
    if stopped == "output":
        return [
            f"Your code printed more than the output limit ({PRINTED_LIMIT:,} characters) and "
            "was stopped. Print a summary, not every value."
        ], []
    if answer is None:
        detail = report.stderr.strip().splitlines()[-1:] or [f"exit status {report.returncode}"]
        return [f"The Python process running your code stopped unexpectedly ({detail[0]})."], []
    if answer.get("error_kind") == "syntax":
        return [f"Your code is not valid Python:\n\n```\n{answer['error'].rstrip()}\n```"], []
    if answer.get("error_kind") == "exception":
        return [f"Your code raised an error:\n\n```\n{answer['error'].rstrip()}\n```"], []
    problems: list[str] = []
    passed: list[str] = []
    for check in question.checks:
        problem = _compare_check(check, solution, answer)
        if problem is None:
            passed.append(check.name)
        elif check.advice:
            advice = check.advice.rstrip(".")
            first = advice.split(" ", 1)[0]
            if len(first) > 1 and first.isalpha() and first[1:].islower():  # "Check" → "check"
                advice = advice[0].lower() + advice[1:]
            problems.append(f"{problem.rstrip('.')} — {advice}.")
        else:
            problems.append(problem)
    return problems, passed


def _compare_check(check: CodeCheck, solution: dict, answer: dict) -> str | None:
    if check.kind == "printed":
        return _compare_printed(check, solution.get("printed", ""), answer.get("printed", ""))
    want = solution["values"].get(check.name)
    got = answer["values"].get(check.name)
    if want is None:
        raise ExerciseBroken(f"the reference solution does not define `{check.name}`")
    if got is None:
        return f"Your code does not define `{check.name}`."
    if got.get("describe_error"):
        return f"`{check.name}` could not be read: {got['describe_error']}."
    if got["type"] == "ellipsis":
        return f"`{check.name}` is still `...`: replace it with your code."
    if check.kind == "estimator":
        return _compare_estimator(check, want, got)
    if check.kind == "type" or (want.get("estimator") != got.get("estimator")):
        if want["type"] != got["type"]:
            return f"`{check.name}` is {_a(got['type'])}; expected {_a(want['type'])}."
        return None
    if "shape" in want and want.get("shape") != got.get("shape"):
        return _shape_message(check.name, got, want)
    if check.kind == "shape":
        return None
    if "strings" in want:
        if got.get("strings") != want["strings"]:
            return f"`{check.name}` does not hold the values the task asks for."
        return None
    if "text" in want:
        if got.get("text", None) is None or got["text"].strip() != want["text"].strip():
            return f"`{check.name}` is not the text the task asks for."
        return None
    if "numbers" in want:
        if "numbers" not in got:
            return f"`{check.name}` is {_a(got['type'])}, not numbers."
        return _compare_numbers(check, want["numbers"], got["numbers"], got.get("shape", []))
    if "repr" in want and want["repr"] != got.get("repr"):
        return f"`{check.name}` does not hold the values the task asks for."
    if want["type"] != got["type"]:
        return f"`{check.name}` is {_a(got['type'])}; expected {_a(want['type'])}."
    return None


def _a(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def _shape_message(name: str, got: dict, want: dict) -> str:
    have, expected = got.get("shape"), want.get("shape") or []
    if have is None:
        if expected == []:
            return f"`{name}` is {_a(got['type'])}; expected a single number."
        if len(expected) == 1:
            return f"`{name}` is {_a(got['type'])}; expected {expected[0]} values."
        return f"`{name}` is {_a(got['type'])}; expected an array of shape {tuple(expected)}."
    if len(have) >= 1 and len(expected) >= 1 and have[1:] == expected[1:] and len(have) > 1:
        return f"`{name}` has {have[0]} rows; expected {expected[0]}."
    if len(have) == 1 and len(expected) == 1:
        return f"`{name}` has {have[0]} values; expected {expected[0]}."
    shape = "a single value" if have == [] else f"shape {tuple(have)}"
    want_shape = "a single value" if expected == [] else f"shape {tuple(expected)}"
    return f"`{name}` has {shape}; expected {want_shape}."


def _close(a: float | None, b: float | None, tolerance: float) -> bool:
    if a is None or b is None:  # NaN
        return a is None and b is None
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tolerance + tolerance * abs(b)


def _compare_numbers(
    check: CodeCheck, want: list[float | None], got: list[float | None], shape: list[int]
) -> str | None:
    if len(want) != len(got):
        return f"`{check.name}` has {len(got)} values; expected {len(want)}."
    differ = [
        i
        for i, (g, w) in enumerate(zip(got, want, strict=True))
        if not _close(g, w, check.tolerance)
    ]
    if not differ:
        return None
    if len(want) == 1:
        value = got[0]
        shown = "NaN" if value is None else f"{value:.6g}"
        return f"`{check.name}` is {shown}, which is not the expected value."
    return (
        f"`{check.name}` has the right shape, but {len(differ)} of its {len(want)} values "
        f"differ from the expected ones (the first at position {_position(differ[0], shape)})."
    )


def _position(flat: int, shape: list[int]) -> str:
    if len(shape) <= 1:
        return str(flat)
    index = []
    for size in reversed(shape):
        index.append(flat % size)
        flat //= size
    return str(tuple(reversed(index)))


def _compare_estimator(check: CodeCheck, want: dict, got: dict) -> str | None:
    name = check.name
    if not got.get("estimator"):
        return f"`{name}` is {_a(got['type'])}, not a model: expected {_a(want['type'])}."
    if got["type"] != want["type"]:
        return f"`{name}` is {_a(got['type'])}; expected {_a(want['type'])}."
    for param, value in want.get("params", {}).items():
        have = got.get("params", {}).get(param)
        same = (
            _close(float(have), float(value), check.tolerance)
            if isinstance(have, int | float)
            and isinstance(value, int | float)
            and not isinstance(have, bool)
            and not isinstance(value, bool)
            else have == value
        )
        if not same:
            return f"`{name}` has {param}={have!r}; that is not what the task asks for."
    if want.get("fitted") and not got.get("fitted"):
        return f"`{name}` is not fitted yet: call its .fit(...) method."
    if "predictions" in want:
        if got.get("predict_error"):
            return f"`{name}` cannot predict on the check's data: {got['predict_error']}."
        have_p, want_p = got.get("predictions"), want["predictions"]
        if have_p is None or len(have_p) != len(want_p):
            return f"`{name}` predicts a different number of values than expected."
        differ = sum(not _close(g, w, check.tolerance) for g, w in zip(have_p, want_p, strict=True))
        if differ:
            return (
                f"`{name}` predicts differently from the expected model on {differ} of "
                f"{len(want_p)} check rows: was it fitted on the right data?"
            )
    return None


def _decimals(text: str) -> int:
    return len(text.split(".")[1].split("e")[0].split("E")[0]) if "." in text else 0


def _compare_printed(check: CodeCheck, want: str, got: str) -> str | None:
    """Every number the solution printed must be printed too, to the solution's precision;
    without numbers, every line it printed must appear (spacing and case aside)."""
    numbers = _NUMBER.findall(want)
    if numbers:
        printed = [float(n) for n in _NUMBER.findall(got)]
        for text in numbers:
            value = float(text)
            slack = max(check.tolerance, 0.5 * 10 ** -_decimals(text) + 1e-12)
            if not any(abs(p - value) <= slack + check.tolerance * abs(value) for p in printed):
                return f"Your printed output does not show {check.name}."
        return None

    def norm(line: str) -> str:
        return " ".join(line.casefold().split())

    lines = {norm(line) for line in got.splitlines()}
    missing = [line for line in want.splitlines() if norm(line) and norm(line) not in lines]
    return f"Your printed output does not show {check.name}." if missing else None


def summary_of_checks(question: CodeQuestion) -> list[dict[str, Any]]:
    """The checks as the driver reads them."""
    return [
        {"name": c.name, "kind": c.kind, "params": list(c.params), "probe": c.probe}
        for c in question.checks
    ]
