"""A lab inside a lesson: its knobs, a chart that fills in while the model trains, findings.

The lab runs in a thread worker; the chart is redrawn from a snapshot at most ten
times a second; Esc cancels within a fraction of a second; a lab that raises shows
its error here and the app goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, Select, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tutor.labs import KnobError, LabCancelled, LabResult, LabSpec, Report

REDRAW_SECONDS = 0.1


class LabPanel(Vertical, can_focus=True):
    DEFAULT_CSS = """
    LabPanel { height: auto; border: round $accent; padding: 0 1; margin: 1 0 0 0; }
    LabPanel:focus { border: round $success; }
    LabPanel .lab-title { text-style: bold; }
    LabPanel .lab-summary { color: $text-muted; }
    LabPanel .knob { height: auto; }
    LabPanel .knob Label { width: 16; }
    LabPanel .knob Input { width: 12; }
    LabPanel .knob Select { width: 16; }
    LabPanel .knob .knob-help { width: 1fr; color: $text-muted; padding: 0 0 0 2; }
    LabPanel .lab-status { margin: 1 0 0 0; }
    LabPanel .lab-status.error { color: $error; }
    LabPanel .lab-chart { height: auto; }
    LabPanel .lab-findings { height: auto; }
    """

    BINDINGS = [
        Binding("r", "run", "Run lab"),
        Binding("ctrl+r", "run", "Run lab", show=False),
        Binding("escape", "cancel", "Cancel run"),
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
        chart_height: int = 14,
        record: Callable[[LabSpec, dict, LabResult | None, str, float], None] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.values = spec.resolve(knobs or {})
        self.locked = locked
        self.chart_height = chart_height
        self._record = record
        self._report: Report | None = None
        self._drawn_version = -1
        self._started = 0.0
        self._worker: Worker | None = None
        self._redraw_timer: Timer | None = None
        self.cancel_requested_at = 0.0  # when Esc was pressed, and when the lab thread ended:
        self.stopped_at = 0.0  # their difference is how fast a cancel takes effect

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(f"Lab · {self.spec.title}", classes="lab-title", markup=False)
        yield Static(self.spec.summary, classes="lab-summary", markup=False)
        for knob in self.spec.knobs.values():
            with Horizontal(classes="knob"):
                yield Label(knob.name)
                value = self.values[knob.name]
                if knob.choices or knob.type is bool:
                    options = knob.choices or (True, False)
                    yield Select(
                        [(str(o).lower() if isinstance(o, bool) else str(o), o) for o in options],
                        value=value,
                        allow_blank=False,
                        id=f"knob-{knob.name}",
                        disabled=self.locked,
                        compact=True,
                    )
                else:
                    yield Input(
                        str(value), id=f"knob-{knob.name}", disabled=self.locked, compact=True
                    )
                yield Static(knob.describe(), classes="knob-help")
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
            return self.running  # otherwise Esc goes on to the screen (back to the roadmap)
        if action == "run":
            return not self.running
        return True

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
                values[knob.name] = knob.parse(widget.value)
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
        self.values = knobs
        self._report = Report(LabResult(self.spec.id, dict(knobs)))
        self._drawn_version = -1
        self._started = time.perf_counter()
        self.query_one(".lab-findings", Static).update("")
        self._status("Running… (Esc cancels)")
        self._worker = self._run_in_thread(self._report)
        self._redraw_timer = self.set_interval(REDRAW_SECONDS, self._redraw)
        self.refresh_bindings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="lab")
    def _run_in_thread(self, report: Report) -> LabResult:
        worker = get_current_worker()
        report._should_stop = lambda: worker.is_cancelled
        from tutor.labs import run_lab

        try:
            return run_lab(self.spec.id, report.result.knobs, report=report)
        finally:
            self.stopped_at = time.perf_counter()

    def action_cancel(self) -> None:
        if self._worker is not None and self.running:
            self.cancel_requested_at = time.perf_counter()
            self._worker.cancel()
            self._status("Cancelling…")

    def _redraw(self) -> None:
        report = self._report
        if report is None or report.version == self._drawn_version:
            return
        self._drawn_version = report.version
        self._draw(report.snapshot())

    def _draw(self, result: LabResult) -> None:
        from tutor.charts import findings_text, render_chart

        width = max(40, self.content_size.width - 2)
        chart = render_chart(result, self.spec.chart, width=width, height=self.chart_height)
        self.query_one(".lab-chart", Static).update(Text.from_ansi(chart))
        self.query_one(".lab-findings", Static).update(findings_text(result))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._worker or event.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
        ):
            return
        event.stop()
        if self._redraw_timer is not None:
            self._redraw_timer.stop()
        seconds = time.perf_counter() - self._started
        result = None
        if event.state == WorkerState.SUCCESS:
            result = event.worker.result
            self._draw(result)
            self._status(f"Done in {seconds:.1f} s. r runs it again.")
            status = "done"
        elif event.state == WorkerState.CANCELLED or isinstance(event.worker.error, LabCancelled):
            self._status("Cancelled. Press r to run it again.")
            status = "cancelled"
        else:
            error = event.worker.error
            self._status(f"The lab failed: {type(error).__name__}: {error}", error=True)
            status = "error"
        if self._record is not None:
            self._record(self.spec, dict(self.values), result, status, seconds)
        self.refresh_bindings()
        self.post_message(self.Finished(self, result, status))
