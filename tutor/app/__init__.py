"""The Textual front end. `make_app` is the one way to build it (for `main` and for tests)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.app.app import TutorApp
    from tutor.content.model import Lesson
    from tutor.learner import Learner


def make_app(
    learner: Learner | None = None,
    *,
    home: Path | None = None,
    content: Path | None = None,
    open_lesson: Lesson | None = None,
    from_start: bool = False,
) -> TutorApp:
    """Build the app for a learner (opened from `home` and `content` when not given)."""
    from tutor.app.app import TutorApp
    from tutor.learner import Learner

    if learner is None:
        learner = Learner.open(content, home)
    return TutorApp(learner, open_lesson=open_lesson, from_start=from_start)
