"""Learning curves: training and validation score as the training set grows.

Data: 1,000 handwritten digits (a random subset of scikit-learn's `load_digits`, 8×8
pixels, ten classes), split into 5 stratified cross-validation folds. For each training
size from 10% to 100% of a fold's training part, the model is trained on the first n
examples of each fold's training part and scored (accuracy) on those same n examples
and on the fold's held-out part. This is exactly what
`sklearn.model_selection.learning_curve` does on the same folds; the lab runs the loop
itself so that the chart grows one training size at a time.

What to look for:
* an unpruned decision tree (high variance) scores 1.0 on its own training data at every
  size; its validation score climbs with more data, so the gap closes;
* Gaussian naive Bayes (high bias) has a small gap, but even its *training* score is low:
  more data will not help much, a richer model would;
* an RBF support-vector classifier scores high on both with a small gap.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SUBSET = 1000
FOLDS = 5
SMALL_GAP = 0.02  # a gap this small at the start cannot shrink by a share worth naming
GAP_BANDS = (0.25, 0.8, 1.25)  # band edges for (final gap) / (first gap)


def gap_change(first_gap: float, final_gap: float) -> str:
    """How the train − validation gap changed from the smallest size to the largest."""
    closes, narrows, same = GAP_BANDS
    if first_gap < SMALL_GAP:
        return "widens" if final_gap > first_gap + SMALL_GAP else "stays about the same"
    ratio = final_gap / first_gap
    if ratio > same:
        return "widens"
    if ratio >= narrows:
        return "stays about the same"
    if ratio > closes:
        return "narrows but stays open"
    return "nearly closes"


def make_model(name: str, seed: int) -> Any:
    """A fresh, untrained model for the `model` knob."""
    if name == "tree":
        from sklearn.tree import DecisionTreeClassifier

        return DecisionTreeClassifier(random_state=seed)
    if name == "naive-bayes":
        from sklearn.naive_bayes import GaussianNB

        return GaussianNB()
    from sklearn.svm import SVC

    return SVC()


def make_data(seed: int) -> tuple[Any, Any, list[tuple[Any, Any]]]:
    """(X, y, folds): the same digits and folds for every model at one seed."""
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.model_selection import StratifiedKFold

    X, y = load_digits(return_X_y=True)
    keep = np.random.default_rng(seed).permutation(len(y))[:SUBSET]
    X, y = X[keep], y[keep]
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(X, y))
    return X, y, folds


def training_sizes(fractions: Any, largest: int) -> list[int]:
    """Fractions of the largest training set → whole numbers of examples (as sklearn does)."""
    import numpy as np

    sizes = (np.asarray(fractions) * largest).astype(int)
    return [int(n) for n in np.unique(np.clip(sizes, 1, largest))]


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.base import clone

    name = knobs["model"]
    seed = knobs["seed"]
    X, y, folds = make_data(seed)
    largest = min(len(train) for train, _ in folds)
    sizes = training_sizes(np.linspace(0.1, 1.0, knobs["sizes"]), largest)
    template = make_model(name, seed)

    rows: list[list[object]] = []
    train_means, valid_means = [], []
    for n in sizes:
        train_scores, valid_scores = [], []
        for train, valid in folds:
            part = train[:n]
            model = clone(template).fit(X[part], y[part])
            train_scores.append(model.score(X[part], y[part]))
            valid_scores.append(model.score(X[valid], y[valid]))
            report.check()
        train_mean, valid_mean = float(np.mean(train_scores)), float(np.mean(valid_scores))
        train_means.append(train_mean)
        valid_means.append(valid_mean)
        rows.append(
            [
                n,
                round(train_mean, 4),
                round(float(np.std(train_scores)), 4),
                round(valid_mean, 4),
                round(float(np.std(valid_scores)), 4),
                round(train_mean - valid_mean, 4),
            ]
        )
        report.point("train", n, train_mean)
        report.point("validation", n, valid_mean)

    report.table(
        f"Accuracy by training size ({name}, {FOLDS}-fold CV on {SUBSET} digits)",
        ["training examples", "train", "train std", "validation", "validation std", "gap"],
        rows,
    )
    first_gap = train_means[0] - valid_means[0]
    final_gap = train_means[-1] - valid_means[-1]
    report.finding("first_gap", first_gap)
    report.finding("final_gap", final_gap)
    report.finding("gap_shrinks_with_more_data", final_gap < first_gap)
    report.finding("final_validation_score", valid_means[-1])
    report.finding("gap_change", gap_change(first_gap, final_gap))

    growth = f"from {sizes[0]} to {sizes[-1]} examples"
    if name == "tree":
        report.note(
            f"The unpruned tree scores {train_means[-1]:.2f} on its own training data "
            f"(high variance); {growth} the gap to validation went from {first_gap:.2f} to "
            f"{final_gap:.2f} as validation rose to {valid_means[-1]:.2f}: more data closes it."
        )
    elif name == "naive-bayes":
        report.note(
            f"Naive Bayes ends with a small gap ({final_gap:.2f}) but a low score: even on "
            f"its own training data it reaches only {train_means[-1]:.2f} (high bias), so "
            f"more data helps little; a more flexible model would."
        )
    else:
        report.note(
            f"The RBF SVC ends at {train_means[-1]:.2f} train and {valid_means[-1]:.2f} "
            f"validation, a gap of {final_gap:.2f}: low bias, and enough data to keep the "
            f"variance small."
        )


SPEC = LabSpec(
    id="learning-curve",
    title="Learning curves",
    phase=2,
    summary="Train and validation score vs training-set size: more data closes the gap "
    "of a high-variance model, not of a high-bias one.",
    knobs=(
        Knob(
            "model",
            str,
            "tree",
            "tree (unpruned, high variance), naive-bayes (Gaussian, high bias) or svc (RBF kernel)",
            choices=("tree", "naive-bayes", "svc"),
        ),
        Knob("sizes", int, 6, "how many training sizes, from 10% to 100% of the data", 3, 10),
        seed_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Learning curve on digits (mean over 5 folds)",
        x_label="training examples",
        y_label="accuracy",
        x_integer=True,
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "first_gap": "Train − validation gap at the smallest size",
        "final_gap": "Train − validation gap at the largest size",
        "gap_shrinks_with_more_data": "The gap shrinks with more data",
        "final_validation_score": "Validation accuracy at the largest size",
        "gap_change": "From the smallest to the largest size, the gap",
    },
)
