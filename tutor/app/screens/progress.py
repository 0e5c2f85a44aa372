"""The progress screen: lessons done, mastery per objective, time and days active."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tutor.app.app import TutorApp
from tutor.app.widgets.footer import TutorFooter


class ProgressScreen(Screen[None]):
    app = getters.app(TutorApp)  # `self.app` typed as ours: its learner, open_lesson

    BINDINGS = [Binding("escape,p", "app.pop_screen", "Roadmap")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="progress-body"):
            yield Static("Your progress", id="progress-title")
            yield Static(self.app.learner.progress_text("█", "░"), markup=False)
            yield Static(
                "Mastery = share of an objective's questions right on the first try, plus half\n"
                "for each one missed at first that its latest review got right.\n"
                "Export it with `mltutor progress --json` or `--csv`.",
                classes="muted",
                markup=False,
            )
        yield TutorFooter()
