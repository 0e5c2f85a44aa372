"""Every shipped text screen fits an 80×24 terminal without scrolling, as the app lays it out.

The measure is the real one: each lesson is opened in the app at 80×24 and each text
screen (and the closing summary) is shown; the Markdown's height, in rows, must fit the
lesson body, which is the terminal less the title bar and the footer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Markdown

from tutor.app import make_app
from tutor.app.screens.lesson import LessonScreen
from tutor.content.loader import read_course
from tutor.content.model import Lesson, TextScreen
from tutor.learner import LessonOutcome, load_course

TERMINAL = (80, 24)
SCREEN_ROWS = 22  # 24 rows less the lesson's title bar and footer

COURSE = load_course()
# authored lessons, and the reading lists the loader lays out from roadmap.yaml
LESSONS = [lesson for lesson in COURSE.lessons.values() if lesson.kind in ("lesson", "resources")]


async def screen_heights(lesson: Lesson, home: Path) -> dict[int, int]:
    """Rows each text screen of a lesson needs (1-based screen numbers; the summary is last)."""
    numbers = [i for i, s in enumerate(lesson.screens) if isinstance(s, TextScreen)]
    numbers.append(len(lesson.screens))  # the closing summary
    app = make_app(home=home, open_lesson=lesson, from_start=True)
    # the authored summary, as a learner who answered everything sees it (a list of
    # skipped questions may make it scroll, and that is fine)
    app.learner.finish_lesson = lambda lesson, screen: LessonOutcome(done=True)  # type: ignore[method-assign]
    heights = {}
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        for index in numbers:
            screen.show_screen(index)
            await pilot.pause()
            heights[index + 1] = screen.query_one(Markdown).outer_size.height
    return heights


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
async def test_every_text_screen_fits_without_scrolling(lesson: Lesson, private_home: Path) -> None:
    heights = await screen_heights(lesson, private_home)
    too_tall = {n: rows for n, rows in heights.items() if rows > SCREEN_ROWS}
    assert not too_tall, (
        f"{lesson.id}: screen(s) taller than {SCREEN_ROWS} rows at 80×24 "
        f"(screen: rows) {too_tall}; tighten or split them"
    )


async def test_the_measure_sees_a_screen_that_scrolls(course_dir: Path, private_home: Path) -> None:
    lesson_file = course_dir / "lessons/phase-1/01-first.yaml"
    words = "".join(f"      Paragraph {n} of a screen that goes on and on.\n\n" for n in range(12))
    text = lesson_file.read_text().replace("      More words.\n", words)
    lesson_file.write_text(text)
    course, problems = read_course(course_dir)
    assert problems == []
    heights = await screen_heights(course.lessons["first"], private_home)
    assert heights[1] <= SCREEN_ROWS < heights[3]
