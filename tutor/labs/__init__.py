"""Live experiments ("labs"): one module per lab, and the machinery they share.

A lab is a module in this package that defines `SPEC = LabSpec(...)` with a
`run(knobs, report)` function. `run` trains a real model and reports series (points of a
chart), tables and findings (named facts the run established) through `Report`, calling
`report.check()` often so that a cancel takes effect at once. Nothing here imports textual,
and lab modules import numpy and scikit-learn inside `run`, never at the top.

The machinery, one concern a module: `errors`, `spec` (knobs, chart, LabSpec), `report`
(what a run reports), `registry` (discovery and lookup), `engine` (`run_lab`), and `common`
(helpers several labs use). The names the rest of the tutor uses are re-exported here.
"""

from tutor.labs.engine import run_lab
from tutor.labs.errors import (
    KnobError,
    LabCancelled,
    LabLoadError,
    UndescribedFinding,
    UnknownLab,
)
from tutor.labs.registry import (
    LABS,
    LabRegistry,
    describe_finding,
    finding_label,
    get_lab,
    load_all,
    require_lab,
)
from tutor.labs.report import LabResult, Report, Series, Table, show_value
from tutor.labs.spec import LABEL_WIDTH, ChartKind, ChartSpec, Knob, LabSpec, seed_knob

__all__ = [
    "LABEL_WIDTH",
    "LABS",
    "ChartKind",
    "ChartSpec",
    "Knob",
    "KnobError",
    "LabCancelled",
    "LabLoadError",
    "LabRegistry",
    "LabResult",
    "LabSpec",
    "Report",
    "Series",
    "Table",
    "UndescribedFinding",
    "UnknownLab",
    "describe_finding",
    "finding_label",
    "get_lab",
    "load_all",
    "require_lab",
    "run_lab",
    "seed_knob",
    "show_value",
]
