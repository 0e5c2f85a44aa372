"""ensembles: every point of the accuracy curves equals a scikit-learn ensemble of that many
trees scored directly; the seeded findings; the verdict over seeds; bagging's lower
prediction variance over bootstrap resamples; boosting's rising train accuracy; cancelling."""

from __future__ import annotations

import time

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.ensemble import BaggingClassifier, GradientBoostingClassifier, RandomForestClassifier
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import resample

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab
from tutor.labs.ensembles import RESAMPLES, TIE, VARIANCE_TREES, against_tree, tree_depth

LAB = "ensembles"


def split(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The data as the lab's docstring describes it, built here."""
    X, y = make_classification(
        n_samples=400,
        n_features=10,
        n_informative=5,
        n_redundant=2,
        flip_y=0.1,
        random_state=seed,
    )
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=seed, stratify=y)
    return X_tr, X_te, y_tr, y_te


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {
        "method": "forest",
        "n_estimators": 100,
        "learning_rate": 0.1,
        "max_depth": 0,
        "seed": 0,
    }
    assert result.findings == {
        "final_test_accuracy": pytest.approx(0.891667, abs=1e-6),
        "final_train_accuracy": 1.0,
        "single_tree_accuracy": 0.825,
        "gain_over_tree": pytest.approx(0.066667, abs=1e-6),
        "against_tree": "beats the tree",
        "best_test_accuracy": 0.9,
        "estimators_at_best": 21,
        "tree_prediction_variance": pytest.approx(0.065741, abs=1e-6),
        "bagged_prediction_variance": pytest.approx(0.013189, abs=1e-6),
        "bagging_cuts_variance": True,
    }
    assert set(result.findings) == set(get_lab(LAB).findings)
    assert result.series["test"].x == [float(n) for n in range(1, 101)]
    assert result.series["single deep tree"].y == [0.825, 0.825]


@pytest.mark.parametrize(("method", "seed"), [("forest", 1), ("bagging", 2)])
def test_averaged_curves_equal_ensembles_of_that_many_trees(method: str, seed: int) -> None:
    X_tr, X_te, y_tr, y_te = split(seed)
    result = run_lab(LAB, {"method": method, "n_estimators": 25, "seed": seed})
    for n in (1, 2, 10, 11, 25):  # inside a chunk of trees, at its edge, and after it
        if method == "forest":
            model = RandomForestClassifier(n_estimators=n, random_state=seed)
        else:
            model = BaggingClassifier(DecisionTreeClassifier(), n_estimators=n, random_state=seed)
        model.fit(X_tr, y_tr)
        assert result.series["test"].y[n - 1] == model.score(X_te, y_te), n
        assert result.series["train"].y[n - 1] == model.score(X_tr, y_tr), n
    tree = DecisionTreeClassifier(random_state=seed).fit(X_tr, y_tr)
    assert result.findings["single_tree_accuracy"] == pytest.approx(tree.score(X_te, y_te))


def test_boosting_curves_equal_gradient_boosting_of_that_many_stages() -> None:
    X_tr, X_te, y_tr, y_te = split(3)
    knobs = {"method": "boosting", "n_estimators": 40, "learning_rate": 0.3, "seed": 3}
    result = run_lab(LAB, knobs)
    for n in (1, 17, 40):
        model = GradientBoostingClassifier(
            n_estimators=n, learning_rate=0.3, max_depth=3, random_state=3
        ).fit(X_tr, y_tr)
        assert result.series["test"].y[n - 1] == model.score(X_te, y_te), n
        assert result.series["train"].y[n - 1] == model.score(X_tr, y_tr), n
    assert result.findings["final_test_accuracy"] == pytest.approx(model.score(X_te, y_te))


def test_slow_boosting_of_stumps_climbs_in_train_accuracy() -> None:
    """Shrinkage and depth-1 trees: each stage removes a little bias."""
    knobs = {"method": "boosting", "n_estimators": 150, "learning_rate": 0.05, "max_depth": 1}
    train = run_lab(LAB, knobs).series["train"].y
    assert train[-1] - train[0] > 0.05
    assert np.mean(train[100:]) > np.mean(train[50:100]) > np.mean(train[:50])


