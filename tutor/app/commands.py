"""Command palette (Ctrl+P): go to any lesson, quiz or reading list by typing part of its name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.app.app import TutorApp
from tutor.present import status_label


class GoToLesson(Provider):
    @property
    def tutor(self) -> TutorApp:
        """`self.app`, typed: a Provider's is a plain App[object], and only TutorApp lists us."""
        return cast(TutorApp, self.app)

    def _items(self) -> Iterator[tuple[str, Callable[[], None], str]]:
        learner = self.tutor.learner
        statuses = learner.statuses()
        for phase in learner.course.phases:
            for item in learner.course.roadmap(phase.number):
                label = f"Phase {phase.number} · {item.title}"
                status = status_label(statuses[item.id])
                yield label, partial(self.tutor.open_lesson, item), status

    async def discover(self) -> Hits:
        for label, command, status in self._items():
            yield DiscoveryHit(label, command, help=status)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, command, status in self._items():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), command, text=label, help=status)
