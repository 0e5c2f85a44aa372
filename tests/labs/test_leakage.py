"""leakage: the honest score equals cross_val_score of a Pipeline, the leaky one cross-validates
data the step saw whole; selecting noise features leaks a lot, scaling and imputing little."""

from __future__ import annotations

import time

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab
from tutor.labs.leakage import leak_size

LAB = "leakage"


def logistic() -> LogisticRegression:
    return LogisticRegression(solver="liblinear", max_iter=1000)


def folds(k: int, seed: int) -> StratifiedKFold:
    return StratifiedKFold(k, shuffle=True, random_state=seed)


def noise(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """100 examples of 2,000 Gaussian-noise features and balanced labels, as the lab makes."""
    X = np.random.default_rng(seed).normal(size=(100, 2000))
    return X, np.repeat([0, 1], 50)


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"step": "feature-selection", "k": 5, "seed": 0}
    assert result.findings == {
        "leaky_score": 0.82,
        "honest_score": 0.43,
        "difference": 0.39,
        "leaky_is_higher": True,
        "leak_size": "0.05 or more (large)",
    }
    assert set(result.findings) == set(get_lab(LAB).findings)
    assert result.series["CV accuracy"].x == [1.0, 2.0]
    assert result.series["CV accuracy"].y == pytest.approx([0.82, 0.43], abs=1e-12)


@pytest.mark.parametrize(("k", "seed"), [(5, 0), (4, 9)])
def test_selection_scores_match_cross_val_score(k: int, seed: int) -> None:
    X, y = noise(seed)
    honest = cross_val_score(
        Pipeline([("select", SelectKBest(f_classif, k=20)), ("model", logistic())]),
        X,
        y,
        cv=folds(k, seed),
    )
    X_seen = SelectKBest(f_classif, k=20).fit_transform(X, y)
    leaky = cross_val_score(logistic(), X_seen, y, cv=folds(k, seed))
    findings = run_lab(LAB, {"k": k, "seed": seed}).findings
    assert findings["honest_score"] == pytest.approx(honest.mean(), abs=1e-6)
    assert findings["leaky_score"] == pytest.approx(leaky.mean(), abs=1e-6)
    # Nothing in noise predicts the labels: honest is near chance, leaky far above it.
    assert abs(honest.mean() - 0.5) < 0.1 and findings["leaky_score"] > honest.mean() + 0.2


def test_scaling_scores_match_cross_val_score_and_barely_leak() -> None:
    X, y = load_breast_cancer(return_X_y=True)
    pipeline = Pipeline([("scale", StandardScaler()), ("model", logistic())])
    honest = cross_val_score(pipeline, X, y, cv=folds(5, 0)).mean()
    leaky = cross_val_score(logistic(), StandardScaler().fit_transform(X), y, cv=folds(5, 0))
    findings = run_lab(LAB, {"step": "scaling"}).findings
    assert findings["honest_score"] == pytest.approx(honest, abs=1e-6)
    assert findings["leaky_score"] == pytest.approx(leaky.mean(), abs=1e-6)
    assert findings == {
        "leaky_score": 0.980671,
        "honest_score": 0.978916,
        "difference": 0.001754,
        "leaky_is_higher": True,
        "leak_size": "under 0.01 (negligible)",
    }


def test_imputation_scores_match_cross_val_score_and_barely_leak() -> None:
    X, y = load_breast_cancer(return_X_y=True)
    X = X.copy()  # 30% of the values deleted with the seed, as the lab does
    X[np.random.default_rng(3).random(X.shape) < 0.3] = np.nan
    scaled = Pipeline([("scale", StandardScaler()), ("model", logistic())])
    honest = cross_val_score(
        Pipeline([("impute", SimpleImputer()), ("scale", StandardScaler()), ("model", logistic())]),
        X,
        y,
        cv=folds(3, 3),
    )
    leaky = cross_val_score(scaled, SimpleImputer().fit_transform(X), y, cv=folds(3, 3))
    findings = run_lab(LAB, {"step": "imputation", "k": 3, "seed": 3}).findings
    assert findings["honest_score"] == pytest.approx(honest.mean(), abs=1e-6)
    assert findings["leaky_score"] == pytest.approx(leaky.mean(), abs=1e-6)
    assert findings["leak_size"] == "under 0.01 (negligible)"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_selection_leaks_a_lot_for_other_seeds_too(seed: int) -> None:
    findings = run_lab(LAB, {"seed": seed}).findings
    assert findings["leaky_is_higher"] and findings["leak_size"] == "0.05 or more (large)"


@pytest.mark.parametrize(
    ("difference", "band"),
    [(-0.02, "under 0.01 (negligible)"), (0.0099, "under 0.01 (negligible)")]
    + [(0.01, "0.01 to 0.05 (small)"), (0.0499, "0.01 to 0.05 (small)")]
    + [(0.05, "0.05 or more (large)"), (0.4, "0.05 or more (large)")],
)
def test_leak_size_bands(difference: float, band: str) -> None:
    assert leak_size(difference) == band


def test_the_same_seed_repeats_exactly() -> None:
    knobs = {"step": "imputation", "seed": 4}
    assert run_lab(LAB, knobs).findings == run_lab(LAB, knobs).findings
    assert run_lab(LAB, {**knobs, "seed": 5}).findings != run_lab(LAB, knobs).findings


def test_cancelling_after_the_leaky_bar_stops_before_the_honest_one() -> None:
    updates = {"n": 0}

    def on_update() -> None:
        updates["n"] += 1

    started = time.perf_counter()
    with pytest.raises(LabCancelled):
        run_lab(LAB, on_update=on_update, should_stop=lambda: updates["n"] >= 1)
    assert updates["n"] == 1 and time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("values", "knob"),
    [({"k": 1}, "k"), ({"k": 11}, "k"), ({"step": "pca"}, "step"), ({"seed": 10_001}, "seed")],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
