"""Decision threshold: precision, recall and F1 of one logistic regression as its threshold moves.

Data: 1,000 generated points (8 features, 4 informative, one cluster per class, 2% of
labels flipped), a `positive_share` of them positive, split in half (stratified) for
training and testing. A logistic regression (on standardised inputs) gives each test point
a probability of being positive; the point is *predicted* positive when that probability is
at least the threshold. The lab sweeps the threshold from 0.01 to 0.99 and draws precision,
recall and F1 at each, then shows the confusion matrix at the chosen threshold.

What to look for: a low threshold catches nearly every positive (high recall) but lets in
many false alarms (low precision); a high threshold does the opposite. The model is the
same at every threshold: only the line between "yes" and "no" moves. F1 peaks somewhere in
between, here often a little below 0.5.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SAMPLES = 1000
TEST_SHARE = 0.5
THRESHOLDS = tuple(round(0.01 * n, 2) for n in range(1, 100))  # the chart's sweep
BALANCED = 0.1  # precision and recall this close count as "about balanced"


def trade_off(precision: float, recall: float, flagged: int) -> str:
    """Which side of the precision/recall trade-off a threshold sits on, in a few words
    (`flagged`: how many points the threshold predicts positive)."""
    if flagged == 0:
        return "flags nothing"
    gap = round(precision - recall, 9)  # 0.9 − 0.8 counts as 0.1, not 0.0999…
    if gap >= BALANCED:
        return "favours precision"
    if -gap >= BALANCED:
        return "favours recall"
    return "about balanced"


def make_data(positive_share: float, seed: int) -> tuple[Any, Any, Any, Any]:
    """(X_train, X_test, y_train, y_test): the same split for every threshold."""
    from sklearn.datasets import make_classification
    from sklearn.model_selection import train_test_split

    X, y = make_classification(
        n_samples=SAMPLES,
        n_features=8,
        n_informative=4,
        n_redundant=2,
        weights=[1 - positive_share],
        n_clusters_per_class=1,
        class_sep=0.6,
        flip_y=0.02,
        random_state=seed,
    )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SHARE, stratify=y, random_state=seed
    )
    return X_train, X_test, y_train, y_test


def confusion(y_true: Any, predicted: Any) -> tuple[int, int, int, int]:
    """(true negatives, false positives, false negatives, true positives)."""
    positive = y_true == 1
    tp = int((predicted & positive).sum())
    fp = int((predicted & ~positive).sum())
    fn = int((~predicted & positive).sum())
    tn = int((~predicted & ~positive).sum())
    return tn, fp, fn, tp


def scores(tn: int, fp: int, fn: int, tp: int) -> tuple[float, float, float, float]:
    """(precision, recall, F1, accuracy) from a confusion matrix; 0 where a ratio is 0/0."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return precision, recall, f1, (tp + tn) / (tn + fp + fn + tp)


def run(knobs: dict[str, Any], report: Report) -> None:
    from tutor.labs.common import scaled_logistic_regression

    threshold, share, seed = (
        float(knobs["threshold"]),
        float(knobs["positive_share"]),
        knobs["seed"],
    )
    X_train, X_test, y_train, y_test = make_data(share, seed)
    model = scaled_logistic_regression().fit(X_train, y_train)
    probability = model.predict_proba(X_test)[:, 1]
    report.check()

    best_f1, best_threshold = -1.0, THRESHOLDS[0]
    for t in THRESHOLDS:
        precision, recall, f1, _ = scores(*confusion(y_test, probability >= t))
        if f1 > best_f1:  # the lowest threshold wins a tie
            best_f1, best_threshold = f1, t
        report.point("precision", t, precision)
        report.point("recall", t, recall)
        report.point("F1", t, f1)

    tn, fp, fn, tp = confusion(y_test, probability >= threshold)
    precision, recall, f1, accuracy = scores(tn, fp, fn, tp)
    report.table(
        f"Confusion matrix at threshold {threshold:g} ({len(y_test)} test points)",
        ["", "predicted negative", "predicted positive"],
        [["actually negative", tn, fp], ["actually positive", fn, tp]],
    )
    report.finding("precision_at_threshold", precision)
    report.finding("recall_at_threshold", recall)
    report.finding("f1_at_threshold", f1)
    report.finding("accuracy_at_threshold", accuracy)
    report.finding("best_f1_threshold", best_threshold)
    report.finding("best_f1", best_f1)
    report.finding("trade_off", trade_off(precision, recall, tp + fp))
    report.note(
        f"At threshold {threshold:g} the model flags {tp + fp} of {len(y_test)} test points: "
        f"{tp} of the {tp + fn} positives are caught (recall {recall:.2f}) and {fp} flags are "
        f"false alarms (precision {precision:.2f}). F1 is best, {best_f1:.2f}, at "
        f"threshold {best_threshold:g}."
    )


SPEC = LabSpec(
    id="threshold",
    title="The decision threshold: precision vs recall",
    phase=3,
    summary="One model, many thresholds: lowering the threshold buys recall with precision, "
    "raising it does the opposite.",
    knobs=(
        Knob("threshold", float, 0.5, "predict positive when P(positive) ≥ this", 0.01, 0.99),
        Knob("positive_share", float, 0.3, "share of positive examples in the data", 0.05, 0.5),
        seed_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Precision, recall and F1 vs threshold (logistic regression)",
        x_label="threshold",
        y_label="score",
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "precision_at_threshold": "Precision at the chosen threshold",
        "recall_at_threshold": "Recall at the chosen threshold",
        "f1_at_threshold": "F1 at the chosen threshold",
        "accuracy_at_threshold": "Accuracy at the chosen threshold",
        "best_f1_threshold": "Threshold with the best F1",
        "best_f1": "Best F1 over all thresholds",
        "trade_off": "At the chosen threshold the model",
    },
)
