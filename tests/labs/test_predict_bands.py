"""The categorical findings that decide predict questions: their band edges, their values at
the questions' knobs (the quantity recomputed here with numpy/scikit-learn where practical),
and that those values hold for five other seeds."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.content.model import PredictQuestion
from tutor.labs import run_lab
from tutor.labs.cv_scores import steadiness_band
from tutor.labs.dimensionality import QUERIES, ratio_band
from tutor.labs.double_descent import peak_place as dd_peak_place
from tutor.labs.learning_curve import gap_change, make_data
from tutor.labs.poly_fit import against_best
from tutor.labs.rule_vs_learned import beat_band, examples_to_beat
from tutor.labs.split_variance import deviation_band, split_seeds, spread_band
from tutor.labs.tree_depth import make_data as tree_data
from tutor.labs.tree_depth import peak_place as tree_peak_place
from tutor.learner import load_course

# --- band edges ------------------------------------------------------------------------------


def test_tree_depth_peak_bands() -> None:
    rising = [0.6, 0.7, 0.8]
    assert tree_peak_place(rising) == "the deepest tree"
    assert tree_peak_place([0.70, 0.71, 0.72, 0.71]) == "flat"  # moves less than 3 points
    assert tree_peak_place([0.70, 0.80] + [0.75] * 10) == "depth 1 to 6"
    assert tree_peak_place([0.7] * 5 + [0.8] + [0.75] * 6) == "depth 1 to 6"  # depth 6
    assert tree_peak_place([0.7] * 6 + [0.8] + [0.75] * 5) == (
        "depth 7 or more, before the deepest"
    )
    assert tree_peak_place([0.7, 0.8, 0.8]) == "depth 1 to 6"  # a tie: the shallowest counts


@pytest.mark.parametrize(
    ("ratio", "band"),
    [(0.0, "under 0.1"), (0.0999, "under 0.1"), (0.1, "0.1 to 0.4"), (0.3999, "0.1 to 0.4")]
    + [(0.4, "0.4 to 0.7"), (0.6999, "0.4 to 0.7"), (0.7, "over 0.7"), (1.0, "over 0.7")],
)
def test_dimensionality_ratio_bands(ratio: float, band: str) -> None:
    assert ratio_band(ratio) == band


@pytest.mark.parametrize(
    ("ratio", "band"),
    [(0.5, "narrower"), (0.8, "about the same"), (1.2499, "about the same")]
    + [(1.25, "about 2 times wider"), (2.7999, "about 2 times wider")]
    + [(2.8, "about 4 times wider or more"), (float("inf"), "about 4 times wider or more")],
)
def test_split_spread_bands(ratio: float, band: str) -> None:
    assert spread_band(ratio) == band


@pytest.mark.parametrize(
    ("points", "band"),
    [(0.0, "under 0.5 points"), (0.4999, "under 0.5 points"), (0.5, "0.5 to 1.5 points")]
    + [(1.5, "1.5 to 5 points"), (4.9999, "1.5 to 5 points"), (5.0, "over 5 points")],
)
def test_split_deviation_bands(points: float, band: str) -> None:
    assert deviation_band(points) == band


@pytest.mark.parametrize(
    ("ratio", "band"),
    [(0.79, "less steady"), (0.8, "about as steady"), (1.2499, "about as steady")]
    + [(1.25, "up to 3 times steadier"), (2.999, "up to 3 times steadier")]
    + [(3.0, "over 3 times steadier"), (float("inf"), "over 3 times steadier")],
)
def test_cv_steadiness_bands(ratio: float, band: str) -> None:
    assert steadiness_band(ratio) == band


def test_rule_vs_learned_bands() -> None:
    sizes = [10, 20, 50, 100, 200]
    # ahead at 20, behind at 50, ahead from 100 on: it stays ahead only from 100
    assert examples_to_beat(sizes, [0.9, 0.9, 0.7, 0.9, 0.9], 0.8) == 100
    assert examples_to_beat(sizes, [0.9] * 5, 0.8) == 10
    assert examples_to_beat(sizes, [0.9, 0.9, 0.9, 0.9, 0.8], 0.8) is None  # a tie is not ahead
    assert beat_band(None) == "not within the examples given"
    assert beat_band(19) == "fewer than 20 examples"
    assert beat_band(20) == beat_band(100) == "20 to 100 examples"
    assert beat_band(101) == "more than 100 examples"


def test_poly_fit_bands() -> None:
    assert against_best(3, 3, 1.0) == "the lowest of all degrees"
    assert against_best(4, 3, 1.9999) == "within 2 times the lowest"
    assert against_best(4, 3, 2.0) == against_best(4, 3, 99.9) == "2 to 100 times the lowest"
    assert against_best(15, 3, 100.0) == "over 100 times the lowest"


@pytest.mark.parametrize(
    ("first", "final", "change"),
    [(0.4, 0.51, "widens"), (0.4, 0.5, "stays about the same"), (0.4, 0.33, "stays about the same")]
    + [(0.4, 0.3199, "narrows but stays open"), (0.4, 0.1001, "narrows but stays open")]
    + [(0.4, 0.1, "nearly closes"), (0.4, -0.01, "nearly closes")]
    + [(0.01, 0.035, "widens"), (0.01, 0.0, "stays about the same")],
)
def test_learning_curve_gap_bands(first: float, final: float, change: str) -> None:
    assert gap_change(first, final) == change


def test_double_descent_peak_bands() -> None:
    assert dd_peak_place(30, 40, 160) == dd_peak_place(50, 40, 160) == "near n"
    assert dd_peak_place(29, 40, 160) == "well below n"
    assert dd_peak_place(51, 40, 160) == "well above n"
    assert dd_peak_place(160, 40, 160) == "at the most features"
    assert dd_peak_place(40, 40, 40) == "near n"  # near n wins over the most features


# --- values at the questions' knobs, recomputed -------------------------------------------


def test_tree_depth_peaks_shallow_at_the_question_knobs() -> None:
    from sklearn.model_selection import train_test_split
    from sklearn.tree import DecisionTreeClassifier

    X, y = tree_data(0)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    test = [
        DecisionTreeClassifier(max_depth=d, random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
        for d in range(1, 13)
    ]
    best_depth = int(np.argmax(test)) + 1
    assert best_depth == 4 and max(test) - min(test) >= 0.03
    findings = run_lab("tree-depth", {"max_depth": 12, "test_size": 0.3, "seed": 0}).findings
    assert findings["test_accuracy_peak"] == "depth 1 to 6"


def test_the_ratio_in_200_dimensions_is_over_0_7() -> None:
    from sklearn.metrics import pairwise_distances

    rng = np.random.default_rng(0)
    points = rng.uniform(size=(400, 200))
    queries = rng.uniform(size=(QUERIES, 200))
    distances = pairwise_distances(queries, points)
    ratio = float(np.mean(distances.min(axis=1) / distances.max(axis=1)))
    assert ratio == pytest.approx(0.7923, abs=1e-4)
    findings = run_lab("dimensionality", {"max_dims": 200, "points": 400, "seed": 0}).findings
    assert findings["ratio_band_at_max_dims"] == "over 0.7"


def test_split_variance_bands_at_the_question_knobs() -> None:
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    result = run_lab("split-variance", {"test_size": 0.2, "stratify": False, "seed": 0})
    spread = np.std(result.series["10%"].y) / np.std(result.series["40%"].y)
    assert result.findings["spread_ratio"] == pytest.approx(spread)
    assert 1.25 <= spread < 2.8 and spread == pytest.approx(2.2, abs=0.01)
    assert result.findings["smallest_test_size_spreads"] == "about 2 times wider"

    _, y = load_breast_cancer(return_X_y=True)
    malignant = y == 0
    seeds = split_seeds(np, 0, 3, 40)[1]  # the 20% test sets are the middle row
    gaps = [
        abs(malignant[train_test_split(np.arange(len(y)), test_size=0.2, random_state=int(s))[1]]
            .mean() - malignant.mean())
        for s in seeds
    ]  # fmt: skip
    assert 100 * np.mean(gaps) == pytest.approx(3.18, abs=0.01)
    assert result.findings["class_ratio_deviation_band"] == "1.5 to 5 points"


def test_cv_mean_is_over_3_times_steadier_at_k_5() -> None:
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    model = make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear", max_iter=1000))
    cv_means, single = [], []
    for s in range(20):
        splitter = StratifiedKFold(5, shuffle=True, random_state=s)
        cv_means.append(cross_val_score(model, X, y, cv=splitter).mean())
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=s, stratify=y)
        single.append(model.fit(X_tr, y_tr).score(X_te, y_te))
    steadiness = np.std(single) / np.std(cv_means)
    assert steadiness == pytest.approx(4.19, abs=0.01)
    assert run_lab("cv-scores", {"k": 5, "seed": 0}).findings["cv_mean_steadiness"] == (
        "over 3 times steadier"
    )


def test_the_filter_stays_ahead_of_the_rule_from_75_examples() -> None:
    result = run_lab("rule-vs-learned", {"examples": 400, "noise": 0.1, "seed": 0})
    rule, learned = result.series["rule"], result.series["learned"]
    behind = [x for x, a, r in zip(learned.x, learned.y, rule.y, strict=True) if a <= r]
    ahead_from = min(x for x in learned.x if x > max(behind))
    assert ahead_from == 75
    assert result.findings["examples_to_beat_rule"] == "20 to 100 examples"


def test_degree_15_cv_error_is_over_100_times_the_lowest() -> None:
    result = run_lab("poly-fit", {"degree": 15, "noise": 0.25, "points": 30, "seed": 0})
    cv = {row[0]: row[2] for row in result.tables["Error per degree"].rows}
    assert min(cv, key=cv.__getitem__) == 3
    assert cv[15] / cv[3] == pytest.approx(341, rel=0.01)
    assert result.findings["cv_mse_against_best"] == "over 100 times the lowest"


def test_the_tree_gap_narrows_to_about_half_with_sklearn_learning_curve() -> None:
    from sklearn.model_selection import learning_curve
    from sklearn.tree import DecisionTreeClassifier

    X, y, folds = make_data(0)
    sizes, train, valid = learning_curve(
        DecisionTreeClassifier(random_state=0), X, y, train_sizes=[80, 800], cv=folds
    )
    first, final = (train - valid).mean(axis=1)
    assert list(sizes) == [80, 800] and 0.25 < final / first < 0.8
    assert final / first == pytest.approx(0.46, abs=0.01)
    findings = run_lab("learning-curve", {"model": "tree", "sizes": 6, "seed": 0}).findings
    assert findings["gap_change"] == "narrows but stays open"


def test_the_double_descent_peak_is_at_40_features() -> None:
    result = run_lab(
        "double-descent", {"max_features": 160, "samples": 40, "noise": 0.2, "seed": 0}
    )
    errors = result.series["test error"]
    assert errors.x[int(np.argmax(errors.y))] == 40
    assert result.findings["peak_place"] == "near n"


# --- the questions' findings do not hang on seed 0 ----------------------------------------

ROBUST = [
    "q-overfit-depth-test-peaks",
    "q-dim-predict-ratio",
    "q-split-small-test-noisy",
    "q-split-plain-ratio-drifts",
    "q-cv-mean-steadier",
    "q-rules-predict-filter-overtakes",
    "q-overfit-predict-poly-cv",
    "q-bv-predict-learning-curve-gap",
    "q-bv-predict-double-descent-peak",
    "q-p4-fe-predict-circles",
    "q-p4-fe-predict-product",
    "q-p4-fe-predict-log",
    "q-p4-mv-impute-leak-predict",
    "q-p5-predict-bagging-vs-tree",
    "q-p5-predict-boost-fast-rate",
    "q-p6-pca-predict-wine-scaling",
    "q-p6-pca-predict-digits-scaling",
]


@pytest.mark.parametrize("question_id", ROBUST)
def test_the_right_answer_holds_for_five_other_seeds(question_id: str) -> None:
    question = load_course().questions[question_id]
    assert isinstance(question, PredictQuestion)
    (right,) = [c.when for c in question.choices if c.correct]
    for seed in range(1, 6):
        knobs = {**question.knobs, "seed": seed}
        observed = run_lab(question.lab, knobs).findings[question.finding]
        assert observed == right, f"{question_id} at seed {seed}: {observed!r}"
