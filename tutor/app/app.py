"""The Textual application: the roadmap first, lessons and progress on top of it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from tutor.content.model import Lesson
from tutor.learner import Learner

if TYPE_CHECKING:
    from textual.command import Provider

    from tutor.app.screens.roadmap import RoadmapScreen


def write_crash_log(folder: Path, error: BaseException) -> Path | None:
    """`crash-TIME.log` in the data folder: the traceback and the versions in use."""
    import platform
    import time
    import traceback

    import textual

    from tutor import __version__

    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}.log"
    details = "".join(traceback.format_exception(error))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"mltutor {__version__}, textual {textual.__version__}, "
            f"Python {platform.python_version()} on {platform.platform()}\n\n{details}",
            encoding="utf-8",
        )
    except OSError:
        return None
    return path


def _go_to_lesson() -> type[Provider]:
    """The palette's "go to lesson" commands, imported when the palette first opens."""
    from tutor.app.commands import GoToLesson

    return GoToLesson


class TutorApp(App[None]):
    """The tutor for one learner. A screen that needs the learner declares
    `app = getters.app(TutorApp)` (Textual's typed accessor), so that `self.app.learner`
    is checked; to a type checker a plain `self.app` is only an App."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "mltutor"
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("q", "quit", "Quit", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("g", "glossary", "Glossary"),
        Binding("ctrl+p", "command_palette", "Go to lesson", show=False),
    ]

    # Textual's own (keys, theme, quit) stay; ours is imported lazily to keep start-up light
    COMMANDS = App.COMMANDS | {_go_to_lesson}

    def __init__(
        self, learner: Learner, open_lesson: Lesson | None = None, from_start: bool = False
    ) -> None:
        super().__init__()
        self.learner: Learner = learner
        self._open_lesson = open_lesson
        self._from_start = from_start
        self.crash_log: Path | None = None  # where the details of a crash were written

    def _handle_exception(self, error: Exception) -> None:
        """Write an unexpected error's details to a file the learner can send us, then exit."""
        if self.crash_log is None:
            self.crash_log = write_crash_log(Path(self.learner.store.path).parent, error)
        super()._handle_exception(error)

    def get_default_screen(self) -> RoadmapScreen:
        """The roadmap is the bottom screen: everything else opens on top of it."""
        from tutor.app.screens.roadmap import RoadmapScreen

        return RoadmapScreen()

    def on_mount(self) -> None:
        if self.learner.warning:
            self.notify(self.learner.warning, title="Progress file", severity="warning", timeout=20)
        if self._open_lesson is not None:
            start = 0 if self._from_start else self.learner.resume_screen(self._open_lesson)
            self.open_lesson(self._open_lesson, start)

    def action_command_palette(self) -> None:
        """Open the (crash-safe) palette, unless one is already on the stack."""
        from textual.command import CommandPalette

        from tutor.app.palette import SafeCommandPalette

        if self.use_command_palette and not any(
            isinstance(screen, CommandPalette) for screen in self.screen_stack
        ):
            self.push_screen(SafeCommandPalette())  # no id: a closing one may linger a moment

    def open_lesson(self, lesson: Lesson, start: int | None = None) -> None:
        from textual.command import CommandPalette

        from tutor.app.screens.lesson import LessonScreen

        if isinstance(self.screen, CommandPalette):
            return  # a selection that was overtaken by Ctrl+P: the palette stays on top
        if isinstance(self.screen, LessonScreen) and self.screen.lesson.id == lesson.id:
            return  # a second Enter that arrived before the lesson was shown
        if start is None:
            start = self.learner.resume_screen(lesson)
        self.push_screen(LessonScreen(lesson, start))

    def action_open_review(self) -> None:
        """The due review; when none is due (or today's are done), practice; when there is
        nothing to review at all, say so."""
        learner = self.learner
        plan = learner.plan_review()
        for problem in plan.problems:
            self.notify(problem, title="Review", severity="warning", timeout=15)
        if plan.lesson is None:
            practice = learner.plan_review(practise=True)
            if practice.lesson is None:
                self.notify(plan.message, title="Review")
                return
            self.notify(plan.message, title="Practice")
            plan = practice
        assert plan.lesson is not None
        self.open_lesson(plan.lesson, 0)

    def action_continue(self) -> None:
        """The next best step (`c`): a due review, the unfinished lesson, the weakest
        objective's lesson or the next one; the reason is shown in one line."""
        step = self.learner.next_step()
        self.notify(step.reason, title="Continue", timeout=6)
        if step.kind == "review":
            self.action_open_review()
        elif step.lesson is not None:
            self.open_lesson(step.lesson)

    def action_glossary(self) -> None:
        from tutor.app.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen())

    def action_help(self) -> None:
        from tutor.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