def test_the_prediction_variance_is_recomputed_here() -> None:
    """The lab's procedure, written again: bootstrap rows, then one tree and a bag on them."""
    seed = 4
    X_tr, X_te, y_tr, _ = split(seed)
    rng = np.random.default_rng(seed)
    tree_probs, bag_probs = [], []
    for r in range(RESAMPLES):
        rows = rng.integers(0, len(X_tr), len(X_tr))
        tree = DecisionTreeClassifier(random_state=seed + r).fit(X_tr[rows], y_tr[rows])
        bag = BaggingClassifier(
            DecisionTreeClassifier(), n_estimators=VARIANCE_TREES, random_state=seed + r
        ).fit(X_tr[rows], y_tr[rows])
        tree_probs.append(tree.predict_proba(X_te)[:, 1])
        bag_probs.append(bag.predict_proba(X_te)[:, 1])
    findings = run_lab(LAB, {"n_estimators": 5, "seed": seed}).findings
    tree_variance = np.var(tree_probs, axis=0).mean()
    bag_variance = np.var(bag_probs, axis=0).mean()
    assert findings["tree_prediction_variance"] == pytest.approx(tree_variance, abs=1e-6)
    assert findings["bagged_prediction_variance"] == pytest.approx(bag_variance, abs=1e-6)
    assert findings["bagging_cuts_variance"] is True


@pytest.mark.parametrize("seed", [0, 7])
def test_a_bag_varies_less_than_one_tree_over_resamples(seed: int) -> None:
    """Issue 14: measured independently of the lab (sklearn's `resample`, a bag of 15)."""
    X_tr, X_te, y_tr, _ = split(seed)
    tree_probs, bag_probs = [], []
    for r in range(6):
        X, y = resample(X_tr, y_tr, random_state=100 + r)
        tree = DecisionTreeClassifier(random_state=r).fit(X, y)
        bag = BaggingClassifier(DecisionTreeClassifier(), n_estimators=15, random_state=r).fit(X, y)
        tree_probs.append(tree.predict_proba(X_te)[:, 1])
        bag_probs.append(bag.predict_proba(X_te)[:, 1])
    tree_variance = np.var(tree_probs, axis=0).mean()
    bag_variance = np.var(bag_probs, axis=0).mean()
    assert bag_variance < tree_variance / 2


def test_the_forest_beats_the_tree_for_seeds_1_to_4() -> None:
    for seed in range(1, 5):
        findings = run_lab(LAB, {"seed": seed}).findings
        assert findings["against_tree"] == "beats the tree", seed
        assert findings["bagging_cuts_variance"] is True
        ratio = findings["bagged_prediction_variance"] / findings["tree_prediction_variance"]
        assert ratio < 0.3, seed


def test_deep_boosted_trees_gain_nothing() -> None:
    """Boosting full-depth trees: the first trees already fit the training data, noise and
    all, and the rest have nothing left to correct."""
    knobs = {"method": "boosting", "max_depth": 20, "n_estimators": 20}
    findings = run_lab(LAB, knobs).findings
    assert findings["final_train_accuracy"] == 1.0
    assert findings["gain_over_tree"] < TIE


def test_verdict_bands_and_depths() -> None:
    assert against_tree(TIE) == "beats the tree"
    assert against_tree(TIE - 1e-9) == against_tree(0.0) == "about the same"
    assert against_tree(-TIE + 1e-9) == "about the same"
    assert against_tree(-TIE) == "worse than the tree"
    assert tree_depth("forest", 0) is None and tree_depth("bagging", 0) is None
    assert tree_depth("boosting", 0) == 3 and tree_depth("forest", 4) == 4


def test_the_same_seed_repeats() -> None:
    knobs = {"method": "bagging", "n_estimators": 15, "seed": 6}
    first = run_lab(LAB, knobs)
    assert first.findings == run_lab(LAB, knobs).findings
    assert first.series["test"].y != run_lab(LAB, {**knobs, "seed": 5}).series["test"].y


@pytest.mark.parametrize("method", ["forest", "boosting"])
def test_cancelling_stops_within_a_fifth_of_a_second(method: str) -> None:
    asked: dict[str, float] = {}

    def should_stop() -> bool:
        if "at" not in asked and time.perf_counter() - started > 0.05:
            asked["at"] = time.perf_counter()
        return "at" in asked

    started = time.perf_counter()
    with pytest.raises(LabCancelled):
        run_lab(LAB, {"method": method, "n_estimators": 300}, should_stop=should_stop)
    assert time.perf_counter() - asked["at"] < 0.2


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"method": "stacking"}, "method"),
        ({"n_estimators": 0}, "n_estimators"),
        ({"n_estimators": 301}, "n_estimators"),
        ({"learning_rate": 0.001}, "learning_rate"),
        ({"max_depth": 21}, "max_depth"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
