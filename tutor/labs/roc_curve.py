"""ROC curve: every threshold of one classifier at once, and the area under it (AUC).

Data: 400 generated points (10 features, 3 informative, one cluster per class, 5% of labels
flipped), the two classes `class_sep` apart, split in half (stratified). The chosen model is
trained on one half and scores the other: each test point gets a probability of being
positive. The lab then lowers a threshold from above the highest score to the lowest, one
distinct score at a time, and plots the share of negatives wrongly flagged (false positive
rate) against the share of positives caught (true positive rate). The area under that curve
is the AUC (trapezoids between its corners); the average precision (AP) sums the precision
at each threshold, weighted by the recall that threshold adds.

What to look for: well separated classes push the curve into the top-left corner (AUC near
1); overlapping classes bring it down to the diagonal, where the model ranks no better than
a coin (AUC 0.5). A shallow tree gives only a few distinct scores, so its curve has only a
few corners. AUC does not depend on any one threshold: it is the chance that a random
positive is scored above a random negative.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SAMPLES = 400
TEST_SHARE = 0.5
TABLE_THRESHOLDS = (0.1, 0.3, 0.5, 0.7, 0.9)
AUC_BANDS = (0.6, 0.8, 0.9)  # edges between near chance, fair, good and excellent


def auc_band(auc: float) -> str:
    """The AUC in a few words a prediction can name."""
    fair, good, excellent = AUC_BANDS
    if auc >= excellent:
        return "excellent (0.9 or more)"
    if auc >= good:
        return "good (0.8 to 0.9)"
    if auc >= fair:
        return "fair (0.6 to 0.8)"
    return "near chance (under 0.6)"


def make_data(class_sep: float, seed: int) -> tuple[Any, Any, Any, Any]:
    """(X_train, X_test, y_train, y_test)."""
    from sklearn.datasets import make_classification
    from sklearn.model_selection import train_test_split

    X, y = make_classification(
        n_samples=SAMPLES,
        n_features=10,
        n_informative=3,
        n_redundant=2,
        n_clusters_per_class=1,
        class_sep=class_sep,
        flip_y=0.05,
        random_state=seed,
    )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SHARE, stratify=y, random_state=seed
    )
    return X_train, X_test, y_train, y_test


def make_model(name: str, seed: int) -> Any:
    """A fresh, untrained model for the `model` knob."""
    if name == "tree":
        from sklearn.tree import DecisionTreeClassifier

        return DecisionTreeClassifier(max_depth=3, random_state=seed)
    if name == "naive-bayes":
        from sklearn.naive_bayes import GaussianNB

        return GaussianNB()
    from tutor.labs.common import scaled_logistic_regression

    return scaled_logistic_regression()


def roc_points(y_true: Any, scores: Any) -> tuple[Any, Any, Any]:
    """(true positives, false positives, threshold) at each distinct score, highest first:
    predicting positive when the score is at least the threshold."""
    import numpy as np

    order = np.argsort(-scores, kind="mergesort")
    scores, y_true = scores[order], y_true[order]
    last_of_each = np.r_[np.flatnonzero(np.diff(scores)), len(scores) - 1]
    tps = np.cumsum(y_true)[last_of_each]
    fps = last_of_each + 1 - tps
    return tps, fps, scores[last_of_each]


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np

    name, class_sep, seed = knobs["model"], float(knobs["class_sep"]), knobs["seed"]
    X_train, X_test, y_train, y_test = make_data(class_sep, seed)
    model = make_model(name, seed).fit(X_train, y_train)
    scores = model.predict_proba(X_test)[:, 1]
    report.check()

    positives = int(y_test.sum())
    negatives = len(y_test) - positives
    tps, fps, _ = roc_points(y_test, scores)
    tpr = np.r_[0.0, tps / positives]
    fpr = np.r_[0.0, fps / negatives]
    report.point("ROC curve", 0.0, 0.0)
    report.point("chance", 0.0, 0.0)
    for x, y in zip(fpr[1:], tpr[1:], strict=True):
        report.point("ROC curve", x, y)
    report.point("chance", 1.0, 1.0)

    auc = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))  # the trapezoids
    precision = tps / (tps + fps)
    average_precision = float(np.sum(np.diff(tpr) * precision))  # Δrecall × precision

    rows: list[list[object]] = []
    for t in TABLE_THRESHOLDS:
        flagged = scores >= t
        tp = int((flagged & (y_test == 1)).sum())
        fp = int(flagged.sum()) - tp
        rows.append(
            [
                t,
                round(tp / positives, 4),
                round(tp / (tp + fp), 4) if tp + fp else "none flagged",
                round(fp / negatives, 4),
            ]
        )
    report.table(
        f"Recall and precision at some thresholds ({name}, {len(y_test)} test points)",
        ["threshold", "recall (TPR)", "precision", "false positive rate"],
        rows,
    )
    report.finding("roc_auc", auc)
    report.finding("average_precision", average_precision)
    report.finding("auc_band", auc_band(auc))
    report.finding("distinct_thresholds", len(tps))
    report.note(
        f"AUC {auc:.3f}: a random positive test point gets a higher score than a random "
        f"negative one {auc:.0%} of the time. Average precision {average_precision:.3f}, "
        f"where ranking at random would give the share of positives, "
        f"{positives / len(y_test):.2f}."
    )


SPEC = LabSpec(
    id="roc-curve",
    title="ROC curve and AUC",
    phase=3,
    summary="The ROC curve shows every threshold at once; the area under it (AUC) summarises "
    "how well the model ranks positives above negatives.",
    knobs=(
        Knob("class_sep", float, 1.0, "how far apart the two classes lie", 0.1, 3.0),
        Knob(
            "model",
            str,
            "logistic",
            "logistic regression, tree (depth 3) or naive-bayes",
            choices=("logistic", "tree", "naive-bayes"),
        ),
        seed_knob(),
    ),
    chart=ChartSpec(
        "line",
        "ROC curve: true vs false positive rate",
        x_label="false positive rate",
        y_label="true positive rate",
        y_range=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "roc_auc": "Area under the ROC curve (AUC)",
        "average_precision": "Average precision (area under the PR curve)",
        "auc_band": "The AUC is",
        "distinct_thresholds": "Distinct thresholds (corners of the curve)",
    },
)
