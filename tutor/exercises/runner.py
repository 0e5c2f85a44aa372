"""Run an exercise's reference solution and a learner's code in a separate, limited process.

The tutor never runs learner code in its own process. One child (`python -I` running
driver.py in a fresh temporary folder) runs the setup and the solution, then the setup
and the learner's code, and reports what each computed. Limits: wall time, address space
(memory), and output size; Esc in the app cancels and kills the child's process group.
`MLTUTOR_NO_CODE=1` turns running code off (restricted hosts, classrooms).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DRIVER = Path(__file__).with_name("driver.py")
NO_CODE_VARIABLE = "MLTUTOR_NO_CODE"
OUTPUT_FILE_LIMIT = 64 * 1024 * 1024  # bytes any file the child writes may reach
PRINTED_LIMIT = 100_000  # characters a program may print


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0
    memory_mb: int = 2048


class CodeRunRefused(Exception):
    """Running code is turned off here; the message says why and how to turn it on."""


NO_CODE_FILE = "no-code"  # in the data folder: a classroom's switch for every learner


# one thread for numpy's BLAS and scikit-learn's OpenMP loops: exercises and lesson blocks
# are small, a shared server's other users keep their cores, the CPU-time limit is not spent
# by idle spinning threads, and results do not change with the number of cores
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def child_environment(folder: str) -> dict[str, str]:
    """The whole environment of a child that runs course or learner code: nothing inherited
    but PATH."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": folder,
        "PYTHONHASHSEED": "0",
        "MPLBACKEND": "Agg",
        "LANG": "C.UTF-8",
        **ONE_THREAD,
    }


def code_running_refused() -> str | None:
    """Why code cannot run here, or None when it can: MLTUTOR_NO_CODE=1 for one account,
    or a file named `no-code` in the data folder ($MLTUTOR_HOME: a classroom's share)."""
    if os.environ.get(NO_CODE_VARIABLE, "").strip() not in ("", "0"):
        return (
            f"running code is turned off on this machine ({NO_CODE_VARIABLE} is set), so "
            "the exercise shows its task and solution but cannot check your code"
        )
    from tutor.paths import data_dir

    switch = data_dir() / NO_CODE_FILE
    if switch.exists():
        return (
            f"running code is turned off for this class (the file {switch} exists), so "
            "the exercise shows its task and solution but cannot check your code"
        )
    return None


@dataclass
class RunReport:
    """What the child reported, or why it stopped."""

    solution: dict[str, Any] | None = None
    answers: list[dict[str, Any]] = field(default_factory=list)  # one per answer that ran
    stopped: str | None = None  # "time", "memory", "output", "cancelled", "crash"
    seconds: float = 0.0
    stderr: str = ""
    limits: Limits = field(default_factory=Limits)
    returncode: int = 0

    @property
    def answer(self) -> dict[str, Any] | None:
        """The (first) learner answer's report; None if the run stopped before it."""
        return self.answers[0] if self.answers else None


def _limit_child(memory_mb: int) -> None:  # pragma: no cover - runs in the child
    import resource

    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_FILE_LIMIT, OUTPUT_FILE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_code(
    setup: str,
    solution: str | None,
    answers: list[str],
    checks: list[dict[str, Any]],
    limits: Limits | None = None,
    cancel: threading.Event | None = None,
) -> RunReport:
    """Run the setup+solution, then the setup+each answer, in one limited child (the
    time limit is per program); never raises for anything the code does."""
    if (why := code_running_refused()) is not None:
        raise CodeRunRefused(why)
    limits = limits or Limits()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mltutor-run-") as folder:
        report_path = Path(folder) / "report.json"
        job = {
            "setup": setup,
            "solution": solution,
            "answers": answers,
            "checks": checks,
            "report": str(report_path),
            "printed_limit": PRINTED_LIMIT,
        }
        env = child_environment(folder)
        posix = os.name == "posix"
        with open(Path(folder) / "stderr.txt", "wb") as err:
            process = subprocess.Popen(
                [sys.executable, "-I", str(DRIVER)],
                cwd=folder,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=posix,
                preexec_fn=(lambda: _limit_child(limits.memory_mb)) if posix else None,
            )
            stopped = _wait(process, json.dumps(job).encode(), limits.seconds, cancel, report_path)
        stderr = (Path(folder) / "stderr.txt").read_text(errors="replace")[-4000:]
        data: dict[str, Any] = {}
        if report_path.exists():
            try:
                data = json.loads(report_path.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                data = {}
    if stopped is None and process.returncode != 0:
        stopped = "memory" if "MemoryError" in stderr else "crash"
        if posix and process.returncode == -signal.SIGXFSZ:  # a file grew past its limit
            stopped = "output"
    return RunReport(
        data.get("solution"),
        data.get("answers", []),
        stopped,
        time.monotonic() - started,
        stderr,
        limits,
        process.returncode,
    )


def _wait(
    process: subprocess.Popen[bytes],
    job: bytes,
    seconds: float,
    cancel: threading.Event | None,
    report: Path,
) -> str | None:
    """Feed the job, then wait for the child; kill it on time-out or cancel. Each program
    gets `seconds`: the clock restarts whenever the child saves a program's report."""
    assert process.stdin is not None
    try:
        process.stdin.write(job)
        process.stdin.close()
    except BrokenPipeError:
        pass
    deadline = time.monotonic() + seconds
    saved = 0.0
    while True:
        try:
            process.wait(timeout=0.05)
            return None
        except subprocess.TimeoutExpired:
            pass
        try:
            mtime = report.stat().st_mtime
        except OSError:
            mtime = saved
        if mtime != saved:
            saved, deadline = mtime, time.monotonic() + seconds
        if cancel is not None and cancel.is_set():
            _kill(process)
            return "cancelled"
        if time.monotonic() > deadline:
            _kill(process)
            return "time"


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
