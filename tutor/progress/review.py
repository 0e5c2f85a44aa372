"""Spaced review: questions the learner missed come back as FSRS cards (the `fsrs` package).

A question becomes a card when its first answer was wrong or partly right, or right only
after a hint; the card is due at once. Each review is rated from the answer itself (see
`rating_for`) and FSRS sets the next due date. `fsrs` is imported only to reschedule a card:
counting what is due needs nothing but the stored rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from tutor.progress.store import CardRow

if TYPE_CHECKING:
    from fsrs import Scheduler

DAILY_LIMIT = 20  # reviews a day, unless settings.toml or --limit say otherwise
# FSRS's own default weights (FSRS-6, fitted on millions of Anki reviews); a learner's own
# weights would need hundreds of reviews and PyTorch, so they are not fitted here.
DESIRED_RETENTION = 0.9  # schedule each card for when recall has dropped to 90%
MAXIMUM_INTERVAL_DAYS = 365  # a course is revisited within a year
# No learning steps: a tutor session is not a flashcard drill, and a question seen a minute
# ago is answered from memory of its explanation, not recalled. Every review schedules
# whole days (Again: 1 day; a new card rated Hard 1, Good 2, Easy 8).
LEARNING_STEPS: tuple[timedelta, ...] = ()
RELEARNING_STEPS: tuple[timedelta, ...] = ()
FUZZING = False  # due dates the learner can be told exactly, and tests can check
EASY_SECONDS = 15.0  # right this quickly, with no hint, on a card reviewed before: Easy

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}
# kinds that come back: a code exercise is practised by iterating, not recalled
REVIEWABLE_KINDS = ("single", "multi", "numeric", "text", "order", "written", "predict")


@dataclass(frozen=True)
class Attempt:
    """How an answer was given: hints seen before it, seconds from the question to it."""

    hints: int = 0
    seconds: float | None = None


@dataclass(frozen=True)
class ReviewCard:
    """A stored card, checked: times are aware UTC datetimes."""

    question_id: str
    objective: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    @property
    def seen_before(self) -> bool:
        return self.last_review is not None


class CardError(ValueError):
    """A stored card row that cannot be used; the message says which and why."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """A time as the store keeps it: UTC, ISO, to the second (so that text order is time order)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def card_id(question_id: str) -> int:
    """FSRS's card id, from the question id (the same in every process and after edits of
    the question's wording), instead of fsrs's default: the time the card was made."""
    return int.from_bytes(hashlib.sha256(question_id.encode()).digest()[:6], "big")


def _time(text: str | None, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        raise CardError(f"its {what} {text!r} is not a date") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_card(row: CardRow) -> ReviewCard:
    """Check a stored row; CardError says what is wrong with it."""
    try:
        if row.state not in STATE_NAMES:
            raise CardError(f"its state {row.state!r} is not 1, 2 or 3")
        for name in ("stability", "difficulty"):
            value = getattr(row, name)
            if value is not None and not (isinstance(value, int | float) and value > 0):
                raise CardError(f"its {name} {value!r} is not a positive number")
        if row.state == 2 and (row.stability is None or row.difficulty is None):
            raise CardError("it is in review but has no stability or difficulty")
        if row.step is not None and not (isinstance(row.step, int) and row.step >= 0):
            raise CardError(f"its step {row.step!r} is not a count")
        if row.state == 3 and row.step is None:
            raise CardError("it is relearning but has no step")
        due = _time(row.due, "due date")
        last = _time(row.last_review, "last review") if row.last_review is not None else None
    except CardError as exc:
        raise CardError(f"review card {row.question_id!r}: {exc}") from None
    return ReviewCard(
        row.question_id,
        row.objective,
        row.state,
        row.step,
        row.stability,
        row.difficulty,
        due,
        last,
    )


def read_cards(rows: Iterable[CardRow]) -> tuple[list[ReviewCard], list[str]]:
    """The usable cards, and a message for each row that is not (it is left out)."""
    cards, problems = [], []
    for row in rows:
        try:
            cards.append(parse_card(row))
        except CardError as exc:
            problems.append(f"{exc}; it is left out of the review")
    return cards, problems


def needs_card(outcome: str, attempt: Attempt) -> bool:
    """Whether a first answer makes its question a review card."""
    return outcome in ("wrong", "partial") or (outcome == "right" and attempt.hints > 0)


def rating_for(outcome: str, attempt: Attempt, seen_before: bool) -> int:
    """The FSRS rating of a review, from the answer itself: wrong → Again; partly right, or
    right after a hint → Hard; right → Good; right quickly with no hint on a card reviewed
    before → Easy."""
    if outcome == "wrong":
        return AGAIN
    if outcome == "partial" or attempt.hints > 0:
        return HARD
    quick = attempt.seconds is not None and attempt.seconds <= EASY_SECONDS
    return EASY if quick and seen_before else GOOD


def scheduler() -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=FUZZING,
    )


