"""How long checking a code exercise takes, beyond the libraries' own import (issue 10).

Run: python benchmarks/exercises.py
For each exercise of the shipped course, a learner's check runs one child process: the
setup and the solution, then the setup and the answer (here: the solution again). The
import time is measured in a child of its own that runs only the import lines of the
setup and solution. Budget: check - imports <= 1.5 s on this 2-core machine.
"""

from __future__ import annotations

import ast
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # measure this checkout

from tutor.content.model import CodeQuestion  # noqa: E402
from tutor.exercises.compare import compare_run, summary_of_checks  # noqa: E402
from tutor.exercises.runner import Limits, run_code  # noqa: E402
from tutor.learner import load_course  # noqa: E402

BUDGET = 1.5
RUNS = 3


def import_lines(*programs: str) -> str:
    lines = []
    for program in programs:
        for node in ast.parse(program).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                lines.append(ast.unparse(node))
    return "\n".join(dict.fromkeys(lines))


def time_imports(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-I", "-c", code], check=True)
    return time.perf_counter() - started


def main() -> int:
    course = load_course()
    exercises = [q for q in course.questions.values() if isinstance(q, CodeQuestion)]
    print(f"{'exercise':<24} {'check s':>8} {'imports s':>9} {'beyond s':>8} {'ratio':>6}")
    worst = 0.0
    for q in exercises:
        checks, imports = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            report = run_code(q.setup, q.solution, [q.solution], summary_of_checks(q), Limits())
            checks.append(time.perf_counter() - started)
            assert compare_run(q, report)[0] == [], q.id
            imports.append(time_imports(import_lines(q.setup, q.solution)))
        check, imported = statistics.median(checks), statistics.median(imports)
        beyond = max(0.0, check - imported)
        worst = max(worst, beyond / BUDGET)
        print(f"{q.id:<24} {check:8.2f} {imported:9.2f} {beyond:8.2f} {beyond / BUDGET:6.2f}")
    print(f"\nworst ratio to the {BUDGET} s budget: {worst:.2f}")
    return 0 if worst <= 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
