"""The command line: the tutor itself plus `lessons`, `quiz`, `progress`, `reset` and more."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tutor import __version__

if TYPE_CHECKING:
    from tutor.app.app import TutorApp
    from tutor.content.model import Lesson
    from tutor.content.problems import Problem
    from tutor.learner import Learner

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mltutor",
        description="Learn machine learning in the terminal: lessons, questions and live labs.",
    )
    parser.add_argument("--version", action="version", version=f"mltutor {__version__}")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line mode for dumb terminals, pipes and screen readers "
        "(automatic when output is not a terminal or TERM=dumb)",
    )
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        help="teach from your own course folder (holding lessons/ and quizzes/)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    quiz = commands.add_parser("quiz", help="take a phase quiz (by number) or a lesson's quiz")
    quiz.add_argument("target", metavar="PHASE|LESSON")
    progress = commands.add_parser("progress", help="show your progress per phase and objective")
    fmt = progress.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print it as JSON")
    fmt.add_argument("--csv", action="store_true", help="print it as CSV, one row per objective")
    commands.add_parser("lessons", help="list every lesson with its number, id and status")
    from tutor.reviewcli import add_review_parser

    add_review_parser(commands)
    reset = commands.add_parser("reset", help="forget one lesson's progress (by number or id)")
    reset.add_argument("lesson", metavar="LESSON")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    validate = commands.add_parser("validate", help="check a course against the content rules")
    validate.add_argument("dir", metavar="DIR", nargs="?", type=Path)
    validate.add_argument(
        "--run",
        action="store_true",
        help="also run every python block and every predict question's lab (takes a while)",
    )
    validate.add_argument(
        "--strict", action="store_true", help="layout warnings are errors too (exit 1)"
    )
    validate.add_argument(
        "--werror",
        action="store_true",
        help="with --run: a Python warning in a code block fails it (python -W error)",
    )
    lab = commands.add_parser("lab", help="run a lab (a live experiment) and print its results")
    lab.add_argument("lab", metavar="ID", nargs="?")
    lab.add_argument("--list", action="store_true", help="list the labs and their knobs")
    lab.add_argument(
        "--set",
        metavar="KNOB=VALUE",
        action="append",
        default=[],
        help="set a knob (repeatable), e.g. --set max_depth=8",
    )
    lab.add_argument("--json", action="store_true", help="print knobs, series and findings as JSON")
    lab.add_argument(
        "--findings",
        action="store_true",
        help="list the lab's knobs and the findings a predict question may name; run nothing",
    )
    glossary = commands.add_parser("glossary", help="look up terms (all of them with no WORD)")
    glossary.add_argument("words", metavar="WORD", nargs="*")
    lesson = commands.add_parser("lesson", help="open one lesson directly (by number or id)")
    lesson.add_argument("lesson", metavar="LESSON")
    grade = commands.add_parser(
        "grade",
        help="grade one written answer (for course authors; nothing is recorded)",
        description="Grade one answer to a written question and say what the grader read. "
        "Exit status: 0 right, 1 not right, 3 unsure, 2 usage error.",
    )
    grade.add_argument("question", metavar="QUESTION_ID")
    grade.add_argument(
        "answer", metavar="ANSWER", nargs="?", help="the answer's text; '-' or none: stdin"
    )
    grade.add_argument("--json", action="store_true", help="print the reading as JSON")
    exercise = commands.add_parser(
        "exercise",
        help="code exercises with your own editor: list, start, check, see the solution",
        description="Without ID: list the exercises. With ID: print the task and write the "
        "starter to ./ID.py. --check FILE runs and checks it (exit 0 right, 1 not right, "
        "2 refused or usage error).",
    )
    exercise.add_argument("exercise", metavar="ID", nargs="?")
    exercise.add_argument("--list", action="store_true", help="one line per exercise")
    exercise.add_argument("--check", metavar="FILE", type=Path, help="run and check FILE")
    exercise.add_argument("--solution", action="store_true", help="print the solution")
    return parser


def plain_mode_wanted(args: argparse.Namespace) -> bool:
    return args.plain or not sys.stdout.isatty() or os.environ.get("TERM", "") == "dumb"


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "validate":
        from tutor.validatecli import cmd_validate

        folder = args.dir if args.dir is not None else args.content
        return cmd_validate(folder, args.run, args.strict, args.werror)
    if args.command == "grade":
        from tutor.gradecli import cmd_grade

        return cmd_grade(args.content, args.question, args.answer, args.json)
    if args.command == "lab":
        from tutor.labcli import cmd_lab

        return cmd_lab(args.lab, args.list, args.set, args.json, args.findings)
    from tutor.learner import CourseError, Learner
    from tutor.progress.store import StoreError

    try:
        learner = Learner.open(args.content)
    except CourseError as exc:
        _print_problems(exc.problems)
        print(f"The course in {exc.root} has problems; fix them, then try again.", file=sys.stderr)
        return EXIT_PROBLEMS
    except StoreError as exc:
        print(f"mltutor: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        if args.command == "progress":
            return cmd_progress(learner, args.json, args.csv)
        if args.command == "lessons":
            return cmd_lessons(learner)
        if args.command == "review":
            from tutor.reviewcli import cmd_review

            return cmd_review(learner, args.limit, args.practise, plain_mode_wanted(args))
        if args.command == "reset":
            return cmd_reset(learner, args.lesson, args.yes)
        if args.command == "glossary":
            return cmd_glossary(learner, " ".join(args.words))
        if args.command == "quiz":
            if problem := _no_phase_quiz(learner, args.target):
                print(f"mltutor: {problem[1]}", file=sys.stderr)
                return problem[0]
            return cmd_open(learner, args, learner.quiz_for(args.target), args.target, quiz=True)
        if args.command == "exercise":
            from tutor.exercisecli import cmd_exercise

            return cmd_exercise(learner, args.exercise, args.list, args.check, args.solution)
        if args.command == "lesson":
            return cmd_open(learner, args, learner.find_item(args.lesson), args.lesson)
        if plain_mode_wanted(args):
            from tutor.plain import PlainTutor

            return PlainTutor(learner).run()
        from tutor.app import make_app

        return run_app(make_app(learner=learner))
    finally:
        learner.store.close()


def run_app(app: TutorApp, headless: bool = False) -> int:
    """Run the full-screen app; after a crash, exit non-zero and say where the details are."""
    app.run(headless=headless)
    code = app.return_code or 0
    if code:
        where = (
            f"The details were written to {app.crash_log}; please include that file "
            "if you report the problem."
            if app.crash_log
            else "The details are printed above."
        )
        print(
            f"mltutor stopped after an unexpected error. Everything you answered is saved. {where}",
            file=sys.stderr,
        )
    return code


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def cmd_progress(learner: Learner, as_json: bool, as_csv: bool) -> int:
    from tutor.progress.report import report_csv, report_json

    for problem in learner.review_cards()[1]:
        print(f"mltutor: {problem}", file=sys.stderr)
    if as_json:
        print(report_json(learner.report()))
    elif as_csv:
        sys.stdout.write(report_csv(learner.report()))
    else:
        print(learner.progress_text())
    return 0


def cmd_lessons(learner: Learner) -> int:
    """One line per roadmap item (number, id, title, status) under its phase's header."""
    from tutor.present import status_label

    numbers = {item.id: n for n, item in learner.numbered_items()}
    width = max((len(item_id) for item_id in numbers), default=0)
    statuses = learner.statuses()
    for phase in learner.course.phases:
        if not phase.lessons:
            print(f"Phase {phase.number}: {phase.title} — no lessons yet")
            continue
        print(f"Phase {phase.number}: {phase.title}")
        for item in learner.course.roadmap(phase.number):
            status = status_label(statuses[item.id])
            print(f"{numbers[item.id]:>4}  {item.id:<{width}}  {item.title}  ({status})")
    return 0


