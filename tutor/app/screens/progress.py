"""The progress screen: lessons done, mastery per objective, time and days active."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from tutor.progress.report import build_report, report_text


class ProgressScreen(Screen[None]):
    BINDINGS = [Binding("escape,p", "app.pop_screen", "Roadmap")]

    def compose(self) -> ComposeResult:
        report = build_report(self.app.learner.course, self.app.learner.store)
        with VerticalScroll(id="progress-body"):
            yield Static("Your progress", id="progress-title")
            yield Static(report_text(report, "█", "░"), markup=False)
            yield Static(
                "Mastery = share of an objective's questions right on the first try.\n"
                "Export it with `mltutor progress --json` or `--csv`.",
                classes="muted",
                markup=False,
            )
        yield Footer()
