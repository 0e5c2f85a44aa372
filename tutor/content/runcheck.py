"""`validate --run`: run what a course claims — its lesson code and its predict questions' labs.

Every ```python block of a text screen runs in a fresh `python -I` child (a temporary
folder, a CPU-time and an address-space limit), because it is the course author's code and
must not touch the validator. Labs are the tutor's own code, not the course's: they run in
this process through the `run_lab` the caller passes in (the content layer imports no lab),
as they do in the app, so sklearn and torch are imported once and each lab is timed as a
learner sees it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from tutor.content.labfacts import LabCatalogue
from tutor.content.model import Course, PredictQuestion, TextScreen
from tutor.content.problems import Problem
from tutor.exercises.runner import child_environment

# Per block: CPU seconds (a fresh interpreter importing sklearn or torch takes a few). The
# limit is on CPU time, not wall time, so that a busy machine does not fail a good block;
# a block that waits instead of computing is stopped after WALL_FACTOR times as long.
BLOCK_SECONDS = 60.0
WALL_FACTOR = 10
BLOCK_MEMORY_MB = 4096  # address space; torch maps a lot of it before it allocates anything
_PYTHON_BLOCK = re.compile(r"^([ \t]*)```python[ \t]*\n(.*?)^[ \t]*```", re.DOTALL | re.MULTILINE)

# The child: run one block in a fresh namespace, say on stdout how it ended.
_CHILD = """
import json, sys, traceback, warnings
job = json.load(sys.stdin)
if job["werror"]:
    warnings.simplefilter("error")
try:
    exec(compile(job["code"], "<block>", "exec"), {"__name__": "__main__"})
except BaseException as exc:
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<block>"]
    error = traceback.format_exception_only(type(exc), exc)[-1].strip()
    print(json.dumps({"error": error, "line": lines[-1] if lines else 0}))
    sys.exit(1)
print(json.dumps({"error": None}))
"""

LabRunner = Callable[[str, Mapping[str, object]], Mapping[str, object]]
"""Runs a lab at the given knobs (over its defaults) and returns its findings."""


@dataclass(frozen=True)
class CodeBlock:
    """One ```python block of a lesson's text screen, and where it starts in its file."""

    lesson: str
    screen: int  # 1-based
    path: str
    line: int  # the file line of the block's first line of code
    code: str

    @property
    def name(self) -> str:
        return f"{self.lesson} screen {self.screen}"


@dataclass
class RunOutcome:
    """What `run_course` found: problems, how much it ran, and each predict lab's finding."""

    problems: list[Problem] = field(default_factory=list)
    blocks: int = 0
    labs: int = 0
    observed: dict[str, object] = field(default_factory=dict)  # question id → finding value
    seconds: float = 0.0


def code_blocks(course: Course) -> list[CodeBlock]:
    """Every ```python block in the text screens of the course's lessons, in course order."""
    blocks = []
    for lesson in course.lessons.values():
        path = lesson.source.path if lesson.source else "?"
        for index, screen in enumerate(lesson.screens):
            if not isinstance(screen, TextScreen):
                continue
            for match in _PYTHON_BLOCK.finditer(screen.text):
                line = screen.line + screen.text[: match.start(2)].count("\n")
                code = textwrap.dedent(match.group(2))
                blocks.append(CodeBlock(lesson.id, index + 1, path, line, code))
    return blocks


def run_code_block(
    block: CodeBlock, warnings_as_errors: bool = False, seconds: float = BLOCK_SECONDS
) -> Problem | None:
    """Run one block in a fresh limited child; a Problem at the failing line if it fails."""
    command = [sys.executable, "-I"] + (["-W", "error"] if warnings_as_errors else [])
    job = json.dumps({"code": block.code, "werror": warnings_as_errors})
    with tempfile.TemporaryDirectory(prefix="mltutor-block-") as folder:
        env = child_environment(folder)
        try:
            done = subprocess.run(
                [*command, "-c", _CHILD],
                input=job,
                capture_output=True,
                text=True,
                cwd=folder,
                env=env,
                timeout=_wall(seconds),
                preexec_fn=(lambda: _limit_child(seconds)) if os.name == "posix" else None,
            )
        except subprocess.TimeoutExpired:
            return Problem(
                block.path,
                block.line,
                f"the python block of {block.name} did not finish in {_wall(seconds):.0f} s",
            )
    if os.name == "posix" and done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return Problem(
            block.path,
            block.line,
            f"the python block of {block.name} used more than {seconds:.0f} s of CPU time",
        )
    reports = [line for line in done.stdout.splitlines() if line.startswith("{")]
    try:
        report = json.loads(reports[-1]) if reports else {}
    except ValueError:
        report = {}
    if done.returncode == 0 and report.get("error") is None:
        return None
    error = report.get("error") or _last_line(done.stderr) or f"exit status {done.returncode}"
    line = block.line + max(int(report.get("line") or 1), 1) - 1
    return Problem(block.path, line, f"the python block of {block.name} fails: {error}")


def _wall(seconds: float) -> float:
    return max(seconds * WALL_FACTOR, 120.0)


