"""The progress screen: lesson ids next to titles, and what the time counts."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.conftest import FIXTURE_COURSE
from tutor.app import make_app
from tutor.app.screens.progress import ProgressScreen


async def test_the_app_progress_screen_shows_ids_and_the_time_note(private_home: Path) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ProgressScreen())
        await pilot.pause()
        shown = "\n".join(str(s.render()) for s in app.screen.query(Static))
    assert "[first]" in shown and "[phase-1-quiz]" in shown
    assert "idle time is not counted" in shown
