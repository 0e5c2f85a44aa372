"""Lab speed: each lab at its defaults, after its library imports.

Run: python benchmarks/labs.py
Prints, per lab: the import time of what it uses, the time to its first chart point,
the whole run, and the run as a ratio of the 2 s budget (target ≤ 1.00), plus the
ratio of first-point time to its 0.5 s budget.
"""

from __future__ import annotations

import importlib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # measure this checkout

from tutor.labs import LabResult, Report, load_all, run_lab  # noqa: E402

RUN_BUDGET = 2.0
FIRST_POINT_BUDGET = 0.5
SKLEARN_MODULES = (
    "numpy",
    "sklearn.datasets",
    "sklearn.model_selection",
    "sklearn.linear_model",
    "sklearn.tree",
    "sklearn.naive_bayes",
    "sklearn.neighbors",
    "sklearn.pipeline",
    "sklearn.preprocessing",
    "sklearn.svm",
    "sklearn.ensemble",
    "sklearn.cluster",
    "sklearn.decomposition",
    "sklearn.manifold",
    "sklearn.metrics",
)


def measure(lab_id: str) -> tuple[float, float]:
    spec = load_all()[lab_id]
    first: list[float] = []
    started = time.perf_counter()

    def on_update() -> None:
        if not first and report.result.series:
            first.append(time.perf_counter() - started)

    report = Report(LabResult(lab_id, spec.resolve()), on_update)
    started = time.perf_counter()
    run_lab(lab_id, report=report)
    return (first[0] if first else float("nan")), time.perf_counter() - started


def torch_overhead() -> float:
    """mlp-training at its defaults (early stopping off, so both run every epoch) against
    the same loop written as a bare script (the one its tests compare with)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "labs"))
    from test_mlp_training import bare_torch_losses

    from tutor.labs.torchlib import prepare

    knobs = {"patience": 0, "epochs": 30}
    spec = load_all()["mlp-training"].resolve(knobs)
    lab, bare = [], []
    for _ in range(3):
        started = time.perf_counter()
        run_lab("mlp-training", knobs)
        lab.append(time.perf_counter() - started)
        prepare(0)  # the same one thread
        started = time.perf_counter()
        bare_torch_losses(
            0, spec["hidden"], spec["layers"], spec["dropout"], 30, spec["lr"], spec["batch_size"]
        )
        bare.append(time.perf_counter() - started)
    ratio = statistics.median(lab) / statistics.median(bare)
    print(
        f"mlp-training, 30 epochs: lab {statistics.median(lab):.2f} s, bare loop "
        f"{statistics.median(bare):.2f} s, overhead {ratio:.2f}x (target <= 1.20)"
    )
    return ratio


def main() -> None:
    t = time.perf_counter()
    for name in SKLEARN_MODULES:
        importlib.import_module(name)
    imports = time.perf_counter() - t
    print(f"library imports (numpy + scikit-learn): {imports:.2f} s, once, before any lab")
    t = time.perf_counter()
    importlib.import_module("torch")
    print(f"library import (torch): {time.perf_counter() - t:.2f} s, once, before any lab")
    print(f"{'lab':<18}{'first point':>12}{'run':>9}{'run/2s':>9}{'first/0.5s':>12}")
    worst = 0.0
    for lab_id in sorted(load_all()):
        runs = [measure(lab_id) for _ in range(3)]
        first = statistics.median(r[0] for r in runs)
        total = statistics.median(r[1] for r in runs)
        worst = max(worst, total / RUN_BUDGET)
        print(
            f"{lab_id:<18}{first:>11.3f}s{total:>8.2f}s{total / RUN_BUDGET:>9.2f}"
            f"{first / FIRST_POINT_BUDGET:>12.2f}"
        )
    print(f"worst run ratio: {worst:.2f} (target <= 1.00)")
    torch_overhead()


if __name__ == "__main__":
    main()
