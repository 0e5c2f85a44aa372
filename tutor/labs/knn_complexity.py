"""k-nearest neighbours: train and test accuracy as k, the number of neighbours that vote, grows.

Data: either a generated customer-churn table (300 customers, 8 numeric features, 30% of
them churn, 10% of the labels flipped so there is noise to memorise; scikit-learn's
`make_classification` seeded by the seed knob) or scikit-learn's bundled breast-cancer
data (569 tumours, 30 features). 30% is held out for testing (stratified), the features
are standardised on the training part, and a `KNeighborsClassifier` is fitted for every k
from 1 to `k_max`.

What to look for:
* at k = 1 every training point is its own nearest neighbour, so training accuracy is
  100% while test accuracy is lower: the gap is overfitting;
* as k grows the vote smooths over more neighbours; test accuracy peaks at a small k;
* at a large k both curves sink toward always guessing the commoner class: underfitting.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

CHURN_ROWS = 300
CHURN_SHARE = 0.3  # share of customers who leave
FLIPPED = 0.1  # share of labels flipped at random: the noise k = 1 memorises
TEST_SHARE = 0.3
SMALL_K = 20  # "a small k": the best test accuracy at this k or less
DATASETS = ("churn", "breast-cancer")


def best_k_place(test_scores: list[float]) -> str:
    """Where the best test accuracy falls (one score per k, from k = 1), in words a prediction
    can name. On a tie the smallest k counts."""
    best_k = test_scores.index(max(test_scores)) + 1
    if best_k == 1:
        return "k = 1"
    if best_k == len(test_scores):
        return "the largest k"
    if best_k <= SMALL_K:
        return f"k = 2 to {SMALL_K}"
    return f"k = {SMALL_K + 1} or more, before the largest"


def make_data(dataset: str, seed: int) -> tuple[Any, Any, Any, Any]:
    """(X_train, X_test, y_train, y_test), standardised on the training part."""
    from sklearn.datasets import load_breast_cancer, make_classification
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    if dataset == "churn":
        X, y = make_classification(
            n_samples=CHURN_ROWS,
            n_features=8,
            n_informative=4,
            n_redundant=2,
            weights=[1 - CHURN_SHARE],
            flip_y=FLIPPED,
            random_state=seed,
        )
    else:
        X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SHARE, random_state=seed, stratify=y
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.neighbors import KNeighborsClassifier

    from tutor.labs.common import accuracy

    k_max, dataset, seed = int(knobs["k_max"]), knobs["dataset"], knobs["seed"]
    X_train, X_test, y_train, y_test = make_data(dataset, seed)
    train_scores: list[float] = []
    test_scores: list[float] = []
    for k in range(1, k_max + 1):
        model = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)
        train_scores.append(accuracy(model, X_train, y_train))
        test_scores.append(accuracy(model, X_test, y_test))
        report.point("train", k, train_scores[-1])
        report.point("test", k, test_scores[-1])

    best = test_scores.index(max(test_scores))  # the smallest k with the best test accuracy
    best_k, best_accuracy = best + 1, test_scores[best]
    share = float(np.mean(y_test))
    majority = max(share, 1 - share)  # always guessing the commoner class
    report.table(
        "Accuracy per k (every 5th k, and the best)",
        ["k", "train", "test", "gap"],
        [
            [k, round(tr, 4), round(te, 4), round(tr - te, 4)]
            for k, (tr, te) in enumerate(zip(train_scores, test_scores, strict=True), start=1)
            if k == 1 or k % 5 == 0 or k in (best_k, k_max)
        ],
    )
    gap_at_1 = train_scores[0] - test_scores[0]
    report.finding("train_accuracy_at_k1", train_scores[0])
    report.finding("gap_at_k1", gap_at_1)
    report.finding("small_k_overfits", gap_at_1 > train_scores[best] - best_accuracy)
    report.finding("best_k", best_k)
    report.finding("best_test_accuracy", best_accuracy)
    report.finding("test_accuracy_at_k_max", test_scores[-1])
    report.finding(
        "large_k_underfits",
        train_scores[-1] < train_scores[best] and test_scores[-1] < best_accuracy,
    )
    report.finding("majority_guess_accuracy", majority)
    report.finding("best_k_place", best_k_place(test_scores))
    report.note(
        f"At k = 1 the model scores {train_scores[0]:.0%} on its training data but "
        f"{test_scores[0]:.1%} on the test data; test accuracy is best at k = {best_k} "
        f"({best_accuracy:.1%}); at k = {k_max} it scores {train_scores[-1]:.1%} train and "
        f"{test_scores[-1]:.1%} test, against {majority:.1%} for always guessing the "
        "commoner class."
    )


SPEC = LabSpec(
    id="knn-complexity",
    title="k-nearest neighbours: the number of neighbours k",
    phase=3,
    summary="Train and test accuracy of kNN for k = 1 to k_max: a small k memorises the "
    "training data (overfits), a large k smooths everything away (underfits).",
    knobs=(
        Knob("k_max", int, 50, "the largest k (every k from 1 is tried)", 5, 100),
        Knob(
            "dataset",
            str,
            "churn",
            "generated churn table or breast-cancer data",
            choices=DATASETS,
        ),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="line",
        title="Train and test accuracy vs k (neighbours)",
        x_label="k (neighbours)",
        y_label="accuracy",
        x_integer=True,
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "train_accuracy_at_k1": "Training accuracy at k = 1",
        "gap_at_k1": "Train − test accuracy gap at k = 1",
        "small_k_overfits": "At k = 1 the gap is wider than at the best k",
        "best_k": "Best k (the highest test accuracy)",
        "best_test_accuracy": "Best test accuracy",
        "test_accuracy_at_k_max": "Test accuracy at the largest k",
        "large_k_underfits": "Both accuracies fall at the largest k",
        "majority_guess_accuracy": "Accuracy of always guessing the commoner class",
        "best_k_place": "Where the best k falls",
    },
)
