"""What a running lab reports (series, tables, findings, notes) and how a reader watches it."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from tutor.labs.errors import LabCancelled, UndescribedFinding


@dataclass
class Series:
    label: str
    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[object]]


@dataclass
class LabResult:
    lab: str
    knobs: dict[str, object]
    series: dict[str, Series] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    findings: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "lab": self.lab,
            "knobs": self.knobs,
            "series": [{"label": s.label, "x": s.x, "y": s.y} for s in self.series.values()],
            "tables": [
                {"title": t.title, "columns": t.columns, "rows": t.rows}
                for t in self.tables.values()
            ],
            "findings": self.findings,
            "notes": self.notes,
            "seconds": round(self.seconds, 3),
        }


class Report:
    """What a running lab writes to; safe to read from another thread via `snapshot()`.

    `on_update` is called after every change and `should_stop` is asked at every `check()`;
    more of each can be added with `listen()` (a run started elsewhere, e.g. by `run_lab`)."""

    def __init__(
        self,
        result: LabResult,
        on_update: Callable[[], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.result = result
        self._on_update: list[Callable[[], None]] = []
        self._should_stop: list[Callable[[], bool]] = []
        self.listen(on_update, should_stop)
        self._lock = threading.Lock()
        self.described: Mapping[str, str] | None = None  # the lab's findings; set by run_lab
        self.version = 0  # bumps on every change, so a reader can skip redraws

    def listen(
        self,
        on_update: Callable[[], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        """Also call `on_update` after every change, and stop when `should_stop()` says so."""
        if on_update is not None:
            self._on_update.append(on_update)
        if should_stop is not None:
            self._should_stop.append(should_stop)

    def _changed(self) -> None:
        self.version += 1
        for on_update in self._on_update:
            on_update()

    def check(self) -> None:
        """Stop here if the run was cancelled."""
        if any(should_stop() for should_stop in self._should_stop):
            raise LabCancelled

    def point(self, label: str, x: float, y: float) -> None:
        """Append one point to a series (a curve that grows while the model trains)."""
        with self._lock:
            series = self.result.series.setdefault(label, Series(label))
            series.x.append(float(x))
            series.y.append(float(y))
        self._changed()
        self.check()

    def series(self, label: str, x: list[float], y: list[float]) -> None:
        """Set a whole series at once."""
        with self._lock:
            self.result.series[label] = Series(label, [float(v) for v in x], [float(v) for v in y])
        self._changed()
        self.check()

    def table(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        with self._lock:
            self.result.tables[title] = Table(title, list(columns), [list(r) for r in rows])
        self._changed()

    def finding(self, name: str, value: object) -> None:
        if self.described is not None and name not in self.described:
            raise UndescribedFinding(
                f"lab '{self.result.lab}' reported the finding '{name}', which its LabSpec's "
                "findings do not describe"
            )
        with self._lock:
            self.result.findings[name] = _plain(value)
        self._changed()

    def note(self, text: str) -> None:
        """A sentence for the learner about what the run showed."""
        with self._lock:
            self.result.notes.append(text)
        self._changed()

    def snapshot(self) -> LabResult:
        with self._lock:
            return copy.deepcopy(self.result)


def _plain(value: object) -> object:
    """numpy scalars → Python values, so findings compare and serialise simply."""
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, float):
        return round(value, 6)
    return value


def show_value(value: object) -> str:
    """A finding's value as a learner reads it: yes/no, a few significant digits, and
    "none" (not the Python word None) for a value the run never reached."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e6:
            return str(int(value))
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return str(value)
