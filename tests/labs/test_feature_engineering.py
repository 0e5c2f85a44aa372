"""feature-engineering: every bar equals a scikit-learn pipeline (ColumnTransformer with
PolynomialFeatures, FunctionTransformer, KBinsDiscretizer, then LogisticRegression or
LinearRegression) scored here; the seeded findings; which feature helps on each data set
for seeds 0-4; the bands; cancelling."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    PolynomialFeatures,
    StandardScaler,
)

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab
from tutor.labs.feature_engineering import HELP, helped, make_data, most_helpful

LAB = "feature-engineering"
ALL_ON = {"squares": True, "interaction": True, "log": True, "bins": True}


def pipeline(dataset: str, features: tuple[str, ...]) -> object:
    """The raw columns x1, x2, x3 plus the named features, then the lab's model."""
    parts: list[tuple[str, object, list[int]]] = [("raw", "passthrough", [0, 1, 2])]
    if "squares" in features:  # x1², x1·x2, x2² from PolynomialFeatures; keep the squares
        squares = make_pipeline(
            PolynomialFeatures(2, include_bias=False),
            FunctionTransformer(lambda Z: Z[:, [2, 4]]),
        )
        parts.append(("squares", squares, [0, 1]))
    if "interaction" in features:
        product = PolynomialFeatures(2, interaction_only=True, include_bias=False)
        parts.append(
            ("interaction", make_pipeline(product, FunctionTransformer(lambda Z: Z[:, 2:])), [0, 1])
        )
    if "log" in features:
        parts.append(("log", FunctionTransformer(np.log), [2]))
    if "bins" in features:
        bins = KBinsDiscretizer(n_bins=5, encode="onehot-dense", strategy="quantile")
        parts.append(("bins", bins, [0, 1, 2]))
    columns = ColumnTransformer(parts)
    if dataset == "circles":
        return make_pipeline(columns, StandardScaler(), LogisticRegression(max_iter=1000))
    return make_pipeline(columns, LinearRegression())


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {
        "dataset": "circles",
        "squares": True,
        "interaction": False,
        "log": False,
        "bins": False,
        "noise": 0.2,
        "seed": 0,
    }
    assert result.findings == {
        "raw_score": 0.5,
        "chosen_score": pytest.approx(0.866667, abs=1e-6),
        "gain": pytest.approx(0.366667, abs=1e-6),
        "chosen_helped": "helped",
        "most_helpful": "squares",
        "most_helpful_gain": pytest.approx(0.366667, abs=1e-6),
    }
    assert set(result.findings) == set(get_lab(LAB).findings)
    assert result.series["test score"].x == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


@pytest.mark.parametrize(
    ("dataset", "seed"), [("circles", 0), ("square", 1), ("product", 2), ("log", 3)]
)
def test_every_bar_equals_a_pipeline_scored_here(dataset: str, seed: int) -> None:
    X_tr, X_te, y_tr, y_te = make_data(dataset, 0.3, seed)
    result = run_lab(LAB, {"dataset": dataset, "noise": 0.3, "seed": seed, **ALL_ON})
    sets = [(), ("squares",), ("interaction",), ("log",), ("bins",), tuple(ALL_ON)]
    for bar, features in enumerate(sets):
        model = pipeline(dataset, features).fit(X_tr, y_tr)  # type: ignore[attr-defined]
        expected_test, expected_train = model.score(X_te, y_te), model.score(X_tr, y_tr)
        assert result.series["test score"].y[bar] == pytest.approx(expected_test, abs=1e-9)
        assert result.series["train score"].y[bar] == pytest.approx(expected_train, abs=1e-9)


def test_the_data_are_as_described() -> None:
    X_tr, X_te, y_tr, y_te = make_data("product", 0.0, 5)
    X, y = np.vstack([X_tr, X_te]), np.concatenate([y_tr, y_te])
    assert len(X) == 300 and len(X_te) == 90
    assert np.allclose(y, X[:, 0] * X[:, 1])  # no noise: the product itself
    assert X[:, 2].min() > 0 and np.mean(X[:, 2]) > np.median(X[:, 2])  # positive, skewed
    _, _, y_log, _ = make_data("log", 0.0, 5)
    assert np.allclose(y_log, np.log(make_data("log", 0.0, 5)[0][:, 2]))
    _, _, labels, _ = make_data("circles", 0.1, 5)
    assert set(labels) == {0, 1}


@pytest.mark.parametrize(
    ("dataset", "feature"),
    [("circles", "squares"), ("square", "squares"), ("product", "interaction"), ("log", "log")],
)
def test_the_right_feature_helps_most_for_seeds_0_to_4(dataset: str, feature: str) -> None:
    for seed in range(5):
        findings = run_lab(LAB, {"dataset": dataset, "seed": seed}).findings
        assert findings["most_helpful"] == feature, seed
        assert findings["most_helpful_gain"] > 0.3, seed


def test_the_default_finding_holds_for_seeds_1_to_4() -> None:
    for seed in range(1, 5):
        findings = run_lab(LAB, {"seed": seed}).findings
        assert findings["chosen_helped"] == "helped" and findings["most_helpful"] == "squares"
        assert findings["raw_score"] < 0.6 < 0.8 < findings["chosen_score"]


def test_the_wrong_feature_does_not_help() -> None:
    knobs = {"dataset": "product", "squares": True, "log": True}
    findings = run_lab(LAB, knobs).findings
    assert findings["chosen_helped"] == "no help" and abs(findings["gain"]) < HELP
    assert findings["most_helpful"] == "interaction"


def test_bands() -> None:
    scores = {"squares": 0.6, "interaction": 0.6, "log": 0.5, "bins": 0.55}
    assert most_helpful(0.5, scores) == "squares"  # a tie: the first named counts
    assert most_helpful(0.6 - HELP, scores) == "squares"  # a gain of HELP
    assert most_helpful(0.6 - HELP + 1e-6, scores) == "none"
    assert helped(HELP) == "helped" and helped(HELP - 1e-9) == "no help"


def test_the_same_seed_repeats() -> None:
    knobs = {"dataset": "log", "bins": True, "seed": 8}
    first = run_lab(LAB, knobs)
    assert first.findings == run_lab(LAB, knobs).findings
    assert first.series["test score"].y != run_lab(LAB, {**knobs, "seed": 9}).series["test score"].y


def test_cancelling_stops_at_the_next_bar() -> None:
    reported: list[int] = []

    def should_stop() -> bool:
        reported.append(1)
        return len(reported) > 2  # after the first bar's two points

    with pytest.raises(LabCancelled):
        run_lab(LAB, should_stop=should_stop)
    assert len(reported) == 3


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"dataset": "moons"}, "dataset"),
        ({"noise": -0.1}, "noise"),
        ({"noise": 1.5}, "noise"),
        ({"squares": "maybe"}, "squares"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
