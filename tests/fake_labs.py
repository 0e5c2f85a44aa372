"""Two tiny labs for testing the lab machinery: one that counts slowly, one that fails.

A test gets them through the `with_fake_labs` fixture (tests/conftest.py), which takes them
out of the catalogue again afterwards; nothing here installs them.
"""

from __future__ import annotations

import time

from tutor.labs import ChartSpec, Knob, LabSpec, seed_knob


def _count_up(knobs: dict, report) -> None:
    for i in range(1, knobs["n"] + 1):
        time.sleep(knobs["delay"])
        report.point("count", i, i * i)
    report.finding("reached", knobs["n"])
    report.finding("even", knobs["n"] % 2 == 0)


def _broken(knobs: dict, report) -> None:
    report.point("before", 1, 1)
    raise RuntimeError("boom")


COUNT_UP = LabSpec(
    "count-up",
    "Counting up",
    1,
    "Counts to n, one point at a time.",
    (
        Knob("n", int, 50, "how far to count", 1, 5000),
        Knob("delay", float, 0.0, "seconds per point", 0, 1),
        seed_knob(),
    ),
    ChartSpec("line", "Squares", "i", "i²"),
    run=_count_up,
    findings={"reached": "Counted up to", "even": "Ended on an even number"},
    uses=(),
)
BROKEN = LabSpec(
    "broken",
    "Always fails",
    1,
    "Raises an error after one point.",
    (seed_knob(),),
    ChartSpec("line", "Nothing"),
    run=_broken,
    uses=(),
)

FAKE_LABS = (COUNT_UP, BROKEN)
