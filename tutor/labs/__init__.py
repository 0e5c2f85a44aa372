"""Live experiments ("labs"): a registry of lab ids and the knobs each one accepts.

Lab modules register themselves here; nothing in this package imports textual,
and heavy libraries are imported inside the functions that run a lab.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
            return f"{kind} from {self.low} to {self.high}"
        return kind

    def problem(self, value: object) -> str | None:
        """Why `value` is not acceptable for this knob, or None when it is."""
        ok_type = isinstance(value, self.type) and not (
            isinstance(value, bool) and self.type is not bool
        )
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            ok_type = True
        if not ok_type:
            return f"knob '{self.name}' takes {self.describe()}, not {value!r}"
        if self.choices and value not in self.choices:
            return f"knob '{self.name}' takes {self.describe()}, not {value!r}"
        if self.low is not None and value < self.low or self.high is not None and value > self.high:
            return f"knob '{self.name}' takes {self.describe()}, not {value!r}"
        return None


@dataclass(frozen=True)
class LabSpec:
    id: str
    title: str
    knobs: dict[str, Knob] = field(default_factory=dict)


LABS: dict[str, LabSpec] = {}


def register(spec: LabSpec) -> LabSpec:
    LABS[spec.id] = spec
    return spec
