"""Two tiny labs for testing the lab machinery: one that counts slowly, one that fails."""

from __future__ import annotations

import time

from tutor.labs import LABS, ChartSpec, Knob, LabSpec, seed_knob


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
    {
        "n": Knob("n", int, 50, "how far to count", 1, 5000),
        "delay": Knob("delay", float, 0.0, "seconds per point", 0, 1),
        "seed": seed_knob(),
    },
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
    {"seed": seed_knob()},
    ChartSpec("line", "Nothing"),
    run=_broken,
    uses=(),
)


def install() -> None:
    LABS.setdefault(COUNT_UP.id, COUNT_UP)
    LABS.setdefault(BROKEN.id, BROKEN)
