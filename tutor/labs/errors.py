"""The errors a lab, its knobs or the lab catalogue raise; each message is fit to show a person."""

from __future__ import annotations


class KnobError(ValueError):
    """A knob value that the lab cannot take; the message names the knob and what it accepts."""


class UnknownLab(KnobError, LookupError):
    """A lab id that names no lab (a KnobError, as `run_lab` always raised for one); the
    message names the id and the labs there are."""


class UndescribedFinding(ValueError):
    """A lab reported a finding that its spec has no label for (learners would see a code name)."""


class LabCancelled(Exception):
    """Raised inside a lab by `Report.check()` once the run was cancelled."""


class LabLoadError(RuntimeError):
    """A module in the labs package that fails to import or does not define a valid lab.

    Raised by discovery, naming the module, so that a broken lab stops the tutor loudly
    instead of silently vanishing from the catalogue."""