def _limit_child(seconds: float) -> None:  # pragma: no cover - runs in the child
    import resource

    memory = BLOCK_MEMORY_MB * 1024 * 1024
    cpu = max(1, int(seconds))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))  # SIGXCPU, then SIGKILL
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def run_code_blocks(
    blocks: Iterable[CodeBlock],
    warnings_as_errors: bool = False,
    seconds: float = BLOCK_SECONDS,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> list[Problem]:
    """Run blocks side by side (each in its own child); the problems of those that fail."""
    blocks = list(blocks)
    workers = workers or max(1, min(4, (os.cpu_count() or 2) - 1))
    problems = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = pool.map(lambda b: run_code_block(b, warnings_as_errors, seconds), blocks)
        for number, (block, problem) in enumerate(zip(blocks, runs, strict=True), 1):
            if progress is not None:
                progress(f"code {number}/{len(blocks)}: {block.name}")
            if problem is not None:
                problems.append(problem)
    return problems


def runnable_predictions(course: Course, labs: LabCatalogue) -> list[PredictQuestion]:
    """The predict questions whose lab, knobs and finding the static rules accept (the
    others are reported by `validate` already; running them would only repeat it)."""
    found = []
    for q in course.questions.values():
        if not isinstance(q, PredictQuestion) or q.lab not in labs:
            continue
        spec = labs[q.lab]
        knobs_ok = all(
            k in spec.knobs and spec.knobs[k].problem(v) is None for k, v in q.knobs.items()
        )
        if knobs_ok and q.finding in spec.findings and sum(c.correct for c in q.choices) == 1:
            found.append(q)
    return found


def check_predictions(
    questions: Iterable[PredictQuestion],
    run_lab: LabRunner,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Problem], dict[str, object]]:
    """Run each question's lab at its knobs; a problem where the lab's finding selects
    another choice than the one marked `correct: true`. Returns (problems, finding per id)."""
    questions = list(questions)
    problems: list[Problem] = []
    observed: dict[str, object] = {}
    runs: dict[str, Mapping[str, object] | str] = {}  # one run per lab and knobs
    for number, q in enumerate(questions, 1):
        if progress is not None:
            progress(f"lab {number}/{len(questions)}: {q.lab} for {q.id}")
        path = q.source.path if q.source else "?"
        key = f"{q.lab} {sorted(q.knobs.items())!r}"
        if key not in runs:
            try:
                runs[key] = run_lab(q.lab, q.knobs)
            except Exception as exc:  # a failing lab is a finding about the course, not a crash
                runs[key] = f"{type(exc).__name__}: {exc}"
        findings = runs[key]
        at = _knobs_text(q.knobs)
        if isinstance(findings, str):
            problems.append(
                Problem(path, q.lines.get("lab", 0), f"lab '{q.lab}'{at} failed: {findings}")
            )
            continue
        if q.finding not in findings:
            problems.append(
                Problem(
                    path,
                    q.lines.get("finding", 0),
                    f"lab '{q.lab}'{at} did not report the finding '{q.finding}'",
                )
            )
            continue
        value = findings[q.finding]
        observed[q.id] = value
        problem = _prediction_problem(q, value, path, at)
        if problem is not None:
            problems.append(problem)
    return problems, observed


def _prediction_problem(q: PredictQuestion, value: object, path: str, at: str) -> Problem | None:
    marked = next(c for c in q.choices if c.correct)
    if marked.when == value:
        return None
    found = f"lab '{q.lab}'{at} finds {q.finding} = {value!r}"
    right = q.right_choice(value)
    line = marked.line or q.lines.get("choices", 0)
    if right is None:
        return Problem(
            path,
            line,
            f"{found}, and no choice of '{q.id}' has 'when: {value!r}': the tutor would mark "
            "every prediction wrong; add that choice or change the knobs",
        )
    return Problem(
        path,
        line,
        f"'correct: true' of '{q.id}' is on '{marked.text}' (when: {marked.when!r}), but "
        f"{found}, so the tutor marks '{q.choices[right].text}' right and contradicts the "
        "chart; move 'correct: true' or change the knobs",
    )


def _knobs_text(knobs: Mapping[str, object]) -> str:
    if not knobs:
        return " at its default knobs"
    return " at " + ", ".join(f"{k}={v}" for k, v in knobs.items())


def run_course(
    course: Course,
    labs: LabCatalogue,
    run_lab: LabRunner,
    warnings_as_errors: bool = False,
    progress: Callable[[str], None] | None = None,
) -> RunOutcome:
    """Run every python block and every predict question's lab; problems sorted by line.

    Code blocks run in children on a few threads while the labs run here."""
    started = time.monotonic()
    blocks = code_blocks(course)
    questions = runnable_predictions(course, labs)
    with ThreadPoolExecutor(max_workers=1) as background:
        code = background.submit(
            run_code_blocks, blocks, warnings_as_errors, BLOCK_SECONDS, progress
        )
        lab_problems, observed = check_predictions(questions, run_lab, progress)
        problems = code.result() + lab_problems
    return RunOutcome(
        sorted(set(problems)),
        len(blocks),
        len({f"{q.lab} {sorted(q.knobs.items())!r}" for q in questions}),
        observed,
        time.monotonic() - started,
    )
