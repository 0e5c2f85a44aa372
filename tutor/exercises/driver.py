"""The child side of a code exercise: run inside `python -I`, never imported by the tutor.

It reads one JSON job on stdin: the exercise's setup, the reference solution, the learner's
code and the names to report. For each of the two programs it runs the setup in a fresh
namespace, then the program, and describes the named values (type, shape, numbers, a
fitted estimator's class, parameters and predictions on a probe), and what it printed.
The descriptions go to the file named by the job, as JSON; the parent compares them.
Learner code can only hurt this process: the parent set its limits and kills it on time.
"""

import contextlib
import io
import json
import math
import sys
import traceback
from typing import Any

ANSWER_FILE = "answer.py"  # the learner's code, as its tracebacks name it
MAX_VALUES = 200_000  # numbers kept per value; more is compared by shape and summary only
MAX_PRINTED = 20_000  # characters of printed output kept per program


def _numbers(value: Any) -> list[float | None] | None:
    """A flat list of floats (None for NaN) if the value is numeric, else None."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is a dependency
        return None
    try:
        array = np.asarray(value)
    except Exception:
        return None
    if array.dtype == object or array.dtype.kind not in "biuf":
        return None
    flat = array.astype(float).ravel()
    if flat.size > MAX_VALUES:
        return None
    return [None if math.isnan(x) else x for x in flat.tolist()]


def _strings(value: Any) -> list[str] | None:
    """A list of str for a list, tuple, set or 1-d array of strings (numpy's too)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    elif type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 1:
        if getattr(value.dtype, "kind", "") not in "UO":
            return None
        items = value.tolist()
    else:
        return None
    if not items or not all(isinstance(x, str) for x in items):
        return None
    strings = [str(x) for x in items]
    return sorted(strings) if isinstance(value, (set, frozenset)) else strings


def _to_plain(value: Any) -> Any:
    """Tensors and frames become numpy arrays first."""
    module = type(value).__module__.split(".")[0]
    if module == "torch" and hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    if module == "pandas" and hasattr(value, "to_numpy"):
        return value.to_numpy()
    return value


def _is_estimator(value: Any) -> bool:
    return hasattr(value, "get_params") and hasattr(value, "fit") and not isinstance(value, type)


def _is_fitted(value: Any) -> bool:
    return any(
        name.endswith("_") and not name.startswith("_") for name in getattr(value, "__dict__", {})
    )


def describe(value: Any, check: dict[str, Any], namespace: dict[str, Any]) -> dict[str, Any]:
    kind = check.get("kind", "value")
    out: dict[str, Any] = {"type": type(value).__name__}
    if _is_estimator(value):
        out["estimator"] = True
        out["fitted"] = _is_fitted(value)
        params = value.get_params(deep=False)
        out["params"] = {
            p: (
                params[p]
                if isinstance(params.get(p), (int, float, str, bool, type(None)))
                else repr(params.get(p))
            )
            for p in check.get("params", [])
            if p in params
        }
        probe = check.get("probe")
        if probe and out["fitted"]:
            try:
                data = eval(probe, dict(namespace))  # noqa: S307 - the exercise author's expression
                out["predictions"] = _numbers(value.predict(data))
            except Exception as exc:  # the learner's model cannot predict on the probe
                out["predict_error"] = f"{type(exc).__name__}: {exc}"
        return out
    plain = _to_plain(value)
    if isinstance(plain, str):
        out["text"] = str(plain)
        return out
    strings = _strings(plain)
    if strings is not None:  # names, labels: compared as text, whatever holds them
        out["strings"] = strings
        out["shape"] = [len(strings)]
        return out
    if isinstance(plain, bool):
        out["numbers"] = [float(plain)]
        out["shape"] = []
        return out
    shape = getattr(plain, "shape", None)
    if shape is None and isinstance(plain, (list, tuple)):
        shape = (len(plain),)
    if shape is not None:
        out["shape"] = [int(n) for n in shape]
    if kind != "shape":
        numbers = _numbers(plain)
        if numbers is not None:
            out["numbers"] = numbers
            if shape is None:
                out["shape"] = []
        elif isinstance(plain, (list, tuple, set, dict)):
            out["repr"] = repr(sorted(plain, key=repr) if isinstance(plain, set) else plain)[:2000]
    return out


class OutputFlood(BaseException):
    """The program printed more than the limit."""


class _Capped(io.StringIO):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        if self.size > self.limit:
            raise OutputFlood()
        return super().write(text)


def _trimmed_traceback(exc: BaseException) -> str:
    """The learner's own frames only: no driver or tutor internals."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == ANSWER_FILE]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)


def run_program(
    label: str, setup: str, code: str, checks: list[dict[str, Any]], printed_limit: int
) -> dict[str, Any]:
    """Run setup then code in a fresh namespace; describe the checked names."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    printed = _Capped(printed_limit)
    result: dict[str, Any] = {"printed": "", "values": {}}
    try:
        exec(compile(setup, "setup.py", "exec"), namespace)
    except BaseException as exc:  # the exercise's own setup failed: not the learner's fault
        result["setup_error"] = "".join(traceback.format_exception_only(type(exc), exc))
        return result
    try:
        tree = compile(code, ANSWER_FILE if label == "answer" else "solution.py", "exec")
    except SyntaxError as exc:
        result["error"] = "".join(traceback.format_exception_only(type(exc), exc))
        result["error_kind"] = "syntax"
        return result
    try:
        with contextlib.redirect_stdout(printed):
            exec(tree, namespace)
    except MemoryError:
        result["error_kind"] = "memory"
        result["error"] = "MemoryError"
    except OutputFlood:
        result["error_kind"] = "output"
        result["error"] = f"printed more than {printed_limit:,} characters"
    except RecursionError as exc:
        result["error_kind"] = "exception"
        result["error"] = _trimmed_traceback(exc)[-4000:]
    except SystemExit as exc:
        if exc.code not in (None, 0):
            result["error_kind"] = "exception"
            result["error"] = f"SystemExit: {exc.code}"
    except BaseException as exc:
        result["error_kind"] = "exception"
        result["error"] = _trimmed_traceback(exc)[-4000:]
    result["printed"] = printed.getvalue()[:MAX_PRINTED]
    for check in checks:
        name = check["name"]
        if check.get("kind") == "printed":
            continue
        if name not in namespace:
            result["values"][name] = None
            continue
        try:
            result["values"][name] = describe(namespace[name], check, namespace)
        except MemoryError:
            result["values"][name] = {"type": "?", "describe_error": "MemoryError"}
        except Exception as exc:
            result["values"][name] = {"type": "?", "describe_error": repr(exc)[:500]}
    return result


def main() -> None:
    job = json.loads(sys.stdin.read())
    limit = job.get("printed_limit", 100_000)
    report: dict[str, Any] = {"answers": []}

    def save() -> None:  # after each program: a kill loses only the one running
        with open(job["report"], "w", encoding="utf-8") as out:
            json.dump(report, out)

    if job.get("solution") is not None:
        report["solution"] = run_program(
            "solution", job["setup"], job["solution"], job["checks"], limit
        )
        save()
    for code in job.get("answers", []):
        report["answers"].append(run_program("answer", job["setup"], code, job["checks"], limit))
        save()


if __name__ == "__main__":
    main()