def _no_lesson(learner: Learner, key: str, what: str = "lesson") -> str:
    """Why `key` names no lesson, with the closest ids or where to look them up."""
    if key.strip().isdigit():
        last = len(learner.numbered_items())
        return f"no lesson number {key.strip()}; they are numbered 1–{last} (see `mltutor lessons`)"
    guess = learner.suggest(key)
    if guess:
        return f"no {what} '{key}'{guess}"
    return f"no {what} '{key}'; `mltutor lessons` lists the lessons with their numbers"


def _no_phase_quiz(learner: Learner, key: str) -> tuple[int, str] | None:
    """For `quiz N`: an exit code and a message when phase N has no quiz to take."""
    if not key.strip().isdigit():
        return None
    number = int(key)
    phase = learner.course.phase(number)
    if phase is None:
        numbers = [p.number for p in learner.course.phases]
        return EXIT_USAGE, (
            f"there is no phase {number}; the phases are {min(numbers)}–{max(numbers)}"
        )
    if not phase.lessons:
        return EXIT_PROBLEMS, f"Phase {number} ({phase.title}) has no lessons yet"
    if learner.find_lesson(key) is None:
        return EXIT_PROBLEMS, f"Phase {number} ({phase.title}) has no quiz yet"
    return None


def cmd_glossary(learner: Learner, query: str) -> int:
    from tutor.content.glossary import glossary_text

    entries = learner.course.look_up(query)
    if not entries:
        print(f"No term matches '{query}'.")
        return EXIT_PROBLEMS
    print(glossary_text(learner.course, entries))
    return 0


def cmd_reset(learner: Learner, key: str, yes: bool) -> int:
    lesson = learner.find_item(key)
    if lesson is None:
        print(f"mltutor: {_no_lesson(learner, key)}", file=sys.stderr)
        return EXIT_USAGE
    lesson_id = lesson.id
    answers = sum(1 for a in learner.store.answers() if a.lesson_id == lesson_id)
    if not yes:
        sys.stdout.write(
            f"Forget your place, time and {answers} answer(s) in “{lesson.title}”? [y/N] "
        )
        sys.stdout.flush()
        reply = sys.stdin.readline().strip().lower()
        if reply not in ("y", "yes"):
            print("Nothing was changed.")
            return 0
    learner.store.reset_lesson(lesson_id)
    print(f"Forgot “{lesson.title}” ({answers} answer(s)).")
    return 0


def cmd_open(
    learner: Learner,
    args: argparse.Namespace,
    lesson: Lesson | None,
    key: str,
    quiz: bool = False,
) -> int:
    if lesson is None:
        what = "phase or lesson" if quiz else "lesson"
        print(f"mltutor: {_no_lesson(learner, key, what)}", file=sys.stderr)
        return EXIT_USAGE
    if not lesson.screens:
        print(f"mltutor: “{lesson.title}” has no questions yet", file=sys.stderr)
        return EXIT_USAGE
    if plain_mode_wanted(args):
        from tutor.plain import PlainTutor

        start = 0 if quiz else learner.resume_screen(lesson)
        return PlainTutor(learner).run_one(lesson, start)
    from tutor.app import make_app

    return run_app(make_app(learner=learner, open_lesson=lesson, from_start=quiz))
