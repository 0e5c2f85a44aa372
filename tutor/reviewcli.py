"""`mltutor review [--limit N] [--practise]`: the questions due for review, in the app or in
line mode."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tutor.progress.settings import daily_limit_problem

if TYPE_CHECKING:
    from tutor.learner import Learner

EXIT_USAGE = 2


def add_review_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    review = commands.add_parser(
        "review",
        help="the questions due for review (spaced repetition), most overdue first",
        description="Questions you missed, or got right only after a hint, come back a day or "
        "more later, scheduled by FSRS. Without --limit, at most review_daily_limit a day "
        "(settings.toml in the data folder; 20 unless set).",
    )
    review.add_argument(
        "--limit", metavar="N", help="at most N reviews today (instead of the daily limit)"
    )
    review.add_argument(
        "--practise",
        "--practice",
        action="store_true",
        help="go over the cards due next even when none is due",
    )


def parse_limit(text: str | None) -> tuple[int | None, str | None]:
    """--limit's value, or a message saying why it is not one."""
    if text is None:
        return None, None
    try:
        value = int(text.strip())
    except ValueError:
        return None, f"--limit wants a whole number of reviews, like --limit 10, not {text!r}"
    why = daily_limit_problem(value)
    return (None, f"--limit: {why}") if why else (value, None)


def cmd_review(learner: Learner, limit_text: str | None, practise: bool, plain: bool) -> int:
    limit, problem = parse_limit(limit_text)
    if problem is not None:
        print(f"mltutor: {problem}", file=sys.stderr)
        return EXIT_USAGE
    plan = learner.plan_review(limit, practise)
    for line in plan.problems:
        print(f"mltutor: {line}", file=sys.stderr)
    if plan.lesson is None:
        print(plan.message)
        if learner.review_summary(limit).cards and not practise:
            print("`mltutor review --practise` goes over the cards due next.")
        return 0
    if plain:
        from tutor.plain import PlainTutor

        return PlainTutor(learner).run_one(plan.lesson)
    from tutor.app import make_app
    from tutor.cli import run_app

    return run_app(make_app(learner=learner, open_lesson=plan.lesson, from_start=True))
