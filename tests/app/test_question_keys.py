"""Pilot tests at 80×24 for answering questions: choices that wrap, one key to submit, one
for hints, typed answers that do not swallow n/b, feedback in view, no retry after a reveal."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Markdown, TextArea

from tests.conftest import FIXTURE_COURSE
from tutor.app import make_app
from tutor.app.screens.lesson import LessonScreen
from tutor.app.screens.roadmap import RoadmapScreen
from tutor.app.widgets.question import (
    TICKED,
    UNTICKED,
    ChoiceList,
    QuestionPrompt,
    QuestionView,
)
from tutor.checking import display_order
from tutor.present import APP_INSTRUCTIONS as _INSTRUCTIONS

SIZE = (80, 24)
LONG_CHOICE = (
    "Two, because it divides by two without a remainder, which is what makes a number "
    "even, whatever its size — the last words decide the answer"
)
LONG_PROMPT = "\n".join(
    f"      - Line {n} of a question that takes a lot of room." for n in range(14)
)


def feedback_text(app) -> str:
    return app.screen.query_one("#feedback", Markdown).source


def rendered_lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


def shown_in(widget, outer) -> bool:
    """The whole of `widget` is inside what `outer` shows on screen."""
    region = widget.region
    return bool(region.height) and outer.region.contains_region(region)


def long_choice_course(course_dir: Path) -> Path:
    bank = course_dir / "quizzes/bank.yaml"
    text = bank.read_text()
    text = text.replace(
        '{text: "2", correct: true, why: 2 is even.}',
        f'{{text: "{LONG_CHOICE}", correct: true, why: 2 is even.}}',
    )
    text = text.replace("prompt: Which is right?", f"prompt: |\n{LONG_PROMPT}")
    bank.write_text(text)
    return course_dir


async def open_screen(pilot, lesson: str, index: int) -> None:
    app = pilot.app
    app.open_lesson(app.learner.course.lessons[lesson], index)
    await pilot.pause()


# -- 6: multiple choice wraps, and ticked differs from unticked in shape -------------------


async def test_a_long_multi_choice_shows_whole_and_ticks_differ_in_shape(
    course_dir: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=long_choice_course(course_dir))
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "second", 1)  # q-multi
        choices = app.screen.query_one(ChoiceList)
        assert shown_in(choices, app.screen.query_one("#lesson-body"))
        lines = rendered_lines(choices)
        assert not any("…" in line for line in lines)
        shown = " ".join(" ".join(lines).split())
        assert LONG_CHOICE in shown  # wrapped, not cut
        await pilot.press("space")
        await pilot.pause()
        lines = [line.strip() for line in rendered_lines(choices) if line.strip()]
        assert lines[0].startswith(f"{TICKED} 1.")
        assert sum(line.startswith(UNTICKED) for line in lines) == 2
        assert set(TICKED) != set(UNTICKED)  # another character, not only another colour


# -- 7: the feedback comes into view; page keys scroll the page from the choices ------------


async def test_feedback_scrolls_into_view_after_answering(
    course_dir: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=long_choice_course(course_dir))
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "first", 1)  # q-single with a long prompt
        body = app.screen.query_one("#lesson-body")
        feedback = app.screen.query_one("#feedback", Markdown)
        assert not shown_in(feedback, body)  # below the fold before answering
        for _ in range(display_order("q-single", 3).index(0)):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "✓ Right" in feedback.source
        assert shown_in(feedback, body)


async def test_page_keys_scroll_the_page_while_the_choices_have_the_focus(
    course_dir: Path, private_home: Path
) -> None:
    app = make_app(home=private_home, content=long_choice_course(course_dir))
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "first", 1)
        body = app.screen.query_one("#lesson-body")
        choices = app.screen.query_one(ChoiceList)
        assert app.focused is choices
        highlighted = choices.highlighted
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause(0.3)
        assert body.scroll_y > 0
        await pilot.press("end")
        await pilot.pause(0.3)
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("pageup", "home")
        await pilot.pause(0.3)
        assert body.scroll_y == 0
        assert choices.highlighted == highlighted == 0  # the page moved, not the choice
        assert app.focused is choices
        await pilot.press("end")
        await pilot.pause(0.3)
        await pilot.press("up")  # past the first choice: the page scrolls towards the prompt
        await pilot.pause(0.3)
        assert body.scroll_y == body.max_scroll_y - 1 and choices.highlighted == 0


# -- 13: Enter submits every kind but the written one; Ctrl+T hints everywhere --------------


async def test_enter_checks_multiple_choice_and_space_ticks(private_home: Path) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "second", 1)  # q-multi
        await pilot.press("enter")
        await pilot.pause()
        assert "Tick at least one choice" in feedback_text(app)
        order = display_order("q-multi", 3)
        for choice in order:
            if choice in (0, 2):
                await pilot.press("space")
            await pilot.press("down")
        await pilot.press("c")  # no longer a key of its own
        await pilot.pause()
        assert "Right" not in feedback_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ Right" in feedback_text(app)


async def test_written_answers_take_enter_as_a_new_line_and_ctrl_s_submits(
    private_home: Path,
) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "phase-1-written", 0)
        await pilot.press("enter", *"Spammers adapt.", "enter", *"So rules break.")
        await pilot.pause()
        box = app.screen.query_one(TextArea)
        assert box.text == "Spammers adapt.\nSo rules break."
        assert feedback_text(app) == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "✓ Right" in feedback_text(app)
    assert "Ctrl+S" in _INSTRUCTIONS["written"] and "new line" in _INSTRUCTIONS["written"]


def test_the_instructions_name_the_keys_that_work() -> None:
    assert "Space" in _INSTRUCTIONS["multi"] and "Enter" in _INSTRUCTIONS["multi"]
    assert "press c" not in " ".join(_INSTRUCTIONS.values())
    for kind in ("numeric", "text", "order"):
        assert "Enter" in _INSTRUCTIONS[kind] and "Esc leaves the box" in _INSTRUCTIONS[kind]


def footer_actions(app) -> list[str]:
    """What the footer offers right now (the footer itself, not the bindings behind it)."""
    return [key.action for key in app.screen.query("FooterKey")]


def hint_in_footer(app) -> bool:
    active = app.screen.active_bindings.get("ctrl+t")
    shown = active is not None and active.enabled and active.binding.show
    return shown and "hint" in footer_actions(app)


async def test_ctrl_t_gives_a_hint_in_every_kind_and_the_footer_shows_it(
    private_home: Path, course_dir: Path
) -> None:
    bank = course_dir / "quizzes/bank.yaml"
    text = bank.read_text()
    for qid in ("q-multi", "q-order", "q-text", "q-written"):
        text = text.replace(f"id: {qid}\n", f"id: {qid}\n    hints: [A hint for {qid}.]\n")
    bank.write_text(text)
    app = make_app(home=private_home, content=course_dir)
    screens = [
        ("first", 1, "q-single", []),
        ("second", 1, "q-multi", []),
        ("second", 3, "q-order", ["enter"]),  # typing in the box
        ("second", 4, "q-text", ["enter", "x"]),
        ("phase-1-written", 0, "q-written", ["enter", "x"]),
    ]
    async with app.run_test(size=SIZE) as pilot:
        for lesson, index, qid, keys in screens:
            await open_screen(pilot, lesson, index)
            await pilot.press(*keys)
            await pilot.pause()
            assert hint_in_footer(app), qid
            await pilot.press("ctrl+t")
            await pilot.pause()
            hint = str(app.screen.query_one(".hint").render())
            assert hint.startswith("Hint 1:"), qid
            await pilot.press("escape")  # out of the box, if any
            await pilot.press("escape")  # back to the roadmap
            await pilot.pause()
            assert isinstance(app.screen, RoadmapScreen), qid


async def test_a_question_without_hints_says_so_and_the_footer_does_not_offer_one(
    private_home: Path,
) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "first", 3)  # q-numeric has no hints
        assert not hint_in_footer(app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "no hints" in str(app.screen.query_one(".hint").render())


# -- 14: a typed answer starts from the question, so n/b/←/→ still move ---------------------


async def test_a_typed_answer_does_not_swallow_the_navigation_keys(private_home: Path) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "first", 3)  # q-numeric
        screen = app.screen
        assert isinstance(app.focused, QuestionPrompt)
        await pilot.press("n")
        await pilot.pause()
        assert screen.index == 4
        await pilot.press("b", "left", "right")
        await pilot.pause()
        assert screen.index == 3
        assert isinstance(app.focused, QuestionPrompt)
        await pilot.press("7")  # a character starts the answer, and lands in the box
        await pilot.pause()
        box = screen.query_one(QuestionView).query_one("#answer", Input)
        assert app.focused is box and box.value == "7"
        await pilot.press("5", "%", "enter")
        await pilot.pause()
        assert "✓ Right" in feedback_text(app)
    assert [a.response for a in app.learner.store.answers()] == ["75%"]


async def test_a_typed_answer_that_arrives_in_one_burst_lands_whole_and_is_checked(
    private_home: Path,
) -> None:
    from tests.app.test_never_crash import burst, settle

    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "first", 3)  # q-numeric
        burst(app, *"0.75", "enter")  # as a fast typist or a paste delivers them
        await settle(pilot)
        assert app.screen.query_one("#answer", Input).value == "0.75"
        assert "✓ Right" in feedback_text(app)
        await pilot.press("escape")  # the prompt has the focus again: Esc leaves the lesson
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
    assert [a.response for a in app.learner.store.answers()] == ["0.75"]


async def test_enter_starts_the_answer_and_escape_leaves_the_box_before_the_lesson(
    private_home: Path,
) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "second", 4)  # q-text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"nb")  # letters while typing
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.index == 4
        assert isinstance(app.focused, QuestionPrompt)
        assert app.screen.query_one("#answer", Input).value == "nb"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)


async def test_choices_take_the_focus_and_leave_n_and_b_alone(private_home: Path) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "second", 1)
        assert isinstance(app.focused, ChoiceList)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.index == 2


# -- 16: no "try again" once the answer is out ----------------------------------------------


async def test_no_retry_once_the_feedback_gives_the_answer_away(private_home: Path) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "second", 1)  # q-multi: the feedback lists what was missed
        wrong_row = display_order("q-multi", 3).index(1)
        for _ in range(wrong_row):
            await pilot.press("down")
        await pilot.press("space", "enter")
        await pilot.pause()
        text = feedback_text(app)
        assert "✗ Not quite" in text and "missed: 2" in text
        assert "Try again" not in text
        assert "Even numbers divide by two." in text  # the explanation comes with the answer
        view = app.screen.query_one(QuestionView)
        assert view.settled
        assert isinstance(app.focused, QuestionPrompt)
        await pilot.press("space", "enter")  # no second try: Enter moves on
        await pilot.pause()
        assert app.screen.index == 2
    assert len(app.learner.store.answers()) == 1


async def test_a_wrong_pick_keeps_the_answer_back_until_asked(private_home: Path) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "first", 1)  # q-single
        wrong_row = display_order("q-single", 3).index(1)
        for _ in range(wrong_row):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        text = feedback_text(app)
        assert "Because it is wrong." in text and "Try again" in text
        assert "The right one is right." not in text  # the explanation would give it away
        assert "show_answer" in footer_actions(app) and hint_in_footer(app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "show_answer" not in footer_actions(app) and not hint_in_footer(app)
        text = feedback_text(app)
        assert "The answer:** The right one" in text and "The right one is right." in text
        assert "Try again" not in text
        assert app.screen.query_one(QuestionView).settled
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.index == 2
    assert [a.first_try for a in app.learner.store.answers()] == [True]


async def test_a_wrong_number_keeps_the_explanation_back_until_the_answer_is_asked_for(
    private_home: Path,
) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "first", 3)  # q-numeric
        await pilot.press(*"0.5", "enter")
        await pilot.pause()
        assert "too low" in feedback_text(app) and "Three quarters" not in feedback_text(app)
        await pilot.press("escape")  # the question has the focus; Ctrl+O works from there too
        await pilot.pause()
        assert "show_answer" in footer_actions(app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        text = feedback_text(app)
        assert "The answer:** 0.75" in text and "Three quarters is 0.75." in text
        assert "show_answer" not in footer_actions(app)
        box = app.screen.query_one("#answer", Input)
        await pilot.press(*"3/4", "enter")  # no second try once the answer is out: Enter moves on
        await pilot.pause()
        assert box.value == "0.5" and app.screen.index == 4
    assert [a.response for a in app.learner.store.answers()] == ["0.5"]


async def test_help_names_the_answer_keys_of_the_question_on_screen(private_home: Path) -> None:
    from tutor.app.screens.help import HelpScreen

    app = make_app(home=private_home, content=FIXTURE_COURSE)
    async with app.run_test(size=SIZE) as pilot:
        for lesson, index, wanted, unwanted in [
            ("second", 1, ["Tick or untick", "Check the ticked choices"], ["Pick the high"]),
            ("first", 1, ["Pick the highlighted choice"], ["Tick or untick"]),
            ("first", 3, ["Type your answer"], ["Tick or untick"]),
        ]:
            await open_screen(pilot, lesson, index)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = " ".join(str(s.render()) for s in app.screen.query("Static"))
            assert all(w in text for w in wanted), (lesson, index, text)
            assert not any(u in text for u in unwanted), (lesson, index, text)
            await pilot.press("escape", "escape")
            await pilot.pause()
