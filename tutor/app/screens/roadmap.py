"""The first screen: the ten phases, their lessons and where the learner stands."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tutor.progress.bar import bar

_STATUS_MARK = {"new": " ", "in_progress": "…", "done": "✓"}
_KIND_LABEL = {"quiz": "quiz", "written": "written", "resources": "reading"}


class RoadmapScreen(Screen[None]):
    BINDINGS = [
        Binding("p", "progress", "Progress"),
        Binding("c", "continue", "Continue"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Your roadmap — pick a lesson and press Enter", id="roadmap-title")
        yield OptionList(id="roadmap")
        yield Static(id="roadmap-detail", markup=False)
        yield Footer()

    AUTO_FOCUS = "#roadmap"

    def on_mount(self) -> None:
        self._shown = False
        self.refresh_roadmap()

    def on_screen_resume(self) -> None:
        if self._shown:  # back from a lesson: states and progress have changed
            self.refresh_roadmap()
        self._shown = True

    def refresh_roadmap(self) -> None:
        learner = self.app.learner
        course = learner.course
        statuses = learner.statuses()
        roadmap = self.query_one("#roadmap", OptionList)
        options: list[Option | None] = []
        # Text, not markup: a title may hold square brackets
        for phase in course.phases:
            label = f"Phase {phase.number} · {phase.title}"
            if phase.lessons:
                done = sum(1 for x in phase.lessons if statuses[x.id] == "done")
                progress = (
                    f"{bar(done / len(phase.lessons), 10, '█', '░')} {done}/{len(phase.lessons)}"
                )
                header = Text.assemble((f"{label:<50}", "bold"), " ", progress)
            else:
                header = Text.assemble((label, "bold"), " ", ("— no lessons yet", "italic"))
            options.append(Option(header, disabled=True))
            for item in course.roadmap(phase.number):
                kind = f" ({_KIND_LABEL[item.kind]})" if item.kind in _KIND_LABEL else ""
                mark = _STATUS_MARK[statuses[item.id]]
                options.append(Option(Text(f"  {mark} {item.title}{kind}"), id=item.id))
        roadmap.clear_options()
        roadmap.add_options(options)
        # the lesson just left (or, once it is done, the next one to take)
        suggestion = learner.continue_lesson()
        target = suggestion.id if suggestion else None
        if target:
            roadmap.highlighted = roadmap.get_option_index(target)
        roadmap.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        lesson = self.app.learner.course.lessons.get(event.option_id or "")
        detail = self.query_one("#roadmap-detail", Static)
        if lesson is None:
            detail.update("")
            return
        status = self.app.learner.status(lesson.id).replace("_", " ")
        parts = [f"{lesson.screen_count} screens", status]
        if lesson.minutes:
            parts.insert(0, f"~{lesson.minutes} min")
        objectives = self.app.learner.course.objectives
        goals = "; ".join(objectives[o].text for o in lesson.objectives if o in objectives)
        detail.update(" · ".join(parts) + (f"\n{goals}" if goals else ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.app.screen is not self:
            return  # keys that arrived together: another screen already took over
        lesson = self.app.learner.course.lessons.get(event.option_id or "")
        if lesson is not None:
            self.app.open_lesson(lesson)

    def action_continue(self) -> None:
        lesson = self.app.learner.continue_lesson()
        if lesson is not None:
            self.app.open_lesson(lesson)

    def action_progress(self) -> None:
        from tutor.app.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen())
