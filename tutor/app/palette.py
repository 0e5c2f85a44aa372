"""Textual's command palette, made safe for keys that arrive together.

Textual 8.2.8's palette crashes the app when a paste, key repeat or an SSH batch
delivers several keys before it has settled: two Enters select twice and dismiss
twice (`ScreenStackError`), and a search still running after the palette closed
looks for its vanished list (`NoMatches`). This subclass makes closing idempotent
and ignores whatever arrives after it started to close.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from textual import on, work
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Button, Input, OptionList


class SafeCommandPalette(CommandPalette):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.closing = False

    @property
    def _gone(self) -> bool:
        return self.closing or not self.is_attached

    def dismiss(self, result: None = None) -> AwaitComplete:
        if self.closing or self.app.screen is not self:
            self.closing = True
            return AwaitComplete(asyncio.sleep(0))  # already on its way out: nothing to pop
        self.closing = True
        return super().dismiss(result)

    # Runs before CommandPalette's own handlers (subclass first in the MRO);
    # prevent_default() keeps theirs from running a second selection.
    @on(Input.Submitted)
    @on(Input.Changed)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _ignore_once_closing(self, event: Message) -> None:
        if self.closing:
            event.stop()
            event.prevent_default()

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        try:
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]
        except NoMatches:
            if not self._gone:
                raise

    def _watch__list_visible(self) -> None:
        if not self._gone:
            super()._watch__list_visible()

    def _watch__show_busy(self) -> Coroutine[Any, Any, None] | None:  # type: ignore[override]
        # a plain function: once the palette is gone no coroutine is made that nobody awaits
        if self._gone:
            return None
        return super()._watch__show_busy()  # Textual awaits what a watcher returns
