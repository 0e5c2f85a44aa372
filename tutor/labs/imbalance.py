"""Class imbalance: when positives are rare, a high accuracy can hide a model that finds none.

Data: 2,000 generated points (10 features, 2 informative, classes that overlap), a
`positive_share` of them positive, split in half (stratified). For each share on the chart
(1% to 50%, and the knob's own) a logistic regression (on standardised inputs, with the
knob's `class_weight`) is trained, and its accuracy, recall and precision on the test half
are drawn next to the accuracy of the majority-class baseline (scikit-learn's
`DummyClassifier`, which always answers "negative"). At the knob's share the lab also trains
the model with the other class weighting, to show what `class_weight="balanced"` does.

What to look for: with 2% positives the baseline scores 98% accuracy and 0 recall; the
unweighted model, whose training loss is dominated by the negatives, often does no better.
Balanced class weights count each positive as much as all the negatives together, so the
model starts flagging positives: recall jumps, accuracy and precision drop.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SAMPLES = 2000
TEST_SHARE = 0.5
SHARES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)  # the chart's x values (plus the knob's)
HIGH_ACCURACY = 0.95  # "high accuracy" in the headline finding
HALF = 0.5  # recall bands: zero, under a half, a half or more
CHANGE_BANDS = (0.05, 0.3)  # recall change: about the same / a little / a lot


def recall_band(recall: float) -> str:
    """The model's recall in a word a prediction can name."""
    if recall == 0:
        return "zero"
    return "under 0.5" if recall < HALF else "0.5 or more"


def balancing_effect(unweighted_recall: float, balanced_recall: float) -> str:
    """What balanced class weights do to recall, in a few words."""
    same, a_lot = CHANGE_BANDS
    change = round(balanced_recall - unweighted_recall, 9)  # 0.55 − 0.5 counts as 0.05
    if change >= a_lot:
        return "raises recall a lot"
    if change >= same:
        return "raises recall a little"
    if change > -same:
        return "leaves recall about the same"
    return "lowers recall"


def make_data(positive_share: float, seed: int) -> tuple[Any, Any, Any, Any]:
    """(X_train, X_test, y_train, y_test) with `positive_share` of the points positive."""
    from sklearn.datasets import make_classification
    from sklearn.model_selection import train_test_split

    X, y = make_classification(
        n_samples=SAMPLES,
        n_features=10,
        n_informative=2,
        n_redundant=2,
        n_clusters_per_class=1,
        weights=[1 - positive_share],
        class_sep=0.3,
        flip_y=0.0,  # no random labels: the share is exactly the knob's
        random_state=seed,
    )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SHARE, stratify=y, random_state=seed
    )
    return X_train, X_test, y_train, y_test


def make_model(class_weight: str) -> Any:
    """A fresh logistic regression on standardised inputs, with the knob's class weights."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    weights = None if class_weight == "none" else class_weight
    return make_pipeline(StandardScaler(), LogisticRegression(class_weight=weights))


def positive_scores(y_true: Any, predicted: Any) -> tuple[float, float, float]:
    """(accuracy, recall, precision) of the positive class; precision 0 when none flagged."""
    positive = y_true == 1
    tp = int((predicted[positive] == 1).sum())
    flagged = int((predicted == 1).sum())
    accuracy = float((predicted == y_true).mean())
    return accuracy, tp / int(positive.sum()), tp / flagged if flagged else 0.0


def run(knobs: dict[str, Any], report: Report) -> None:
    from sklearn.dummy import DummyClassifier

    share, class_weight, seed = float(knobs["positive_share"]), knobs["class_weight"], knobs["seed"]
    rows: list[list[float]] = []
    at_share: dict[str, tuple[float, float, float]] = {}
    for s in sorted({*SHARES, share}):
        X_train, X_test, y_train, y_test = make_data(s, seed)
        baseline = DummyClassifier(strategy="most_frequent").fit(X_train, y_train)
        base_accuracy, base_recall, _ = positive_scores(y_test, baseline.predict(X_test))
        model = make_model(class_weight).fit(X_train, y_train)
        accuracy, recall, precision = positive_scores(y_test, model.predict(X_test))
        report.point("accuracy", s, accuracy)
        report.point("recall", s, recall)
        report.point("precision", s, precision)
        report.point("baseline accuracy", s, base_accuracy)
        rows.append(
            [s, int(y_test.sum()), round(base_accuracy, 4)]
            + [round(accuracy, 4), round(recall, 4), round(precision, 4)]
        )
        if s == share:
            other = "none" if class_weight == "balanced" else "balanced"
            other_model = make_model(other).fit(X_train, y_train)
            at_share = {
                "baseline": (base_accuracy, base_recall, 0.0),
                class_weight: (accuracy, recall, precision),
                other: positive_scores(y_test, other_model.predict(X_test)),
            }
            report.check()

    report.table(
        f"Test scores by share of positives (class_weight {class_weight})",
        ["positive share", "test positives", "baseline accuracy"]
        + ["accuracy", "recall", "precision"],
        rows,
    )
    base_accuracy, base_recall, _ = at_share["baseline"]
    accuracy, recall, precision = at_share[class_weight]
    report.finding("baseline_accuracy", base_accuracy)
    report.finding("baseline_recall", base_recall)
    report.finding("model_accuracy", accuracy)
    report.finding("model_recall", recall)
    report.finding("model_precision", precision)
    report.finding("high_accuracy_zero_recall", accuracy >= HIGH_ACCURACY and recall == 0)
    report.finding("recall_band", recall_band(recall))
    unweighted, balanced = at_share["none"], at_share["balanced"]
    report.finding("unweighted_recall", unweighted[1])
    report.finding("balanced_recall", balanced[1])
    report.finding("balancing_effect", balancing_effect(unweighted[1], balanced[1]))
    report.finding("accuracy_cost_of_balancing", unweighted[0] - balanced[0])
    report.note(
        f"With {share * 100:g}% positives, always answering 'negative' scores {base_accuracy:.1%} "
        f"accuracy and finds none of them. The model (class_weight {class_weight}) scores "
        f"{accuracy:.1%} accuracy with recall {recall:.2f}. Balanced weights take recall from "
        f"{unweighted[1]:.2f} to {balanced[1]:.2f}, while accuracy goes from "
        f"{unweighted[0]:.1%} to {balanced[0]:.1%}."
    )


SPEC = LabSpec(
    id="imbalance",
    title="Class imbalance: accuracy vs recall",
    phase=3,
    summary="With rare positives, 99% accuracy can mean zero recall; balanced class weights "
    "trade some accuracy for finding the positives.",
    knobs=(
        Knob("positive_share", float, 0.02, "share of positive examples in the data", 0.01, 0.5),
        Knob(
            "class_weight",
            str,
            "none",
            "none, or balanced: rare classes weigh more",
            choices=("none", "balanced"),
        ),
        seed_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Test scores vs share of positives (logistic regression)",
        x_label="share of positives",
        y_label="score",
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "baseline_accuracy": "Accuracy of always answering 'negative'",
        "baseline_recall": "Recall of always answering 'negative'",
        "model_accuracy": "Model accuracy at this share",
        "model_recall": "Model recall at this share",
        "model_precision": "Model precision at this share",
        "high_accuracy_zero_recall": "The model scores 95%+ accuracy with zero recall",
        "recall_band": "The model's recall at this share is",
        "unweighted_recall": "Recall without class weights",
        "balanced_recall": "Recall with balanced class weights",
        "balancing_effect": "Balanced class weights",
        "accuracy_cost_of_balancing": "Accuracy given up by balancing the weights",
    },
)
