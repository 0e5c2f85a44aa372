"""Live experiments ("labs"): the registry, knobs, and the way a lab reports what it finds.

A lab is a module in this package that registers a `LabSpec` with a `run(knobs, report)`
function. `run` trains a real model and reports series (points of a chart), tables and
findings (named facts the run established) through `Report`, calling `report.check()`
often so that a cancel takes effect at once. Nothing here imports textual, and lab
modules import numpy and scikit-learn inside `run`, never at the top.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

ChartKind = Literal["line", "scatter", "bar", "box"]


class KnobError(ValueError):
    """A knob value that the lab cannot take; the message names the knob and what it accepts."""


class UndescribedFinding(ValueError):
    """A lab reported a finding that its spec has no label for (learners would see a code name)."""


class LabCancelled(Exception):
    """Raised inside a lab by `Report.check()` once the run was cancelled."""


@dataclass(frozen=True)
class Knob:
    """One setting of a lab: its type, default, bounds or choices, and a line of help."""

    name: str
    type: type
    default: object
    help: str
    low: float | None = None
    high: float | None = None
    choices: tuple[object, ...] = ()

    def describe(self) -> str:
        if self.choices:
            return "one of " + ", ".join(map(str, self.choices))
        kind = {int: "a whole number", float: "a number", bool: "true or false"}.get(
            self.type, "text"
        )
        if self.low is not None and self.high is not None:
            return f"{kind} from {self.low:g} to {self.high:g}"
        return kind

    def problem(self, value: object) -> str | None:
        """Why `value` is not acceptable for this knob, or None when it is."""
        ok_type = isinstance(value, self.type) and not (
            isinstance(value, bool) and self.type is not bool
        )
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            ok_type = True
        refused = f"knob '{self.name}' takes {self.describe()}, not {value!r}"
        if not ok_type or (self.choices and value not in self.choices):
            return refused
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            return refused
        return None

    def parse(self, text: str) -> object:
        """Read a value typed by a person (`--set depth=5`, a TUI field); raise KnobError."""
        text = text.strip()
        try:
            if self.type is bool:
                lowered = text.lower()
                if lowered not in ("true", "false", "yes", "no", "on", "off", "1", "0"):
                    raise ValueError
                value: object = lowered in ("true", "yes", "on", "1")
            elif self.type is int:
                value = int(text)
            elif self.type is float:
                value = float(text)
            else:
                value = text
        except ValueError:
            raise KnobError(f"knob '{self.name}' takes {self.describe()}, not {text!r}") from None
        problem = self.problem(value)
        if problem:
            raise KnobError(problem)
        return value


@dataclass(frozen=True)
class ChartSpec:
    kind: ChartKind
    title: str
    x_label: str = ""
    y_label: str = ""
    y_range: tuple[float, float] | None = None  # a fixed y axis
    scatter: tuple[str, ...] = ()  # series drawn as points, not lines (e.g. the data)
    x_integer: bool = False  # x is a count (depth, features, examples): whole-number ticks
    # the y axis fits the data but never goes beyond these (accuracy: 0 to 1)
    y_bounds: tuple[float, float] | None = None


@dataclass(frozen=True)
class LabSpec:
    id: str
    title: str
    phase: int
    summary: str
    knobs: dict[str, Knob]
    chart: ChartSpec
    run: Callable[[dict[str, Any], Report], None]
    findings: dict[str, str] = field(default_factory=dict)  # name → label shown to learners
    uses: tuple[str, ...] = ("sklearn",)  # heavy libraries to pre-import

    def resolve(self, values: dict[str, object] | None = None) -> dict[str, object]:
        """Defaults overlaid with `values`; unknown knobs and bad values raise KnobError."""
        resolved = {name: knob.default for name, knob in self.knobs.items()}
        for name, value in (values or {}).items():
            knob = self.knobs.get(name)
            if knob is None:
                raise KnobError(
                    f"lab '{self.id}' has no knob '{name}'; its knobs: {', '.join(self.knobs)}"
                )
            if isinstance(value, str) and knob.type is not str:
                value = knob.parse(value)
            problem = knob.problem(value)
            if problem:
                raise KnobError(problem)
            resolved[name] = float(value) if knob.type is float else value
        return resolved


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
    """What a running lab writes to; safe to read from another thread via `snapshot()`."""

    def __init__(
        self,
        result: LabResult,
        on_update: Callable[[], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.result = result
        self._on_update = on_update
        self._should_stop = should_stop
        self._lock = threading.Lock()
        self.described: dict[str, str] | None = None  # the lab's findings; set by run_lab
        self.version = 0  # bumps on every change, so a reader can skip redraws

    def _changed(self) -> None:
        self.version += 1
        if self._on_update is not None:
            self._on_update()

    def check(self) -> None:
        """Stop here if the run was cancelled."""
        if self._should_stop is not None and self._should_stop():
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

    def table(self, title: str, columns: list[str], rows: list[list[object]]) -> None:
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


LABS: dict[str, LabSpec] = {}

_LAB_MODULES = (
    "rule_vs_learned",
    "split_variance",
    "cv_scores",
    "tree_depth",
    "poly_fit",
    "bias_variance",
    "learning_curve",
    "double_descent",
    "dimensionality",
)


def register(spec: LabSpec) -> LabSpec:
    if spec.id in LABS:
        raise ValueError(f"lab id {spec.id!r} is registered twice")
    if "seed" not in spec.knobs:
        raise ValueError(f"lab {spec.id!r} needs a 'seed' knob")
    misnamed = [key for key, knob in spec.knobs.items() if key != knob.name]
    if misnamed:
        raise ValueError(f"lab {spec.id!r}: knobs filed under another name: {misnamed}")
    bad_labels = [name for name, label in spec.findings.items() if _label_problem(label)]
    if bad_labels:
        raise ValueError(
            f"lab {spec.id!r}: findings need a short label (one line, at most {LABEL_WIDTH} "
            f"characters, no final full stop), not: {bad_labels}"
        )
    LABS[spec.id] = spec
    return spec


LABEL_WIDTH = 60  # "label: value" fits an 80-column lab panel on one line


def _label_problem(label: str) -> bool:
    return not label.strip() or "\n" in label or len(label) > LABEL_WIDTH or label.endswith(".")


def show_value(value: object) -> str:
    """A finding's value as a learner reads it: yes/no, a few significant digits."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e6:
            return str(int(value))
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return str(value)


