"""Pilot tests at 80×24: a lesson from start to finish, resume after quitting, keys and help."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown, OptionList, TextArea

from tests.conftest import FIXTURE_COURSE
from tests.helpers import UNSURE_TICKETS_ANSWER
from tutor.app import make_app
from tutor.app.screens.help import HelpScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.app.screens.progress import ProgressScreen
from tutor.app.screens.roadmap import RoadmapScreen
from tutor.app.widgets.question import ChoiceList, QuestionPrompt, QuestionView
from tutor.checking import display_order

SIZE = (80, 24)


def app_for(home: Path, **kwargs):
    return make_app(home=home, content=FIXTURE_COURSE, **kwargs)


def feedback_text(app) -> str:
    return app.screen.query_one("#feedback", Markdown).source


async def test_a_lesson_from_start_to_finish(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
        roadmap = app.screen.query_one("#roadmap", OptionList)
        assert roadmap.highlighted_option.id == "first"  # nothing done yet: the first lesson
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.index == 0
        assert "1/6" in str(screen.query_one("#lesson-position").render())
        await pilot.press("n")
        await pilot.pause()
        # q-single: move to the right choice in its shuffled order and pick it
        right_row = display_order("q-single", 3).index(0)
        assert isinstance(app.focused, OptionList)
        for _ in range(right_row):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ Right" in feedback_text(app)
        assert "The right one is right." in feedback_text(app)
        await pilot.press("n", "n")
        await pilot.pause()
        await pilot.press(*"75%", "enter")
        await pilot.pause()
        assert "✓ Right" in feedback_text(app)
        await pilot.press("n", "n")
        await pilot.pause()
        assert screen.index == 5
        assert "Summary" in screen.query_one(Markdown).source
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
    store = app.learner.store
    assert store.lesson_states()["first"].status == "done"
    assert store.first_attempts() == {"q-single": "right", "q-numeric": "right"}


async def test_a_wrong_answer_shows_feedback_and_allows_a_retry(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(app.learner.course.lessons["first"], 3)
        await pilot.pause()
        await pilot.press(*"0.5", "enter")
        await pilot.pause()
        assert "✗ Not quite" in feedback_text(app) and "too low" in feedback_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"3/4", "enter")
        await pilot.pause()
        assert "✓ Right" in feedback_text(app)
        await pilot.press(*"abc")  # not a number: explained, not recorded
    answers = app.learner.store.answers()
    assert [(a.response, a.outcome, a.first_try) for a in answers] == [
        ("0.5", "wrong", True),
        ("3/4", "right", False),
    ]


async def test_quitting_mid_lesson_resumes_on_the_same_screen(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n", "b", "right", "right")
        await pilot.pause()
        assert app.screen.index == 2
        await pilot.press("ctrl+q")
    again = app_for(private_home)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        roadmap = again.screen.query_one("#roadmap", OptionList)
        assert roadmap.highlighted_option.id == "first"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, LessonScreen) and again.screen.index == 2


async def test_hints_come_one_at_a_time(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(app.learner.course.lessons["first"], 1)
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        hint = str(app.screen.query_one(".hint").render())
        assert "Hint 1: Not the wrong one." in hint


async def test_multi_choice_toggles_and_checks(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(app.learner.course.lessons["second"], 1)
        await pilot.pause()
        assert isinstance(app.focused, ChoiceList)
        order = display_order("q-multi", 3)
        for choice in order:
            if choice in (0, 2):
                await pilot.press("space")  # ticks
            await pilot.press("down")
        await pilot.press("enter")  # checks
        await pilot.pause()
        assert "✓ Right" in feedback_text(app)


async def test_written_check_shows_concepts_and_model_answer(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(app.learner.course.lessons["phase-1-written"], 0)
        await pilot.pause()
        assert isinstance(app.focused, QuestionPrompt)  # so that n/b still move on
        await pilot.press("enter")
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"Spammers adapt all the time.", "ctrl+s")
        await pilot.pause()
        text = feedback_text(app)
        assert "✓ Right" in text
        assert "Ideas you showed:** the world changes" in text
        assert "Ideas missing:** rules are written by hand" in text
        assert "A model answer:** Hand-written rules break" in text


async def test_help_and_progress_screens(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Progress" in help_text and "Ctrl+Q" in help_text.replace("ctrl+q", "Ctrl+Q")
        await pilot.press("escape")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_q_types_into_an_answer_box_instead_of_quitting(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(app.learner.course.lessons["second"], 4)  # q-text
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        assert app.screen.query_one(QuestionView).query_one("#answer").value == "q"


async def test_quiz_command_opens_the_quiz_from_the_start(private_home: Path) -> None:
    from tutor.learner import Learner

    learner = Learner.open(FIXTURE_COURSE, private_home)
    learner.store.set_position("phase-1-quiz", 3)
    app = make_app(learner=learner, open_lesson=learner.quiz_for("1"), from_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "phase-1-quiz" and app.screen.index == 0


async def test_command_palette_goes_to_a_lesson(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"second")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "second"


async def test_escape_leaves_an_answer_box_before_it_leaves_the_lesson(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(app.learner.course.lessons["first"], 3)  # q-numeric: an Input
        await pilot.pause()
        await pilot.press("enter", "n")  # a letter in the box, not "next"
        assert app.screen.index == 3
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.index == 4
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)


async def test_back_on_the_roadmap_the_lesson_just_left_is_highlighted(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(app.learner.course.lessons["second"], 0)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        roadmap = app.screen.query_one("#roadmap", OptionList)
        assert roadmap.highlighted_option.id == "second"


async def test_square_brackets_in_content_are_shown_not_parsed(
    course_dir: Path, private_home: Path
) -> None:
    bank = course_dir / "quizzes/bank.yaml"
    bank.write_text(
        bank.read_text().replace(
            "- text: The right one", "- text: 'np.percentile(s, [2.5, 97.5]) [/b]'"
        )
    )
    lesson = course_dir / "lessons/phase-1/01-first.yaml"
    lesson.write_text(
        lesson.read_text().replace("title: The first lesson", "title: '[bold]First[/]'")
    )
    app = make_app(home=private_home, content=course_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        roadmap = app.screen.query_one("#roadmap", OptionList)
        assert "[bold]First[/]" in str(roadmap.get_option("first").prompt)
        app.open_lesson(app.learner.course.lessons["first"], 1)
        await pilot.pause()
        choices = app.screen.query_one(QuestionView).query_one(OptionList)
        prompts = [str(choices.get_option_at_index(i).prompt) for i in range(3)]
        assert any("np.percentile(s, [2.5, 97.5]) [/b]" in p for p in prompts)


async def test_glossary_searches_as_you_type(private_home: Path) -> None:
    from textual.widgets import Static

    from tutor.app.screens.glossary import GlossaryScreen

    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press(*"second letter")
        await pilot.pause()
        shown = str(app.screen.query_one("#glossary-entries", Static).render())
        assert "beta" in shown and "alpha" not in shown.split("beta")[0]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)


async def test_an_answer_the_grader_is_unsure_of_is_judged_by_the_learner(
    private_home: Path,
) -> None:
    """Issue 9: never a silent pass. The grader says it is unsure, shows the model answer
    and the ideas it could not find, and the learner's own verdict is recorded as such."""
    app = make_app(home=private_home)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(app.learner.course.lessons["phase-1-written"], 0)
        await pilot.pause()
        await pilot.press("enter")
        app.focused.insert(UNSURE_TICKETS_ANSWER)  # type: ignore[union-attr]
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = feedback_text(app)
        assert "? Judge it yourself" in text
        assert "Ideas missing:** The risk" in text
        assert "A model answer:**" in text
        judge = app.screen.query_one("#judge", ChoiceList)
        assert app.focused is judge
        [record] = app.learner.store.answers()
        assert record.outcome == "unsure"  # saved before the learner judged
        await pilot.press("down", "enter")  # "partly right"
        await pilot.pause()
        assert not app.screen.query("#judge")
        assert "(your own judgement)" in feedback_text(app)
        [record] = app.learner.store.answers()
        assert (record.outcome, record.judged_by, record.score) == ("partial", "self", 0.25)
