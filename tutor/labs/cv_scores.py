"""Cross-validation scores: one accuracy per fold, their mean, and how steady that mean is.

A logistic regression (standardised inputs) on the breast-cancer data is scored by
k-fold cross-validation (stratified or plain, shuffled with the seed). The bars are
the k fold scores; the line is their mean. The run then repeats the k-fold split with
20 seeds to give a 95% interval of fold scores, and compares how much the k-fold mean
moves between seeds with how much a single train/test split's score moves.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.common import accuracy, scaled_logistic_regression
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

REPEATS = 20  # seeds seed .. seed+19 for the interval and the steadiness comparison
STEADINESS_BANDS = (0.8, 1.25, 3.0)  # band edges for (one split's std) / (CV mean's std)


def steadiness_band(ratio: float) -> str:
    """How many times steadier the CV mean is than one split, as one of four bands."""
    less, same, few = STEADINESS_BANDS
    if ratio < less:
        return "less steady"
    if ratio < same:
        return "about as steady"
    if ratio < few:
        return f"up to {few:g} times steadier"
    return f"over {few:g} times steadier"


def make_splitter(k: int, stratify: bool, seed: int) -> Any:
    from sklearn.model_selection import KFold, StratifiedKFold

    kind = StratifiedKFold if stratify else KFold
    return kind(n_splits=k, shuffle=True, random_state=seed)


def load_data() -> tuple[Any, Any]:
    from sklearn.datasets import load_breast_cancer

    return load_breast_cancer(return_X_y=True)


def fold_scores(X: Any, y: Any, splitter: Any, report: Report, label: str | None = None) -> list:
    """Accuracy on each test fold (as cross_val_score computes it), streamed if `label`."""
    scores = []
    for n, (train, test) in enumerate(splitter.split(X, y), start=1):
        model = scaled_logistic_regression().fit(X[train], y[train])
        scores.append(accuracy(model, X[test], y[test]))
        if label is not None:
            report.point(label, n, scores[-1])
        else:
            report.check()
    return scores


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.model_selection import train_test_split

    k, stratify, seed = int(knobs["k"]), bool(knobs["stratify"]), int(knobs["seed"])
    X, y = load_data()
    scores = fold_scores(X, y, make_splitter(k, stratify, seed), report, "fold scores")
    mean, std = float(np.mean(scores)), float(np.std(scores))
    report.series("mean", list(range(1, k + 1)), [mean] * k)

    # The same k-fold split with 20 seeds, and one train/test split (test share 1/k) each.
    pooled = list(scores)
    cv_means = [mean]
    single = []
    for s in range(seed, seed + REPEATS):
        if s != seed:
            repeat = fold_scores(X, y, make_splitter(k, stratify, s), report)
            pooled += repeat
            cv_means.append(float(np.mean(repeat)))
        train, test = train_test_split(
            np.arange(len(y)), test_size=1 / k, random_state=s, stratify=y if stratify else None
        )
        model = scaled_logistic_regression().fit(X[train], y[train])
        single.append(accuracy(model, X[test], y[test]))
    low, high = (float(v) for v in np.percentile(pooled, [2.5, 97.5]))
    steadier = bool(np.std(cv_means) < np.std(single))
    cv_std = float(np.std(cv_means))
    steadiness = float(np.std(single)) / cv_std if cv_std else float("inf")

    report.table(
        "Fold scores",
        ["fold", "accuracy"],
        [[n, round(v, 4)] for n, v in enumerate(scores, start=1)],
    )
    report.table(
        f"Over {REPEATS} seeds (one split holds out 1/{k} of the data)",
        ["estimate", "mean", "std"],
        [
            [
                f"{k}-fold mean",
                round(float(np.mean(cv_means)), 4),
                round(float(np.std(cv_means)), 4),
            ],
            [
                "one split",
                round(float(np.mean(single)), 4),
                round(float(np.std(single)), 4),
            ],
        ],
    )
    report.finding("mean_score", mean)
    report.finding("std_score", std)
    report.finding("interval_low", low)
    report.finding("interval_high", high)
    report.finding("cv_mean_steadier_than_single_split", steadier)
    report.finding("steadiness_ratio", steadiness)
    report.finding("cv_mean_steadiness", steadiness_band(steadiness))
    report.note(
        f"The {k} folds scored from {min(scores):.1%} to {max(scores):.1%}; their mean, "
        f"{mean:.1%}, moved {'less' if steadier else 'more'} between seeds than one split's score."
    )


SPEC = LabSpec(
    id="cv-scores",
    title="Cross-validation: a score per fold",
    phase=2,
    summary="k-fold cross-validation of a logistic regression on the breast-cancer data: "
    "fold scores vary, and their mean is steadier than one train/test split.",
    knobs=(
        Knob("k", int, 5, "number of folds", 2, 20),
        Knob("stratify", bool, True, "keep the class ratio the same in every fold"),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="bar",
        title="Accuracy per fold",
        x_label="fold",
        y_label="accuracy",
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "mean_score": "Mean accuracy over the folds",
        "std_score": "Standard deviation of the fold accuracies",
        "interval_low": "Low end of the 95% interval (20 repeats)",
        "interval_high": "High end of the 95% interval (20 repeats)",
        "cv_mean_steadier_than_single_split": "The CV mean is steadier than one split",
        "steadiness_ratio": "One split's std ÷ the CV mean's std (20 seeds)",
        "cv_mean_steadiness": "Against one split, the CV mean is",
    },
)
