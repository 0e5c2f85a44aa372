"""The first screen: the ten phases, their lessons and where the learner stands."""

from __future__ import annotations

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tutor.app.app import TutorApp
from tutor.app.widgets.footer import TutorFooter
from tutor.content.model import Phase
from tutor.present import STATUS_MARK, phase_progress, status_label

_KIND_LABEL = {"quiz": "quiz", "exercises": "code", "written": "written", "resources": "reading"}


PHASE_PREFIX = "@phase-"  # option ids of phase headers (no lesson id starts with "@")


class RoadmapList(OptionList):
    """The roadmap's list: phase headers can be highlighted too; Home/End go to the first
    and last phase."""

    def _phase_rows(self) -> list[int]:
        return [
            i
            for i in range(self.option_count)
            if (self.get_option_at_index(i).id or "").startswith(PHASE_PREFIX)
        ]

    def action_first(self) -> None:  # Home
        rows = self._phase_rows()
        if rows:
            self.highlighted = rows[0]
            self.scroll_to(y=0, animate=False)

    def action_last(self) -> None:  # End
        rows = self._phase_rows()
        if rows:
            self.highlighted = rows[-1]


class RoadmapScreen(Screen[None]):
    app = getters.app(TutorApp)  # `self.app` typed as ours: its learner, open_lesson

    HELP_NOTES = [
        ("↑, ↓", "Move through phases and lessons"),
        ("Enter", "Open a lesson (on a phase: go to its first lesson)"),
        ("Home, End", "First or last phase"),
    ]
    BINDINGS = [
        Binding("p", "progress", "Progress"),
        Binding("c", "continue", "Continue"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Your roadmap — pick a lesson and press Enter", id="roadmap-title")
        yield RoadmapList(id="roadmap")
        yield Static(id="roadmap-detail", markup=False)
        yield TutorFooter()

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
        best = learner.store.best_quiz_scores()
        roadmap = self.query_one("#roadmap", OptionList)
        options: list[Option | None] = []
        # Text, not markup: a title may hold square brackets
        for phase in course.phases:
            label = f"Phase {phase.number} · {phase.title}"
            if phase.lessons:
                progress = phase_progress(phase, statuses, "█", "░")
                header = Text.assemble((f"{label:<50}", "bold"), " ", progress)
            else:
                header = Text.assemble((label, "bold"), " ", ("— no lessons yet", "italic"))
            options.append(Option(header, id=f"{PHASE_PREFIX}{phase.number}"))
            for item in course.roadmap(phase.number):
                kind = f" ({_KIND_LABEL[item.kind]})" if item.kind in _KIND_LABEL else ""
                if item.id in best:
                    right, asked = best[item.id]
                    kind = f" (quiz · best {right}/{asked}, {round(100 * right / asked)}%)"
                mark = STATUS_MARK[statuses[item.id]]
                options.append(Option(Text(f"  {mark} {item.title}{kind}"), id=item.id))
        roadmap.clear_options()
        roadmap.add_options(options)
        # the lesson just left (or, once it is done, the next one to take)
        suggestion = learner.continue_lesson()
        target = suggestion.id if suggestion else None
        if target:
            roadmap.highlighted = roadmap.get_option_index(target)
        roadmap.focus()

    def _phase_of(self, option_id: str | None) -> Phase | None:
        if not option_id or not option_id.startswith(PHASE_PREFIX):
            return None
        number = int(option_id.removeprefix(PHASE_PREFIX))
        return next((p for p in self.app.learner.course.phases if p.number == number), None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        lesson = self.app.learner.course.lessons.get(event.option_id or "")
        detail = self.query_one("#roadmap-detail", Static)
        phase = self._phase_of(event.option_id)
        if phase is not None:
            count = len(phase.lessons)
            state = f"{count} lessons" if count else "no lessons yet"
            detail.update(f"Phase {phase.number} · {state}\n{phase.about}".rstrip())
            return
        if lesson is None:
            detail.update("")
            return
        status = status_label(self.app.learner.status(lesson.id))
        parts = [f"{lesson.screen_count} screens", status]
        if lesson.minutes:
            parts.insert(0, f"~{lesson.minutes} min")
        objectives = self.app.learner.course.objectives
        goals = " ".join(objectives[o].text for o in lesson.objectives if o in objectives)
        detail.update(" · ".join(parts) + (f"\n{goals}" if goals else ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.app.screen is not self:
            return  # keys that arrived together: another screen already took over
        if self._phase_of(event.option_id) is not None:
            roadmap = self.query_one("#roadmap", OptionList)  # a header: go to its first item
            index = event.option_index + 1
            if index < roadmap.option_count and not (
                roadmap.get_option_at_index(index).id or ""
            ).startswith(PHASE_PREFIX):
                roadmap.highlighted = index
            return
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
