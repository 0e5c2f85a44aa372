"""What the validator needs to know about the labs, passed in so that content imports none.

`tutor.labs.LabSpec` fits `LabFacts` as it is, so a caller passes `tutor.labs.load_all()`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Protocol


class KnobRule(Protocol):
    """One knob of a lab: which values it takes."""

    def problem(self, value: object) -> str | None:
        """Why `value` is not acceptable (a whole sentence for the author), or None."""
        ...


class LabFacts(Protocol):
    """One lab as a lesson or a predict question may name it."""

    @property
    def knobs(self) -> Mapping[str, KnobRule]: ...

    @property
    def findings(self) -> Collection[str]:
        """The names of the findings the lab reports (a mapping's keys will do)."""
        ...


LabCatalogue = Mapping[str, LabFacts]  # lab id → its facts
