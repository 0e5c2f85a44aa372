"""Linear regression two ways: gradient descent on the mean squared error, and least squares.

Data: 40 points on the line y = 2x + 1 with x spread evenly at random over [−1, 1] and
Gaussian noise (standard deviation 0.5) added to y. With the outlier knob on, one more
point sits at x = 1, ten units below the line.

Gradient descent starts from slope 0 and intercept 0 and takes `steps` steps of
θ ← θ − learning_rate · ∇MSE(θ), streaming the loss after each step. Least squares solves
the same problem in closed form (`np.linalg.lstsq`). The run stops early if the loss
blows up (the learning rate is too large).

What to look for:
* at a sensible learning rate gradient descent lands on the least-squares line;
* too small a rate crawls, too large a rate diverges;
* squared error weighs one far-off point heavily: the outlier drags the slope.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

POINTS = 40
TRUE_SLOPE, TRUE_INTERCEPT = 2.0, 1.0
NOISE = 0.5
OUTLIER_X, OUTLIER_DROP = 1.0, 10.0  # the outlier: at the right end, this far below the line
MATCH = 1e-3  # gradient descent "matches" least squares: slope and intercept this close
BLOWN_UP = 1e6  # a loss above this (or not a number) means the run diverged
SHIFT_BANDS = (0.1, 0.5)  # relative slope change: small below, large above, moderate between

GD_OUTCOMES = ("matches least squares", "still short of least squares", "diverges")


def make_data(seed: int, outlier: bool) -> tuple[Any, Any]:
    """(x, y): the noisy line, plus the outlier as the last point when asked for."""
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, POINTS)
    y = TRUE_SLOPE * x + TRUE_INTERCEPT + rng.normal(0.0, NOISE, POINTS)
    if outlier:
        x = np.append(x, OUTLIER_X)
        y = np.append(y, TRUE_SLOPE * OUTLIER_X + TRUE_INTERCEPT - OUTLIER_DROP)
    return x, y


def least_squares(x: Any, y: Any) -> tuple[float, float]:
    """(slope, intercept) that minimise the squared error, solved in closed form."""
    import numpy as np

    design = np.column_stack([x, np.ones_like(x)])
    (slope, intercept), *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(slope), float(intercept)


def gd_outcome(slope_error: float, diverged: bool) -> str:
    """How gradient descent ended, in words a prediction can name."""
    if diverged:
        return "diverges"
    if slope_error < MATCH:
        return "matches least squares"
    return "still short of least squares"


def slope_shift_band(relative_shift: float) -> str:
    """How far the outlier moved the slope, as a share of the slope without it."""
    small, large = SHIFT_BANDS
    if relative_shift == 0:
        return "not at all (no outlier)"
    if relative_shift < small:
        return f"under {small:.0%}"
    if relative_shift <= large:
        return f"{small:.0%} to {large:.0%}"
    return f"over {large:.0%}"


def run(knobs: dict[str, Any], report: Report) -> None:
    import math

    import numpy as np
    from sklearn.metrics import r2_score, root_mean_squared_error

    rate, steps, outlier = float(knobs["learning_rate"]), int(knobs["steps"]), knobs["outlier"]
    x, y = make_data(knobs["seed"], outlier)

    slope, intercept = 0.0, 0.0
    diverged = False
    for step in range(1, steps + 1):
        residual = slope * x + intercept - y
        # the gradient of mean((slope·x + intercept − y)²)
        slope -= rate * 2.0 * float(np.mean(residual * x))
        intercept -= rate * 2.0 * float(np.mean(residual))
        loss = float(np.mean((slope * x + intercept - y) ** 2))
        if not math.isfinite(loss) or loss > BLOWN_UP:
            diverged = True
            break
        report.point("gradient descent", step, loss)

    ls_slope, ls_intercept = least_squares(x, y)
    ls_loss = float(np.mean((ls_slope * x + ls_intercept - y) ** 2))
    report.series("least squares", [0.0, float(steps)], [ls_loss, ls_loss])
    error = max(abs(slope - ls_slope), abs(intercept - ls_intercept))

    clean_slope, _ = least_squares(*make_data(knobs["seed"], outlier=False))
    shift = ls_slope - clean_slope if outlier else 0.0

    rows: list[list[object]] = [
        ["least squares", round(ls_slope, 4), round(ls_intercept, 4), round(ls_loss, 4)],
        ["true line", TRUE_SLOPE, TRUE_INTERCEPT, ""],
    ]
    if not diverged:
        gd_loss = float(np.mean((slope * x + intercept - y) ** 2))
        gd_row: list[object] = ["gradient descent", round(slope, 4), round(intercept, 4)]
        rows.insert(0, [*gd_row, round(gd_loss, 4)])
    report.table("Fitted lines", ["method", "slope", "intercept", "MSE"], rows)

    # a diverged run has no line to score: its findings say so instead of giving a number
    predicted = slope * x + intercept
    for name, value in (
        ("r2", lambda: r2_score(y, predicted)),
        ("rmse", lambda: root_mean_squared_error(y, predicted)),
        ("gd_slope", lambda: slope),
        ("gd_intercept", lambda: intercept),
    ):
        report.finding(name, "diverged" if diverged else value())
    report.finding("ls_slope", ls_slope)
    report.finding("ls_intercept", ls_intercept)
    report.finding("gd_matches_least_squares", not diverged and error < MATCH)
    report.finding("gd_outcome", gd_outcome(error, diverged))
    report.finding("outlier_slope_shift", shift)
    report.finding("outlier_shift_band", slope_shift_band(abs(shift) / abs(clean_slope)))

    if diverged:
        report.note(
            f"At learning rate {rate:g} each step overshoots further: the loss blew up at step "
            f"{step}. Least squares gives slope {ls_slope:.3f}, intercept {ls_intercept:.3f}."
        )
    else:
        report.note(
            f"After {steps} steps gradient descent has slope {slope:.3f} and intercept "
            f"{intercept:.3f}; least squares gives {ls_slope:.3f} and {ls_intercept:.3f}."
        )
    if outlier:
        report.note(
            f"The one outlier moved the least-squares slope from {clean_slope:.3f} to "
            f"{ls_slope:.3f}: squaring makes a far-off point weigh heavily."
        )


SPEC = LabSpec(
    id="linear-regression",
    title="Linear regression: gradient descent and least squares",
    phase=3,
    summary="Gradient descent on the mean squared error walks to the least-squares line; "
    "too large a step diverges, and one outlier drags the line.",
    knobs=(
        Knob("learning_rate", float, 0.1, "step size of gradient descent", 0.001, 1.5),
        Knob("steps", int, 200, "how many gradient-descent steps", 10, 2000),
        Knob("outlier", bool, False, "add one point far below the line"),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="line",
        title="Mean squared error per gradient-descent step",
        x_label="step",
        y_label="MSE",
        x_integer=True,
    ),
    run=run,
    findings={  # name → the label a learner reads
        "r2": "R² of the gradient-descent line",
        "rmse": "RMSE of the gradient-descent line",
        "gd_slope": "Slope found by gradient descent",
        "gd_intercept": "Intercept found by gradient descent",
        "ls_slope": "Least-squares slope",
        "ls_intercept": "Least-squares intercept",
        "gd_matches_least_squares": "Gradient descent matches least squares",
        "gd_outcome": "Gradient descent",
        "outlier_slope_shift": "Slope change caused by the outlier",
        "outlier_shift_band": "The outlier moved the slope by",
    },
)
