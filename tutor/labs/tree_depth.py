"""Tree depth: train and test accuracy of a decision tree as it is allowed to grow deeper.

The data are 300 generated points (8 features, 3 of them informative) with 15% of the
labels flipped, so there is noise a tree can memorise. For each depth from 1 to
`max_depth` a tree is fitted to the training part: its training accuracy climbs to
100%, while its test accuracy peaks at a shallow depth and then falls. The gap
between the two curves is overfitting.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SAMPLES = 300
FLIPPED = 0.15  # share of labels flipped at random: the noise a deep tree memorises
FLAT = 0.03  # test accuracy that moves less than this over all depths has no peak to speak of
SHALLOW = 6  # "a shallow peak": the best test accuracy at this depth or less


def peak_place(test_scores: list[float]) -> str:
    """Where the test accuracy (one score per depth, from depth 1) peaks, in four words a
    prediction can name: flat, shallow, deeper but before the deepest, or at the deepest."""
    if max(test_scores) - min(test_scores) < FLAT:
        return "flat"
    best_depth = test_scores.index(max(test_scores)) + 1  # the shallowest best depth
    if best_depth == len(test_scores):
        return "the deepest tree"
    if best_depth <= SHALLOW:
        return f"depth 1 to {SHALLOW}"
    return f"depth {SHALLOW + 1} or more, before the deepest"


def make_data(seed: int) -> tuple[Any, Any]:
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=SAMPLES,
        n_features=8,
        n_informative=3,
        n_redundant=2,
        flip_y=FLIPPED,
        random_state=seed,
    )


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.model_selection import train_test_split
    from sklearn.tree import DecisionTreeClassifier

    max_depth, test_size, seed = int(knobs["max_depth"]), float(knobs["test_size"]), knobs["seed"]
    X, y = make_data(seed)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed
    )
    train_scores: list[float] = []
    test_scores: list[float] = []
    for depth in range(1, max_depth + 1):
        tree = DecisionTreeClassifier(max_depth=depth, random_state=seed).fit(X_train, y_train)
        train_scores.append(float(tree.score(X_train, y_train)))
        test_scores.append(float(tree.score(X_test, y_test)))
        report.point("train", depth, train_scores[-1])
        report.point("test", depth, test_scores[-1])

    best = int(np.argmax(test_scores))  # the shallowest depth with the best test accuracy
    best_depth, best_accuracy = best + 1, test_scores[best]
    gap = train_scores[-1] - test_scores[-1]
    report.table(
        "Accuracy per depth",
        ["depth", "train", "test", "gap"],
        [
            [d, round(tr, 4), round(te, 4), round(tr - te, 4)]
            for d, (tr, te) in enumerate(zip(train_scores, test_scores, strict=True), start=1)
        ],
    )
    report.finding("train_accuracy_reaches_1", max(train_scores) == 1.0)
    report.finding("best_test_depth", best_depth)
    report.finding("best_test_accuracy", best_accuracy)
    report.finding(
        "test_accuracy_peaks_before_max_depth",
        best_depth < max_depth and test_scores[-1] < best_accuracy,
    )
    report.finding("gap_at_max_depth", gap)
    report.finding("test_accuracy_peak", peak_place(test_scores))
    report.note(
        f"Test accuracy was best at depth {best_depth} ({best_accuracy:.1%}); at depth "
        f"{max_depth} the tree scores {train_scores[-1]:.1%} on its training data but "
        f"{test_scores[-1]:.1%} on the test data."
    )


SPEC = LabSpec(
    id="tree-depth",
    title="Decision-tree depth and overfitting",
    phase=2,
    summary="Deeper trees fit the training data ever better while test accuracy peaks and "
    "falls: the widening train/test gap is overfitting.",
    knobs=(
        Knob("max_depth", int, 12, "the deepest tree to grow", 2, 20),
        Knob("test_size", float, 0.3, "share of the data held out for testing", 0.1, 0.5),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="line",
        title="Train and test accuracy vs tree depth",
        x_label="max depth",
        y_label="accuracy",
        x_integer=True,
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "train_accuracy_reaches_1": "Training accuracy reaches 100%",
        "best_test_depth": "Depth with the best test accuracy",
        "best_test_accuracy": "Best test accuracy",
        "test_accuracy_peaks_before_max_depth": "Test accuracy peaks before the deepest tree",
        "gap_at_max_depth": "Train − test accuracy gap at the deepest tree",
        "test_accuracy_peak": "Where test accuracy peaks",
    },
)
