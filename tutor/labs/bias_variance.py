"""Bias–variance decomposition, measured: bias² falls and variance rises with complexity.

The true function is known, f(x) = sin(2πx) on [0, 1], and every training set is
30 points of it with Gaussian noise of standard deviation σ (the `noise` knob). The
training x are spread evenly with a random jitter, so that no training set leaves an
end of the interval empty (a degree-10 polynomial would explode there).

For each complexity level (polynomial degree or tree depth 1..10) the lab draws
`resamples` training sets, fits one model to each, and predicts on a fixed grid of
50 test x. Then, averaging over the grid:

* bias²    = (mean prediction − f(x))²      — how far off the *average* model is;
* variance = variance of the predictions across training sets — how much the model
  changes when the data change;
* noise    = σ²                              — what no model can remove;
* measured = (prediction − a fresh noisy y)², averaged over grid and training sets.

Theory says measured ≈ bias² + variance + noise; the lab checks that it does.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.common import legendre_basis, legendre_fit, sine
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

TRAIN_SIZE = 30
TEST_POINTS = 50
LEVELS = range(1, 11)


def _tree_predictions_by_depth(
    x_train: Any, y_train: Any, x_test: Any, max_depth: int, seed: int
) -> Any:
    """Predictions of trees of depth 1..max_depth, from a single tree grown to max_depth.

    Each split depends only on the training points that reach its node, so a tree limited
    to depth d is exactly the deep tree cut at depth d. Walking each test x down the deep
    tree one level at a time, the node it stands on after d steps is the leaf it would
    reach in the depth-d tree, and that node's mean is the depth-d prediction. (The tests
    check this against fitting `DecisionTreeRegressor(max_depth=d)` directly.)
    """
    import numpy as np
    from sklearn.tree import DecisionTreeRegressor

    tree = DecisionTreeRegressor(max_depth=max_depth, random_state=seed)
    structure = tree.fit(x_train[:, None], y_train).tree_
    left, right = structure.children_left, structure.children_right
    mean = structure.value[:, 0, 0]
    x = x_test.astype(np.float32)  # trees compare in float32, as sklearn does
    node = np.zeros(x.size, dtype=np.intp)
    out = np.empty((max_depth + 1, x.size))
    out[0] = mean[node]
    for depth in range(1, max_depth + 1):
        leaf = left[node] == -1
        child = np.where(x <= structure.threshold[node], left[node], right[node])
        node = np.where(leaf, node, child)
        out[depth] = mean[node]
    return out


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np

    model = knobs["model"]
    resamples = knobs["resamples"]
    sigma = knobs["noise"]
    seed = knobs["seed"]
    rng = np.random.default_rng(seed)

    x_test = np.linspace(0.0, 1.0, TEST_POINTS)
    f_test = sine(x_test)
    # Every training set drawn up front, so the numbers do not depend on the model.
    x_train = (np.arange(TRAIN_SIZE) + rng.uniform(size=(resamples, TRAIN_SIZE))) / TRAIN_SIZE
    y_train = sine(x_train) + rng.normal(0.0, sigma, size=x_train.shape)
    # A fresh noisy observation at each test x for each training set: the "future" data.
    y_fresh = f_test + rng.normal(0.0, sigma, size=(resamples, TEST_POINTS))
    noise = sigma**2

    if model == "tree":
        # One deep tree per training set gives the predictions at every depth.
        by_depth = np.empty((resamples, max(LEVELS) + 1, TEST_POINTS))
        for r in range(resamples):
            by_depth[r] = _tree_predictions_by_depth(
                x_train[r], y_train[r], x_test, max(LEVELS), seed
            )
            report.check()

    rows: list[list[object]] = []
    levels, bias2s, variances, measureds = [], [], [], []
    for level in LEVELS:
        if model == "tree":
            predictions = by_depth[:, level]
        else:
            predictions = np.empty((resamples, TEST_POINTS))
            test_basis = legendre_basis(x_test, level)
            for r in range(resamples):
                predictions[r] = test_basis @ legendre_fit(x_train[r], y_train[r], level)
            report.check()
        mean_prediction = predictions.mean(axis=0)
        bias2 = float(np.mean((mean_prediction - f_test) ** 2))
        variance = float(np.mean(predictions.var(axis=0)))
        measured = float(np.mean((predictions - y_fresh) ** 2))
        total = bias2 + variance + noise

        levels.append(level)
        bias2s.append(bias2)
        variances.append(variance)
        measureds.append(measured)
        rows.append(
            [
                level,
                round(bias2, 4),
                round(variance, 4),
                round(noise, 4),
                round(total, 4),
                round(measured, 4),
            ]
        )
        report.point("bias²", level, bias2)
        report.point("variance", level, variance)
        report.point("noise", level, noise)
        report.point("total", level, measured)

    name = "degree" if model == "polynomial" else "depth"
    report.table(
        f"Decomposition per {name} ({resamples} training sets of {TRAIN_SIZE} points)",
        [name, "bias²", "variance", "noise", "bias²+variance+noise", "measured"],
        rows,
    )

    gaps = [abs(b + v + noise - m) for b, v, m in zip(bias2s, variances, measureds, strict=True)]
    matches = all(gap <= 0.1 * m + 0.01 for gap, m in zip(gaps, measureds, strict=True))
    best = levels[int(np.argmin(measureds))]
    report.finding("bias_falls", bias2s[-1] < bias2s[0])
    report.finding("variance_rises", variances[-1] > variances[0])
    report.finding("decomposition_matches", matches)
    report.finding("best_complexity", best)
    report.finding("max_decomposition_gap", max(gaps))
    report.note(
        f"As the {name} went from {levels[0]} to {levels[-1]}, bias² went from "
        f"{bias2s[0]:.3f} to {bias2s[-1]:.3f} and variance from {variances[0]:.3f} to "
        f"{variances[-1]:.3f}; the measured error was lowest at {name} {best} "
        f"({min(measureds):.3f}, of which {noise:.3f} is noise no model can remove)."
    )


SPEC = LabSpec(
    id="bias-variance",
    title="Bias and variance, measured",
    phase=2,
    summary="Refit a model on many training sets: bias² falls and variance rises with "
    "complexity, and they add up to the error.",
    knobs=(
        Knob(
            "model",
            str,
            "polynomial",
            "model family: polynomial (complexity = degree) or tree (complexity = depth)",
            choices=("polynomial", "tree"),
        ),
        Knob("resamples", int, 60, "how many training sets to draw and fit", 10, 300),
        Knob("noise", float, 0.3, "standard deviation σ of the noise on y", 0.05, 1.0),
        seed_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Bias², variance, noise and total error vs complexity",
        x_label="complexity (degree or depth)",
        y_label="squared error",
        x_integer=True,
    ),
    run=run,
    findings={  # name → the label a learner reads
        "bias_falls": "Bias² falls as complexity grows",
        "variance_rises": "Variance rises as complexity grows",
        "decomposition_matches": "Bias² + variance + noise matches the measured error",
        "best_complexity": "Complexity with the lowest measured error",
        "max_decomposition_gap": "Largest gap between that sum and the measured error",
    },
)
