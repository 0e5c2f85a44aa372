"""Keys that arrive together (a paste, key repeat, SSH batching) never crash the app.

`burst` hands several keys to the driver in one go, as a terminal does when they
arrive in one write; `pilot.press` would instead wait for the app to settle between keys.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from textual import events
from textual.command import CommandPalette

from tests.conftest import FIXTURE_COURSE
from tutor.app import make_app
from tutor.app.screens.lesson import LessonScreen
from tutor.app.screens.roadmap import RoadmapScreen

SIZE = (80, 24)


def app_for(home: Path, **kwargs):
    return make_app(home=home, content=FIXTURE_COURSE, **kwargs)


def burst(app, *keys: str) -> None:
    """Deliver `keys` back to back, without letting the app settle in between."""
    for key in keys:
        char = {"enter": "\r", "escape": "\x1b", "space": " ", "tab": "\t"}.get(key)
        if char is None and len(key) == 1:
            char = key
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def settle(pilot, times: int = 4) -> None:
    for _ in range(times):
        await pilot.pause(0.05)


def palettes(app) -> list:
    return [s for s in app.screen_stack if isinstance(s, CommandPalette)]


async def test_two_enters_in_the_palette_open_the_lesson_once(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"second lesson")
        await settle(pilot)
        burst(app, "enter", "enter")
        await settle(pilot, 8)
        assert not palettes(app)
        lessons = [s for s in app.screen_stack if isinstance(s, LessonScreen)]
        assert len(lessons) == 1
    assert app.return_code in (0, None)


async def test_enter_and_palette_together_leave_no_hidden_palette(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "enter", "ctrl+p")
        await settle(pilot, 8)
        # whatever won, no palette may sit hidden under the lesson
        hidden = [s for s in palettes(app) if s is not app.screen]
        assert not hidden
        burst(app, "escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await settle(pilot)
    assert app.return_code in (0, None)


async def test_a_search_finishing_after_the_palette_closed(private_home: Path) -> None:
    """A search worker can outlive its palette (a key typed as it closes starts one):
    when it ends it refreshes the list, whose watcher looked up the vanished list."""
    from textual.command import CommandList

    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", "f")
        await settle(pilot)
        palette = app.screen
        command_list = palette.query_one(CommandList)
        await pilot.press("escape")
        await settle(pilot)
        assert not palette.is_attached
        # what the worker does last, with its palette gone
        palette._refresh_command_list(command_list, [], True)
        palette._show_busy = True
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, RoadmapScreen)
    assert app.return_code in (0, None)


async def test_enter_enter_on_the_roadmap_opens_the_lesson_once(private_home: Path) -> None:
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "enter", "enter")
        await settle(pilot, 8)
        assert isinstance(app.screen, LessonScreen)
        assert sum(isinstance(s, LessonScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RoadmapScreen)


# keys a learner can reach, quitting aside; bursts of them across every screen
_FUZZ_KEYS = [
    "enter", "enter", "escape", "n", "b", "left", "right", "up", "down", "pagedown",
    "pageup", "home", "end", "tab", "space", "ctrl+p", "question_mark", "g", "p", "c",
    "r", "h", "ctrl+t", "ctrl+s", "ctrl+r", "1", "2", "x", "s", "e",
]  # fmt: skip


async def test_bursts_of_random_keys_never_crash_the_app(private_home: Path) -> None:
    rng = random.Random(7)
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(60):
            burst(app, *rng.choices(_FUZZ_KEYS, k=rng.randint(1, 6)))
            await pilot.pause(rng.choice([0, 0.01, 0.05]))
        await settle(pilot, 10)
        assert app.is_running, f"the app stopped: {app._exception!r}"
    assert app.return_code in (0, None)


async def test_bursts_in_the_palette_on_the_shipped_course(private_home: Path) -> None:
    keys = ["ctrl+p", "ctrl+p", "p", "h", "a", "s", "e", "enter", "enter", "escape", "down"]
    for seed in range(4):
        rng = random.Random(seed)
        app = make_app(home=private_home)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for _ in range(25):
                burst(app, *rng.choices(keys, k=rng.randint(1, 5)))
                await asyncio.sleep(rng.choice([0, 0.002, 0.02, 0.1]))
            await settle(pilot, 10)
            # typed letters can pick the palette's own "Quit" command (a clean exit, which
            # the bigger course made likelier); a crash would leave an exception
            assert app._exception is None, f"the app crashed: {app._exception!r}"
        assert app.return_code in (0, None)


async def test_keys_that_reach_a_lesson_before_it_is_drawn(private_home: Path) -> None:
    """Under load a key can arrive between the push of a lesson and its first draw."""
    app = app_for(private_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_lesson(app.learner.course.lessons["second"], 0)
        screen = app.screen
        assert isinstance(screen, LessonScreen) and not screen.query("#lesson-position")
        screen.action_next()  # what n, → or Enter do if they arrive now
        screen.action_previous()
        screen.action_skipped()
        await settle(pilot)
        assert screen.index == 0 and app.screen is screen
        screen.action_leave()
        await settle(pilot)
        assert isinstance(app.screen, RoadmapScreen)
    assert app.return_code in (0, None)


async def test_the_palette_keeps_textual_s_own_commands(private_home: Path) -> None:
    from textual.app import App

    app = app_for(private_home)
    assert App.COMMANDS <= app.COMMANDS and len(app.COMMANDS) > len(App.COMMANDS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause(0.5)
        from textual.command import CommandList

        hits = app.screen.query_one(CommandList)
        labels = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert any("theme" in label.lower() for label in labels), labels


async def test_a_queued_lab_start_after_the_panel_is_gone_or_not_yet_built() -> None:
    """Found by the palette fuzz in CI: a predict question queues `panel.start` after a
    refresh; by then the learner may have left (panel detached) or the panel may not be
    composed yet. Neither may crash."""
    from textual.app import App

    from tutor.app.widgets.lab_panel import LabPanel
    from tutor.labs import require_lab

    spec = require_lab("activations")
    detached = LabPanel(spec, {})
    detached.start(detached.values)  # never mounted: ignored, no NoMatches

    class Host(App[None]):
        pass

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = LabPanel(spec, {})
        await app.mount(panel)
        await pilot.pause()
        await panel.remove()
        panel.start(panel.values)  # removed before its queued start: ignored
        await pilot.pause()
