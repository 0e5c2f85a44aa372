"""Leakage: a preprocessing step fitted on all the data before cross-validation inflates the score.

The same step is used two ways. Leaky: it is fitted on the whole data set once, and
only the model is cross-validated on what it produced, so every test fold has already
been seen by the step. Honest: the step and the model form a `Pipeline` that is
cross-validated as one, so each fold's step is fitted on that fold's training part only.

* feature-selection: 100 examples of 2,000 features of pure Gaussian noise (drawn with the
  seed) and balanced labels that nothing predicts. `SelectKBest` keeps the 20 features
  that best match the labels, then a logistic regression learns from them. Fitted before
  the split, the selection has looked at the test folds' labels: the score looks far
  better than chance, though there is nothing to learn.
* scaling: `StandardScaler` on the breast-cancer data, then a logistic regression.
* imputation: the breast-cancer data with 30% of its values deleted at random (with the
  seed), filled in by `SimpleImputer` (column means), then scaled and a logistic regression.

Scaling and imputation look only at the inputs, never at the labels, and leak little;
selecting features by their fit to the labels leaks a lot.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.common import accuracy
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

NOISE_EXAMPLES = 100
NOISE_FEATURES = 2000
KEEP = 20  # features SelectKBest keeps
MISSING = 0.3  # share of the breast-cancer values deleted for the imputation step
LEAK_BANDS = (0.01, 0.05)  # band edges for leaky − honest accuracy


def leak_size(difference: float) -> str:
    """How much the leaky score exceeds the honest one, as one of three bands."""
    small, large = LEAK_BANDS
    if difference < small:
        return f"under {small:g} (negligible)"
    if difference < large:
        return f"{small:g} to {large:g} (small)"
    return f"{large:g} or more (large)"


def make_data(step: str, seed: int) -> tuple[Any, Any]:
    """(X, y) for the step: pure noise for feature selection, breast cancer otherwise."""
    import numpy as np
    from sklearn.datasets import load_breast_cancer

    rng = np.random.default_rng(seed)
    if step == "feature-selection":
        X = rng.normal(size=(NOISE_EXAMPLES, NOISE_FEATURES))
        y = np.repeat([0, 1], NOISE_EXAMPLES // 2)
        return X, y
    X, y = load_breast_cancer(return_X_y=True)
    if step == "imputation":
        X = X.copy()
        X[rng.random(X.shape) < MISSING] = np.nan
    return X, y


def make_step(step: str) -> Any:
    """The preprocessing step the lab fits before or inside cross-validation."""
    if step == "feature-selection":
        from sklearn.feature_selection import SelectKBest, f_classif

        return SelectKBest(f_classif, k=KEEP)
    if step == "scaling":
        from sklearn.preprocessing import StandardScaler

        return StandardScaler()
    from sklearn.impute import SimpleImputer

    return SimpleImputer(strategy="mean")


def make_model(step: str) -> Any:
    """What is cross-validated after the step (fitted inside each fold in both ways)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = LogisticRegression(solver="liblinear", max_iter=1000)
    if step == "imputation":  # the imputed values still need scaling, honestly, in the fold
        return make_pipeline(StandardScaler(), model)
    return model


def make_splitter(k: int, seed: int) -> Any:
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(k, shuffle=True, random_state=seed)


def fold_scores(model: Any, X: Any, y: Any, folds: list, report: Report) -> list[float]:
    """Accuracy on each test fold, as cross_val_score computes it."""
    from sklearn.base import clone

    scores = []
    for train, test in folds:
        fitted = clone(model).fit(X[train], y[train])
        scores.append(accuracy(fitted, X[test], y[test]))
        report.check()
    return scores


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.pipeline import make_pipeline

    step, k, seed = str(knobs["step"]), int(knobs["k"]), int(knobs["seed"])
    X, y = make_data(step, seed)
    folds = list(make_splitter(k, seed).split(X, y))

    # Leaky: the step sees every row, test folds included, before the split.
    X_seen = make_step(step).fit_transform(X, y)
    leaky = fold_scores(make_model(step), X_seen, y, folds, report)
    leaky_mean = float(np.mean(leaky))
    report.point("CV accuracy", 1, leaky_mean)

    # Honest: the step is part of the model, fitted on each fold's training part only.
    honest = fold_scores(make_pipeline(make_step(step), make_model(step)), X, y, folds, report)
    honest_mean = float(np.mean(honest))
    report.point("CV accuracy", 2, honest_mean)

    report.table(
        f"Accuracy per fold ({step})",
        ["fold", "leaky", "honest"],
        [
            [n, round(a, 4), round(b, 4)]
            for n, (a, b) in enumerate(zip(leaky, honest, strict=True), start=1)
        ],
    )
    difference = leaky_mean - honest_mean
    report.finding("leaky_score", leaky_mean)
    report.finding("honest_score", honest_mean)
    report.finding("difference", difference)
    report.finding("leaky_is_higher", leaky_mean > honest_mean)
    report.finding("leak_size", leak_size(difference))
    if step == "feature-selection":
        report.note(
            f"The features are pure noise, so nothing beats chance (0.5): the honest score is "
            f"{honest_mean:.2f}. Picking the {KEEP} best of {NOISE_FEATURES} features with "
            f"every label in view made the leaky score {leaky_mean:.2f}."
        )
    else:
        report.note(
            f"The {step} step looks only at the inputs, never the labels: leaky {leaky_mean:.3f}, "
            f"honest {honest_mean:.3f}. A small leak, but the honest pipeline is still the "
            f"number to report."
        )


SPEC = LabSpec(
    id="leakage",
    title="Leakage: fit preprocessing inside cross-validation",
    phase=3,
    summary="The same preprocessing fitted before the split (leaky) and inside each fold "
    "(honest): selecting features on all the data makes pure noise look predictive.",
    knobs=(
        Knob(
            "step",
            str,
            "feature-selection",
            "the step fitted before the split",
            choices=("feature-selection", "scaling", "imputation"),
        ),
        Knob("k", int, 5, "number of cross-validation folds", 2, 10),
        seed_knob(),
    ),
    chart=ChartSpec(
        "bar",
        "CV accuracy: step fitted before the split vs inside",
        x_label="1 leaky, 2 honest",
        y_label="accuracy",
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "leaky_score": "CV accuracy, step fitted before the split",
        "honest_score": "CV accuracy, step inside a Pipeline",
        "difference": "Leaky − honest accuracy",
        "leaky_is_higher": "The leaky score is higher",
        "leak_size": "The leak inflates accuracy by",
    },
)
