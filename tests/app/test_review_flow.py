"""Review in the app at 80×24 (issue 13): a missed question comes back under "Review · N due"
at the top of the roadmap, `c` says why it picks what it picks, and the review's end says
when each question comes back."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown, OptionList

from tests.conftest import FIXTURE_COURSE
from tests.helpers import screen_lines
from tutor.app import make_app
from tutor.app.screens.lesson import LessonScreen
from tutor.app.screens.roadmap import REVIEW_OPTION, RoadmapScreen
from tutor.checking import display_order
from tutor.progress.review import Attempt

SIZE = (80, 24)


def app_for(home: Path):
    return make_app(home=home, content=FIXTURE_COURSE)


def miss_q_single(app) -> None:
    learner = app.learner
    learner.answer(learner.course.questions["q-single"], "first", 1, Attempt())


async def test_a_missed_question_comes_back_in_review(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert any("Review · nothing yet" in line for line in lines)
        # a wrong answer in the lesson
        app.open_lesson(app.learner.course.lessons["first"], 1)
        await pilot.pause()
        wrong_row = display_order("q-single", 3).index(1)
        for _ in range(wrong_row):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
        assert any("Review · 1 due" in line for line in screen_lines(app))
        await pilot.press("c")  # the next best step: the due review
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.lesson.kind == "review"
        assert "Review" in str(screen.query_one("#lesson-title").render())
        right_row = display_order("q-single", 3).index(0)
        for _ in range(right_row):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        summary = screen.query_one("#summary", Markdown).source
        assert "Reviewed (1)" in summary and "right; back in 2 days" in summary
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
        assert any("nothing due" in line for line in screen_lines(app))
    assert app.learner.store.latest_ratings() == {"q-single": 3}
    # the review did not become the lesson to continue
    assert app.learner.store.last_lesson() == "first"


async def test_the_app_opens_on_review_when_questions_are_due(private_home: Path) -> None:
    app = app_for(private_home)
    miss_q_single(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        roadmap = app.screen.query_one("#roadmap", OptionList)
        assert roadmap.highlighted_option.id == REVIEW_OPTION
        detail = str(app.screen.query_one("#roadmap-detail").render())
        assert "1 due now" in detail
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.kind == "review"


async def test_start_on_review_can_be_turned_off(private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text("start_on_review = false\n")
    app = app_for(private_home)
    miss_q_single(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        roadmap = app.screen.query_one("#roadmap", OptionList)
        assert roadmap.highlighted_option.id == "first"


async def test_lessons_and_phases_show_their_mastery(private_home: Path) -> None:
    app = app_for(private_home)
    learner = app.learner
    learner.answer(learner.course.questions["q-single"], "first", 0, Attempt())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert any("Phase 1" in line and "%" in line for line in lines)
        assert any("The first lesson" in line and "10%" in line for line in lines), lines
        assert any("Phase 1" in line and "10%" in line for line in lines), lines