def finding_label(lab_id: str, name: str) -> str:
    """The label a learner reads for a finding (its code name only for an unknown lab)."""
    spec = get_lab(lab_id)
    return spec.findings.get(name, name) if spec is not None else name


def describe_finding(lab_id: str, name: str, value: object) -> str:
    """`Test accuracy peaks before the deepest tree: yes`."""
    return f"{finding_label(lab_id, name)}: {show_value(value)}"


def load_all() -> dict[str, LabSpec]:
    """Import every lab module (cheap: they import numpy only when run)."""
    for name in _LAB_MODULES:
        try:
            importlib.import_module(f"tutor.labs.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tutor.labs.{name}":
                raise
    return LABS


def get_lab(lab_id: str) -> LabSpec | None:
    return load_all().get(lab_id)


def run_lab(
    lab_id: str,
    values: dict[str, object] | None = None,
    on_update: Callable[[], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    report: Report | None = None,
) -> LabResult:
    """Run a lab to the end (or until cancelled, raising LabCancelled); KnobError for bad knobs."""
    spec = get_lab(lab_id)
    if spec is None:
        raise KnobError(f"no lab '{lab_id}'; labs: {', '.join(sorted(load_all()))}")
    knobs = spec.resolve(values)
    if report is None:
        report = Report(LabResult(lab_id, knobs), on_update, should_stop)
    report.described = spec.findings
    started = time.perf_counter()
    with _small_fits(spec):
        spec.run(dict(knobs), report)
    report.result.seconds = time.perf_counter() - started
    return report.result


def _small_fits(spec: LabSpec) -> contextlib.AbstractContextManager:
    """Labs make many fits on small arrays: BLAS on one thread (on a busy 2-core machine a
    threaded solve of a small matrix can be 30× slower), and scikit-learn skips re-checking
    arguments and data that the lab built itself. The scikit-learn setting is per thread."""
    stack = contextlib.ExitStack()
    if "sklearn" in spec.uses or "numpy" in spec.uses:
        from threadpoolctl import threadpool_limits

        stack.enter_context(threadpool_limits(limits=1))
    if "sklearn" in spec.uses:
        import sklearn

        stack.enter_context(
            sklearn.config_context(assume_finite=True, skip_parameter_validation=True)
        )
    return stack


def seed_knob(default: int = 0) -> Knob:
    return Knob("seed", int, default, "random seed: the same seed gives the same run", 0, 10_000)
