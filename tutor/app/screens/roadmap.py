"""The first screen: the review queue, the ten phases, their lessons and where the learner
stands (done, and mastery as a small bar)."""

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
from tutor.present import (
    STATUS_MARK,
    mastery_text,
    phase_progress,
    review_detail,
    review_row,
    status_label,
)

_KIND_LABEL = {"quiz": "quiz", "exercises": "code", "written": "written", "resources": "reading"}


PHASE_PREFIX = "@phase-"  # option ids of phase headers (no lesson id starts with "@")
REVIEW_OPTION = "@review"  # the first line: the review queue
MASTERY_COLUMN = 62  # where mastery bars start, on phase and lesson lines alike


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
        ("Enter", "Open a lesson (on a phase: go to its first lesson; on Review: review)"),
        ("Home, End", "First or last phase"),
    ]
    BINDINGS = [
        Binding("p", "progress", "Progress"),
        Binding("c", "app.continue", "Continue"),
        Binding("r", "app.open_review", "Review"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Your roadmap — pick a lesson and press Enter", id="roadmap-title")
        yield RoadmapList(id="roadmap")
        yield Static(id="roadmap-detail", markup=False)
        yield TutorFooter()

    AUTO_FOCUS = "#roadmap"
    _mastery: dict[str, float] = {}  # lesson or "phase-N" → mastery, set by refresh_roadmap

    def on_mount(self) -> None:
        self._shown = False
        self.refresh_roadmap()

    def on_screen_resume(self) -> None:
        if self._shown:  # back from a lesson: states and progress have changed
            self.refresh_roadmap(first=False)
        self._shown = True

    def refresh_roadmap(self, first: bool = True) -> None:
        learner = self.app.learner
        course = learner.course
        statuses = learner.statuses()
        best = learner.store.best_quiz_scores()
        mastery = self._mastery = learner.mastery()
        summary = learner.review_summary()
        roadmap = self.query_one("#roadmap", OptionList)
        due = summary.due_now and summary.left_today
        options: list[Option | None] = [
            Option(Text(review_row(summary), style="bold" if due else ""), id=REVIEW_OPTION)
        ]
        # Text, not markup: a title may hold square brackets
        for phase in course.phases:
            label = f"Phase {phase.number} · {phase.title}"
            if phase.lessons:
                progress = phase_progress(phase, statuses, "█", "░")
                header = Text.assemble((f"{label:<44}", "bold"), " ", progress)
                known = mastery.get(f"phase-{phase.number}")
                if known is not None:
                    header.pad_right(MASTERY_COLUMN - header.cell_len)
                    header.append(" " + mastery_text(known, "█", "░"))
            else:
                header = Text.assemble((label, "bold"), " ", ("— no lessons yet", "italic"))
            options.append(Option(header, id=f"{PHASE_PREFIX}{phase.number}"))
            for item in course.roadmap(phase.number):
                kind = f" ({_KIND_LABEL[item.kind]})" if item.kind in _KIND_LABEL else ""
                if item.id in best:
                    right, asked = best[item.id]
                    kind = f" (quiz · best {right}/{asked}, {round(100 * right / asked)}%)"
                mark = STATUS_MARK[statuses[item.id]]
                row = f"  {mark} {item.title}{kind}"
                known = mastery.get(item.id)
                if known is not None:
                    row = f"{row:<{MASTERY_COLUMN}} {mastery_text(known, '█', '░')}"
                options.append(Option(Text(row), id=item.id))
        roadmap.clear_options()
        roadmap.add_options(options)
        # on start, Review when questions are due (settings: start_on_review); otherwise the
        # lesson just left (or, once it is done, the next one to take)
        suggestion = learner.continue_lesson()
        target = suggestion.id if suggestion else None
        if first and due and learner.settings.start_on_review:
            target = REVIEW_OPTION
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
        if event.option_id == REVIEW_OPTION:
            detail.update(review_detail(self.app.learner.review_summary()))
            return
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
        known = self._mastery.get(lesson.id)
        if known is not None:
            parts.append(f"mastery {known:.0%}")
        objectives = self.app.learner.course.objectives
        goals = " ".join(objectives[o].text for o in lesson.objectives if o in objectives)
        detail.update(" · ".join(parts) + (f"\n{goals}" if goals else ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.app.screen is not self:
            return  # keys that arrived together: another screen already took over
        if event.option_id == REVIEW_OPTION:
            self.app.action_open_review()
            return
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

    def action_progress(self) -> None:
        from tutor.app.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen())
