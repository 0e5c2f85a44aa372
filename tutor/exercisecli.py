"""`mltutor exercise`: code exercises from the command line, with any editor (and over SSH).

mltutor exercise --list               one line per exercise: id, phase, title
mltutor exercise ID                   print the task; write the starter to ./ID.py
mltutor exercise ID --check FILE      run and check FILE (exit 0 right, 1 not right,
                                      2 refused or usage error); saved to progress
mltutor exercise ID --solution        print the reference solution
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.content.model import CodeQuestion
    from tutor.learner import Learner

EXIT_RIGHT, EXIT_NOT_RIGHT, EXIT_REFUSED = 0, 1, 2


def exercises(learner: Learner) -> list[CodeQuestion]:
    from tutor.content.model import CodeQuestion

    return [q for q in learner.course.questions.values() if isinstance(q, CodeQuestion)]


def phase_of(learner: Learner, question: CodeQuestion) -> int:
    for phase in learner.course.phases:
        if any(o.id == question.objective for o in phase.objectives):
            return phase.number
    return 0


def cmd_exercise(
    learner: Learner, key: str | None, list_all: bool, check: Path | None, solution: bool
) -> int:
    from tutor.spelling import close_names, did_you_mean

    found = exercises(learner)
    if list_all or key is None:
        if not found:
            print("This course has no code exercises yet.")
            return EXIT_RIGHT
        width = max(len(q.id) for q in found)
        for q in found:
            print(f"{q.id:<{width}}  phase {phase_of(learner, q):<2} {q.title}")
        if key is None and not list_all:
            print("\nStart one with: mltutor exercise ID", file=sys.stderr)
        return EXIT_RIGHT
    question = next((q for q in found if q.id == key), None)
    if question is None:
        hint = did_you_mean(close_names(key, [q.id for q in found]))
        print(
            f"mltutor exercise: no exercise '{key}'{hint}; see mltutor exercise --list",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    if solution:
        print(question.solution.rstrip())
        return EXIT_RIGHT
    if check is not None:
        return _check(learner, question, check)
    return _start(question)


def _task_text(question: CodeQuestion) -> str:
    lines = [f"{question.title}  ({question.id})", "", question.prompt.rstrip()]
    if question.setup.strip():
        lines += ["", "Already run before your code:", ""]
        lines += [
            f"    {line}" if line.strip() else "" for line in question.setup.rstrip().splitlines()
        ]
    return "\n".join(lines)


def _start(question: CodeQuestion) -> int:
    from tutor.exercises.runner import code_running_refused

    print(_task_text(question))
    target = Path(f"{question.id}.py")
    print()
    if target.exists():
        print(f"{target} already exists; it was left as it is.")
    else:
        try:
            target.write_text(question.starter, encoding="utf-8")
        except OSError as exc:
            print(f"mltutor exercise: cannot write {target}: {exc.strerror}", file=sys.stderr)
            return EXIT_REFUSED
        print(f"The starter code is in {target}.")
    if (why := code_running_refused()) is not None:
        print(f"Note: {why}. The solution: mltutor exercise {question.id} --solution")
    else:
        print(f"Edit it, then check it with: mltutor exercise {question.id} --check {target}")
    return EXIT_RIGHT


def _check(learner: Learner, question: CodeQuestion, path: Path) -> int:
    from tutor.checking import AnswerFormatError
    from tutor.exercises.runner import code_running_refused
    from tutor.present import verdict_title

    if (why := code_running_refused()) is not None:
        print(f"mltutor exercise: {why}.", file=sys.stderr)
        print(_task_text(question))
        print("\nThe reference solution:\n")
        print(question.solution.rstrip())
        return EXIT_REFUSED
    try:
        code = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        print(f"mltutor exercise: cannot read {path}: {reason}", file=sys.stderr)
        return EXIT_REFUSED
    print(
        f"Running {path} (limits: {question.seconds:g} s, {question.memory_mb} MiB)…",
        file=sys.stderr,
    )
    try:
        verdict = learner.answer(question, None, code)
    except AnswerFormatError as exc:
        print(f"mltutor exercise: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(verdict_title(verdict.outcome))
    for line in verdict.feedback:
        print(line)
    if verdict.right:
        if question.explanation:
            print()
            print(question.explanation.rstrip())
        return EXIT_RIGHT
    tries = sum(1 for a in learner.store.answers() if a.question_id == question.id)
    if question.hints:  # one more hint with each try, as in the app
        shown = question.hints[: min(tries, len(question.hints))]
        for n, hint in enumerate(shown, 1):
            print(f"\nHint {n}: {hint}")
    print(f"See the solution with: mltutor exercise {question.id} --solution")
    return EXIT_NOT_RIGHT
