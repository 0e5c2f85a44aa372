"""A lab inside a lesson: its knobs, a chart that fills in while the model trains, findings.

The lab runs in a thread worker; the chart is redrawn from a snapshot at most ten
times a second, and again to the new width when the terminal is resized; Esc cancels
within a fraction of a second; a lab that raises shows its error here and the app goes on.
The knobs keep what the learner typed for as long as the app runs.
"""

from __future__ import annotations

import sys
import time
import weakref
from collections.abc import Callable
from typing import Any, cast

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, Select, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tutor.labs import KnobError, LabCancelled, LabResult, LabSpec, Report

REDRAW_SECONDS = 0.1
CHART_MARGIN = 0  # columns kept free to the right of the chart

# What the learner last set in each lab's knobs, per app: (lesson, lab, the lesson's own
# settings) → knob → what the field held. Kept in memory only: a fresh start shows the
# lesson's settings again.
_KNOBS_SET: weakref.WeakKeyDictionary[App, dict[tuple, dict[str, object]]] = (
    weakref.WeakKeyDictionary()
)


def chart_in_colour(app: App) -> bool:
    """Colour only where every series gets its own (256 or true colour) and NO_COLOR is unset;
    otherwise the chart tells series apart by marker."""
    return not app.no_color and app.console.color_system in ("256", "truecolor")


SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"  # while PyTorch loads


