"""What a lab declares: its knobs (type, default, bounds, help), its chart and its findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from tutor.labs.errors import KnobError

if TYPE_CHECKING:
    from tutor.labs.report import Report

ChartKind = Literal["line", "bar", "box"]  # points are a line chart's `scatter` series

LABEL_WIDTH = 60  # "label: value" fits an 80-column lab panel on one line


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
        if isinstance(value, int | float) and (
            (self.low is not None and value < self.low)
            or (self.high is not None and value > self.high)
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


def seed_knob(default: int = 0) -> Knob:
    """The knob every lab has: the same seed gives the same run."""
    return Knob("seed", int, default, "random seed: the same seed gives the same run", 0, 10_000)


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


LabRun = Callable[[dict[str, Any], "Report"], None]


@dataclass(frozen=True, init=False)
class LabSpec:
    """A lab as the catalogue knows it. `knobs` is given as a sequence of Knobs (each names
    itself) and kept as a read-only name → Knob mapping in declaration order."""

    id: str
    title: str
    phase: int
    summary: str
    knobs: Mapping[str, Knob]
    chart: ChartSpec
    run: LabRun
    findings: Mapping[str, str] = field(default_factory=dict)  # name → label shown to learners
    uses: tuple[str, ...] = ("sklearn",)  # heavy libraries to pre-import

    def __init__(
        self,
        id: str,
        title: str,
        phase: int,
        summary: str,
        knobs: Iterable[Knob] | Mapping[str, Knob],
        chart: ChartSpec,
        run: LabRun,
        findings: Mapping[str, str] | None = None,
        uses: tuple[str, ...] = ("sklearn",),
    ) -> None:
        fields = {
            "id": id,
            "title": title,
            "phase": phase,
            "summary": summary,
            "knobs": MappingProxyType(_knobs_by_name(id, knobs)),
            "chart": chart,
            "run": run,
            "findings": dict(findings or {}),
            "uses": tuple(uses),
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        self._check()

    def _check(self) -> None:
        """The rules every lab keeps, checked where the lab is written: raise ValueError."""
        if "seed" not in self.knobs:
            raise ValueError(f"lab {self.id!r} needs a 'seed' knob")
        bad_labels = [name for name, label in self.findings.items() if _label_problem(label)]
        if bad_labels:
            raise ValueError(
                f"lab {self.id!r}: findings need a short label (one line, at most {LABEL_WIDTH} "
                f"characters, no final full stop), not: {bad_labels}"
            )

    def resolve(self, values: Mapping[str, object] | None = None) -> dict[str, object]:
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
            if knob.type is float and isinstance(value, int | float):
                value = float(value)  # problem() let through an int or a float
            resolved[name] = value
        return resolved


def _knobs_by_name(lab_id: str, knobs: Iterable[Knob] | Mapping[str, Knob]) -> dict[str, Knob]:
    """Knobs keyed by their own names. A mapping is accepted (older callers) only when every
    key is its knob's name, so that a knob is never known by two names."""
    if isinstance(knobs, Mapping):
        misnamed = [key for key, knob in knobs.items() if key != knob.name]
        if misnamed:
            raise ValueError(f"lab {lab_id!r}: knobs filed under another name: {misnamed}")
        knobs = knobs.values()
    by_name: dict[str, Knob] = {}
    for knob in knobs:
        if not isinstance(knob, Knob):
            raise TypeError(f"lab {lab_id!r}: knobs must be Knob objects, not {knob!r}")
        if knob.name in by_name:
            raise ValueError(f"lab {lab_id!r}: two knobs named {knob.name!r}")
        by_name[knob.name] = knob
    return by_name


def _label_problem(label: str) -> bool:
    return not label.strip() or "\n" in label or len(label) > LABEL_WIDTH or label.endswith(".")
