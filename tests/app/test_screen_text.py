"""Text at 80×24: the footer keeps `? Help`, long titles end with "…"."""

from __future__ import annotations

import dataclasses
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
        screens = app.learner.course.lessons["three-parts"].screen_count
        assert "…" in top and f"1/{screens}" in top


def help_text(app) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query("Static"))


async def test_help_lists_the_keys_of_the_screen_with_its_question_and_lab(
    private_home: Path,
) -> None:
    from tutor.app.screens.help import HelpScreen
    from tutor.content.model import LabScreen

    app = make_app(home=private_home)
    course = app.learner.course
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        for expected in ("On this screen", "Home, End", "p ", "Progress", "Everywhere",
                         "Ctrl+P", "Go to lesson", "Ctrl+Q, q", "Quit"):  # fmt: skip
            assert expected in text, expected
        await pilot.press("escape")
        # a lesson screen with a free lab on it: every shipped lab screen asks a prediction
        # first, so the first one is shown here without its prediction
        lesson, index = next(
            (lesson, i)
            for lesson in course.lessons.values()
            for i, s in enumerate(lesson.screens)
            if isinstance(s, LabScreen)
        )
        screens = list(lesson.screens)
        screens[index] = dataclasses.replace(screens[index], predict=None)
        app.open_lesson(dataclasses.replace(lesson, screens=tuple(screens)), index)
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = help_text(app)
        for expected in ("Lab", "r, Ctrl+R", "Run lab", "Next", "n, →, Enter", "Scroll"):
            assert expected in text, expected
        for internal in ("Focus", "focus_next", "Copy", "command_palette", "ctrl+"):
            assert internal not in text, internal
        await pilot.press("escape")
        quiz = course.lessons["phase-1-quiz"]
        app.open_lesson(quiz, 0)
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = help_text(app)
        assert "Question" in text and "Hint" in text
        # Enter picks a choice here, so the screen's row for Next does not claim it
        assert "n, →, Enter" not in text and "n, →" in text