class LabPanel(Vertical, can_focus=True):
    CHART_HEIGHT = 14
    DEFAULT_CSS = """
    LabPanel { height: auto; border: round $accent; padding: 0 1; margin: 1 0 0 0; }
    LabPanel:focus { border: round $success; }
    LabPanel .lab-title { text-style: bold; }
    LabPanel .lab-summary { color: $text-muted; }
    LabPanel .knob { height: auto; }
    LabPanel .knob Label { width: 14; }
    LabPanel .knob Input { width: 12; }
    LabPanel .knob Select { width: 16; }
    LabPanel .knob .knob-help { width: 1fr; height: auto; color: $text-muted; padding: 0 0 0 2; }
    LabPanel .lab-status { margin: 1 0 0 0; }
    LabPanel .lab-status.error { color: $error; }
    LabPanel .lab-chart { height: auto; text-wrap: nowrap; text-overflow: clip; }
    LabPanel .lab-chart.-too-narrow { text-wrap: wrap; }
    LabPanel .lab-findings { height: auto; }
    """

    # While a knob's field has the focus, r is a letter: the footer then shows ctrl+r.
    HELP_NOTES = [("Tab", "Move between the knobs"), ("Enter", "In a knob: run the lab")]
    BINDINGS = [
        Binding("r", "run", "Run lab"),
        Binding("ctrl+r", "run", "Run lab"),
        Binding("escape", "cancel", "Cancel run"),
        Binding("escape", "leave_knob", "Leave knob"),
    ]

    class Finished(Message):
        """A run ended (done, cancelled or failed); `result` is None unless it finished."""

        def __init__(self, panel: LabPanel, result: LabResult | None, status: str) -> None:
            super().__init__()
            self.panel = panel
            self.result = result
            self.status = status

    def __init__(
        self,
        spec: LabSpec,
        knobs: dict[str, object] | None = None,
        *,
        locked: bool = False,
        record: Callable[[LabSpec, dict, LabResult | None, str, float], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.values = spec.resolve(knobs or {})
        self.locked = locked
        self._record = record
        self._report: Report | None = None
        self._drawn_version = -1
        self._started = 0.0
        self._worker: Worker | None = None
        self._redraw_timer: Timer | None = None
        self._loading_torch = False  # the status spins until torch is imported
        self._spin = 0
        self._shown: LabResult | None = None  # what the chart shows, to redraw on resize
        self._drawn_width: int | None = None  # the chart's width (None: too narrow to draw)
        self._defaults = dict(self.values)  # the lesson's settings
        self.cancel_requested_at = 0.0  # when Esc was pressed, and when the lab thread ended:
        self.stopped_at = 0.0  # their difference is how fast a cancel takes effect

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(f"Lab · {self.spec.title}", classes="lab-title", markup=False)
        yield Static(self.spec.summary, classes="lab-summary", markup=False)
        kept = {} if self.locked else self._kept_knobs()
        for knob in self.spec.knobs.values():
            with Horizontal(classes="knob"):
                yield Label(knob.name)
                value = kept.get(knob.name, self.values[knob.name])
                if knob.choices or knob.type is bool:
                    options = knob.choices or (True, False)
                    yield Select(
                        [(str(o).lower() if isinstance(o, bool) else str(o), o) for o in options],
                        value=value if value in options else self.values[knob.name],
                        allow_blank=False,
                        id=f"knob-{knob.name}",
                        disabled=self.locked,
                        compact=True,
                    )
                else:
                    yield Input(
                        str(value), id=f"knob-{knob.name}", disabled=self.locked, compact=True
                    )
                yield Static(
                    Text(f"{knob.help} ({knob.describe()})"), classes="knob-help", markup=False
                )
        hint = "Press r to run the lab." if not self.locked else "Knobs fixed for this prediction."
        yield Static(hint, classes="lab-status")
        yield Static("", classes="lab-chart")
        yield Static("", classes="lab-findings", markup=False)

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.running  # otherwise Esc goes on: out of a knob, or back to the roadmap
        if action == "leave_knob":
            return not self.running and self._knob_focused()
        if action == "run":
            return not self.running
        return True

    def _knob_focused(self) -> bool:
        focused = self.screen.focused
        return focused is not None and focused is not self and self in focused.ancestors

    def action_leave_knob(self) -> None:
        self.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter in a knob runs the lab (it does not turn the lesson's page)
        self.action_run()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # Esc now leaves the knob; the footer shows ctrl+r

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    # -- knobs kept while the app runs --------------------------------------------------

    def _memory_key(self) -> tuple:
        lesson = getattr(self.screen, "lesson", None)
        return (getattr(lesson, "id", None), self.spec.id, tuple(sorted(self._defaults.items())))

    def _kept_knobs(self) -> dict[str, object]:
        return dict(_KNOBS_SET.get(self.app, {}).get(self._memory_key(), {}))

    def _keep_knob(self, widget: Input | Select, value: object) -> None:
        widget_id = widget.id or ""
        if self.locked or not widget_id.startswith("knob-"):
            return
        kept = _KNOBS_SET.setdefault(self.app, {}).setdefault(self._memory_key(), {})
        kept[widget_id.removeprefix("knob-")] = value

    def on_input_changed(self, event: Input.Changed) -> None:
        self._keep_knob(event.input, event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._keep_knob(event.select, event.value)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one(".lab-status", Static)
        status.set_class(error, "error")
        status.update(Text(text))

    # -- running ------------------------------------------------------------------------

    def read_knobs(self) -> dict[str, object]:
        """The values in the form, checked; raises KnobError naming the knob."""
        values: dict[str, object] = {}
        for knob in self.spec.knobs.values():
            widget = self.query_one(f"#knob-{knob.name}")
            if isinstance(widget, Select):
                values[knob.name] = widget.value
            else:
                values[knob.name] = knob.parse(cast(Input, widget).value)  # the other kind
        return self.spec.resolve(values)

    def action_run(self) -> None:
        if self.running:
            return
        try:
            knobs = self.values if self.locked else self.read_knobs()
        except KnobError as exc:
            self._status(str(exc), error=True)
            return
        self.start(knobs)

    def start(self, knobs: dict[str, object]) -> None:
        if not self.is_attached:
            return  # the learner left the screen before a queued start came round
        if not self.query(".lab-findings"):
            self.call_after_refresh(self.start, knobs)  # mounted, not composed yet
            return
        self.values = knobs
        self._report = Report(LabResult(self.spec.id, dict(knobs)))
        self._drawn_version = -1
        self._started = time.perf_counter()
        self.query_one(".lab-findings", Static).update("")
        self._loading_torch = "torch" in self.spec.uses and "torch" not in sys.modules
        if self._loading_torch:  # the first torch lab of a session waits for the import
            self._spin = 0
            self._status(f"{SPINNER[0]} loading PyTorch… (Esc cancels)")
        else:
            self._status("Running… (Esc cancels)")
        self._worker = self._run_in_thread(self._report)
        self._redraw_timer = self.set_interval(REDRAW_SECONDS, self._redraw)
        self.refresh_bindings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="lab")
    def _run_in_thread(self, report: Report) -> LabResult:
        worker = get_current_worker()
        from tutor.labs import run_lab

        if "torch" in self.spec.uses:
            from tutor.labs.torchlib import import_torch

            import_torch()  # outside the lab's own clock; TorchMissing says how to install
            if not worker.is_cancelled:
                self.app.call_from_thread(self._torch_loaded)
        try:
            return run_lab(
                self.spec.id,
                report.result.knobs,
                report=report,
                should_stop=lambda: worker.is_cancelled,
            )
        finally:
            self.stopped_at = time.perf_counter()

    def action_cancel(self) -> None:
        if self._worker is not None and self.running:
            self.cancel_requested_at = time.perf_counter()
            self._worker.cancel()
            self._status("Cancelling…")

    def _torch_loaded(self) -> None:
        self._loading_torch = False
        self._status("Running… (Esc cancels)")

    def _redraw(self) -> None:
        if self._loading_torch:
            self._spin = (self._spin + 1) % len(SPINNER)
            self._status(f"{SPINNER[self._spin]} loading PyTorch… (Esc cancels)")
        report = self._report
        if report is None or report.version == self._drawn_version:
            return
        self._drawn_version = report.version
        self._draw(report.snapshot())

    def _draw(self, result: LabResult) -> None:
        from tutor.charts import MIN_WIDTH, findings_text, render_chart

        self._shown = result
        chart_widget = self.query_one(".lab-chart", Static)
        width = self.content_size.width - CHART_MARGIN
        fits = width >= MIN_WIDTH
        self._drawn_width = width if fits else None
        chart_widget.set_class(not fits, "-too-narrow")
        if not fits:
            needed = self.app.size.width + MIN_WIDTH - width
            chart_widget.update(
                Text(f"Widen the terminal to see the chart (needs {needed} columns).")
            )
        else:
            colour = chart_in_colour(self.app)
            chart = render_chart(
                result, self.spec.chart, width=width, height=self.CHART_HEIGHT, color=colour
            )
            chart_widget.update(Text.from_ansi(chart, no_wrap=True, overflow="crop"))
        self.query_one(".lab-findings", Static).update(findings_text(result))

    def on_resize(self, event: Resize) -> None:
        from tutor.charts import MIN_WIDTH

        if self.running:
            self._drawn_version = -1  # the next tick redraws the snapshot at the new width
            return
        if self._shown is None:
            return
        width = self.content_size.width - CHART_MARGIN
        if (width if width >= MIN_WIDTH else None) != self._drawn_width:
            self._draw(self._shown)  # (a message that already says "widen" stays as it is)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._worker or event.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
        ):
            return
        event.stop()
        if self._redraw_timer is not None:
            self._redraw_timer.stop()
        self._loading_torch = False
        seconds = time.perf_counter() - self._started
        result: LabResult | None = None
        if event.state == WorkerState.SUCCESS:
            result = cast(LabResult, event.worker.result)  # what _run_in_thread returned
            self._draw(result)
            self._status(f"Done in {seconds:.1f} s. r runs it again.")
            status = "done"
        elif event.state == WorkerState.CANCELLED or isinstance(event.worker.error, LabCancelled):
            self._status("Cancelled. Press r to run it again.")
            status = "cancelled"
        else:
            error = event.worker.error
            from tutor.labs.torchlib import TorchMissing

            if isinstance(error, TorchMissing):
                self._status(str(error), error=True)
            else:
                self._status(f"The lab failed: {type(error).__name__}: {error}", error=True)
            status = "error"
        if self._record is not None:
            self._record(self.spec, dict(self.values), result, status, seconds)
        self.refresh_bindings()
        self.post_message(self.Finished(self, result, status))
