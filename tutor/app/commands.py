"""Command palette (Ctrl+P): go to any lesson, quiz or reading list by typing part of its name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.present import status_label


class GoToLesson(Provider):
    def _items(self):
        learner = self.app.learner
        statuses = learner.statuses()
        for phase in learner.course.phases:
            for item in learner.course.roadmap(phase.number):
                label = f"Phase {phase.number} · {item.title}"
                status = status_label(statuses[item.id])
                yield label, partial(self.app.open_lesson, item), status

    async def discover(self) -> Hits:
        for label, command, status in self._items():
            yield DiscoveryHit(label, command, help=status)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, command, status in self._items():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), command, text=label, help=status)
