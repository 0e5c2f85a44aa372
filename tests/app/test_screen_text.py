"""Text at 80×24: the footer keeps `? Help`, long titles end with "…"."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import screen_lines
from tutor.app import make_app

SIZE = (80, 24)


async def test_the_footer_keeps_help_on_question_screens(private_home: Path) -> None:
    app = make_app(home=private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.learner.course.lessons["phase-1-quiz"]
        app.open_lesson(quiz, 0)
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert "? Help" in footer
        assert "Hint" in footer and "Next" in footer
        assert "Gloss" not in footer or "g Glossary" in footer  # a key is whole or absent
        await pilot.press("escape")
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert "? Help" in footer and "g Glossary" in footer


async def test_a_long_lesson_title_ends_with_an_ellipsis(private_home: Path) -> None:
    app = make_app(home=private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_lesson(app.learner.course.lessons["three-parts"], 0)
        await pilot.pause()
        top = screen_lines(app)[0]
        assert top.startswith(" Phase 2 · Every learner in three parts")
        assert "…" in top and "1/11" in top
