"""The glossary: every term the lessons introduce, searchable as you type."""

from __future__ import annotations

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from tutor.app.app import TutorApp
from tutor.app.widgets.footer import TutorFooter


class GlossaryScreen(Screen[None]):
    app = getters.app(TutorApp)  # `self.app` typed as ours: its learner, open_lesson

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]
    AUTO_FOCUS = "#glossary-search"

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._query = query

    def compose(self) -> ComposeResult:
        yield Static("Glossary — type to search terms and definitions", id="glossary-title")
        yield Input(self._query, placeholder="search, e.g. variance", id="glossary-search")
        yield VerticalScroll(Static(id="glossary-entries"), id="glossary-body")
        yield TutorFooter()

    def on_mount(self) -> None:
        self.show(self._query)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, query: str) -> None:
        course = self.app.learner.course
        entries = course.look_up(query)
        text = Text()
        for entry in entries:
            lesson = course.lessons.get(entry.lesson)
            text.append(entry.term, style="bold")
            if lesson:
                text.append(f"  · {lesson.title}", style="dim")
            text.append("\n" + entry.definition + "\n")
            if entry.see:
                text.append("See also: " + ", ".join(entry.see) + "\n", style="italic")
            text.append("\n")
        if not entries:
            text.append(f"No term matches '{query}'.")
        self.query_one("#glossary-entries", Static).update(text)
