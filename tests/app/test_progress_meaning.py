"""Progress means something: done needs answers, quizzes have scores, every phase is reachable."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown, OptionList, Static

from tests.conftest import FIXTURE_COURSE
from tutor.app import make_app
from tutor.app.screens.lesson import LessonScreen
from tutor.app.screens.roadmap import RoadmapScreen
from tutor.checking import display_order

SIZE = (80, 24)


def summary_text(app) -> str:
    return app.screen.query_one("#summary", Markdown).source


def roadmap_rows(app) -> list[str]:
    roadmap = app.screen.query_one("#roadmap", OptionList)
    return [str(roadmap.get_option_at_index(i).prompt) for i in range(roadmap.option_count)]


async def test_paging_through_a_lesson_does_not_finish_it(private_home: Path) -> None:
    app = make_app(home=private_home)  # the shipped course, as a newcomer meets it
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        lesson = screen.lesson
        for _ in range(lesson.screen_count - 1):
            app.set_focus(None)  # as if the learner left each answer box
            screen.action_next()
            await pilot.pause()
        assert screen.index == lesson.screen_count - 1
        text = summary_text(app)
        skipped = app.learner.lesson_questions(lesson)
        assert f"**Skipped ({len(skipped)}).**" in text
        assert "Press s to go back to the first skipped question" in text
        assert "Lesson done" not in text
        assert app.learner.status(lesson.id) == "in_progress"
        await pilot.press("s")
        await pilot.pause()
        assert screen.index == skipped[0][0]
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
        first_row = next(r for r in roadmap_rows(app) if lesson.title in r)
        assert "✓" not in first_row and "…" in first_row


async def test_a_quiz_ends_with_its_score_and_the_roadmap_shows_the_best(
    private_home: Path,
) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    quiz = app.learner.course.lessons["phase-1-quiz"]
    questions = app.learner.lesson_questions(quiz)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(quiz, 0)
        await pilot.pause()
        screen = app.screen
        # the first question (q-quiz-single) right on the first try, the rest skipped
        first_index, first = questions[0]
        assert first.id == "q-quiz-single" and screen.index == first_index
        for _ in range(display_order("q-quiz-single", 3).index(0)):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        screen.show_screen(quiz.screen_count - 1)
        await pilot.pause()
        text = summary_text(app)
        total = len(questions)
        assert f"Your score: 1 of {total} right on the first try ({round(100 / total)}%)" in text
        assert "Skipped" in text and "Name the capital of Italy." in text
        assert "Objectives that need work" in text and "The second idea." in text
        await pilot.press("escape")
        await pilot.pause()
        row = next(r for r in roadmap_rows(app) if "Phase 1 quiz" in r)
        assert f"best 1/{total}" in row


async def test_every_phase_is_reachable_and_says_what_it_will_teach(private_home: Path) -> None:
    app = make_app(home=private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        roadmap = app.screen.query_one("#roadmap", OptionList)
        await pilot.press("end")
        await pilot.pause()
        assert "Phase 10" in str(roadmap.highlighted_option.prompt)
        detail = str(app.screen.query_one("#roadmap-detail", Static).render())
        assert "no lessons yet" in detail and "monitoring" in detail.lower()
        assert roadmap.scroll_offset.y > 0  # scrolled down to it
        await pilot.press("up")
        await pilot.pause()
        assert "Phase 9" in str(roadmap.highlighted_option.prompt)
        await pilot.press("home")
        await pilot.pause()
        assert "Phase 1 ·" in str(roadmap.highlighted_option.prompt)
        await pilot.press("enter")  # a header: Enter goes to its first lesson
        await pilot.pause()
        assert roadmap.highlighted_option.id == app.learner.course.phases[0].lessons[0].id
        for _ in range(roadmap.option_count):  # ↓ alone reaches the last phase too
            if "Phase 10" in str(roadmap.highlighted_option.prompt):
                break
            await pilot.press("down")
        assert "Phase 10" in str(roadmap.highlighted_option.prompt)


async def test_coming_back_to_an_answered_question_says_how_it_went(private_home: Path) -> None:
    from tests.helpers import screen_lines

    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(app.learner.course.lessons["first"], 1)  # q-single
        await pilot.pause()
        assert not any("Answered before" in line for line in screen_lines(app))
        await pilot.press("enter")  # the first choice, right or wrong
        await pilot.pause()
        outcome = app.learner.store.last_answer("q-single", "first").outcome
        app.screen.show_screen(2)
        await pilot.pause()
        app.screen.show_screen(1)
        await pilot.pause()
        shown = " ".join(" ".join(screen_lines(app)).split())  # wrapped lines joined
        assert "Answered before:" in shown and ("Right" in shown or "Not quite" in shown)
        assert ("✓ Right" in shown) == (outcome == "right")
        assert "only your first try counts" in shown