def reschedule(card: ReviewCard, rating: int, now: datetime, seconds: float | None) -> CardRow:
    """The card after a review rated `rating` at `now`, as a row to store."""
    from fsrs import Card, Rating, State

    before = Card(
        card_id=card_id(card.question_id),
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )
    duration = round(seconds * 1000) if seconds is not None else None
    after, _log = scheduler().review_card(
        before, Rating(rating), review_datetime=now.astimezone(UTC), review_duration=duration
    )
    return CardRow(
        card.question_id,
        card.objective,
        int(after.state),
        after.step,
        after.stability,
        after.difficulty,
        iso(after.due),
        iso(after.last_review) if after.last_review else iso(now),
    )


def start_of_day(now: datetime) -> datetime:
    """Local midnight before `now`: the daily limit counts a learner's day, not UTC's."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def due_cards(cards: Iterable[ReviewCard], now: datetime, reviewable: set[str]) -> list[ReviewCard]:
    """Cards due at `now` whose question the course still asks, most overdue first."""
    due = [c for c in cards if c.due <= now and c.question_id in reviewable]
    return sorted(due, key=lambda c: (c.due, c.question_id))


def pick(cards: list[ReviewCard], limit: int) -> list[ReviewCard]:
    """Up to `limit` of `cards` (in priority order), interleaved: each next card is the first
    left whose objective differs from the one just asked, when there is one."""
    chosen = list(cards[: max(0, limit)])
    ordered: list[ReviewCard] = []
    last = None
    while chosen:
        card = next((c for c in chosen if c.objective != last), chosen[0])
        chosen.remove(card)
        ordered.append(card)
        last = card.objective
    return ordered


@dataclass(frozen=True)
class QueueSummary:
    """The review queue at a moment: for the roadmap, `mltutor progress` and its export."""

    due_now: int
    due_this_week: int
    cards: int
    by_state: dict[str, int]
    reviews_today: int
    daily_limit: int

    @property
    def left_today(self) -> int:
        return max(0, self.daily_limit - self.reviews_today)

    def to_dict(self) -> dict[str, object]:
        return {
            "due_now": self.due_now,
            "due_this_week": self.due_this_week,
            "cards": self.cards,
            "cards_per_state": self.by_state,
            "reviews_today": self.reviews_today,
            "daily_limit": self.daily_limit,
        }


def summarize(
    cards: list[ReviewCard], now: datetime, reviewable: set[str], reviews_today: int, limit: int
) -> QueueSummary:
    asked = [c for c in cards if c.question_id in reviewable]
    week = now + timedelta(days=7)
    by_state = {name: 0 for name in STATE_NAMES.values()}
    for card in asked:
        by_state[STATE_NAMES[card.state]] += 1
    return QueueSummary(
        sum(1 for c in asked if c.due <= now),
        sum(1 for c in asked if c.due <= week),
        len(asked),
        by_state,
        reviews_today,
        limit,
    )


def due_in(due: datetime, now: datetime) -> str:
    """ "now", "tomorrow", "in 3 days"."""
    days = (due - now).total_seconds() / 86400
    if days <= 0:
        return "now"
    whole = max(1, round(days))
    return "tomorrow" if whole == 1 else f"in {whole} days"
