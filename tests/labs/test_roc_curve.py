"""roc-curve: AUC against roc_auc_score and its own curve, AP against average_precision_score."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab
from tutor.labs.roc_curve import auc_band, make_data

LAB = "roc-curve"


def model_scores(model: str, class_sep: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(y_test, P(positive)) from the knob's model, built and fitted here, not by the lab."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    X_train, X_test, y_train, y_test = make_data(class_sep, seed)
    estimator = {
        "logistic": make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear")),
        "tree": DecisionTreeClassifier(max_depth=3, random_state=seed),
        "naive-bayes": GaussianNB(),
    }[model]
    return y_test, estimator.fit(X_train, y_train).predict_proba(X_test)[:, 1]


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"class_sep": 1.0, "model": "logistic", "seed": 0}
    assert result.findings == {
        "roc_auc": pytest.approx(0.867381, abs=1e-6),
        "average_precision": pytest.approx(0.749768, abs=1e-6),
        "auc_band": "good (0.8 to 0.9)",
        "distinct_thresholds": 200,
    }
    curve = result.series["ROC curve"]
    assert (curve.x[0], curve.y[0]) == (0.0, 0.0) and (curve.x[-1], curve.y[-1]) == (1.0, 1.0)
    assert result.series["chance"].y == [0.0, 1.0]
    (table,) = result.tables.values()
    assert [row[0] for row in table.rows] == [0.1, 0.3, 0.5, 0.7, 0.9]


@pytest.mark.parametrize(
    ("model", "class_sep", "seed"),
    [("logistic", 1.0, 0), ("tree", 1.0, 0), ("naive-bayes", 0.5, 3), ("tree", 0.2, 5)],
)
def test_auc_and_ap_match_sklearn_and_the_area_under_the_lab_curve(
    model: str, class_sep: float, seed: int
) -> None:
    from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

    result = run_lab(LAB, {"model": model, "class_sep": class_sep, "seed": seed})
    y_test, scores = model_scores(model, class_sep, seed)
    auc = result.findings["roc_auc"]
    assert auc == pytest.approx(roc_auc_score(y_test, scores), abs=1e-6)
    curve = result.series["ROC curve"]
    assert auc == pytest.approx(np.trapezoid(curve.y, curve.x), abs=1e-6)
    assert result.findings["average_precision"] == pytest.approx(
        average_precision_score(y_test, scores), abs=1e-6
    )
    # The lab keeps every corner; sklearn drops the ones on a straight line: the same curve.
    fpr, tpr, _ = roc_curve(y_test, scores)
    corners = {(round(x, 9), round(y, 9)) for x, y in zip(curve.x, curve.y, strict=True)}
    assert {(round(x, 9), round(y, 9)) for x, y in zip(fpr, tpr, strict=True)} <= corners
    assert result.findings["distinct_thresholds"] == len(np.unique(scores))


def test_the_precision_recall_table_matches_sklearn() -> None:
    from sklearn.metrics import precision_score, recall_score

    result = run_lab(LAB, {"model": "naive-bayes", "seed": 1})
    y_test, scores = model_scores("naive-bayes", 1.0, 1)
    (table,) = result.tables.values()
    for threshold, recall, precision, fpr in table.rows:
        predicted = (scores >= threshold).astype(int)
        assert recall == pytest.approx(recall_score(y_test, predicted), abs=1e-4)
        assert precision == pytest.approx(precision_score(y_test, predicted), abs=1e-4)
        assert fpr == pytest.approx(predicted[y_test == 0].mean(), abs=1e-4)


def test_separation_lifts_the_curve_and_a_shallow_tree_has_few_corners() -> None:
    aucs = [run_lab(LAB, {"class_sep": sep}).findings["roc_auc"] for sep in (0.1, 0.5, 1.0, 2.0)]
    assert aucs == sorted(aucs) and aucs[0] < 0.6 and aucs[-1] > 0.95
    tree = run_lab(LAB, {"model": "tree"}).findings
    assert tree["distinct_thresholds"] <= 8  # a depth-3 tree has at most 8 leaves
    assert run_lab(LAB, {"class_sep": 2.0}).findings["auc_band"] == "excellent (0.9 or more)"
    assert run_lab(LAB, {"class_sep": 0.1}).findings["auc_band"] == "near chance (under 0.6)"


@pytest.mark.parametrize(
    ("auc", "band"),
    [(0.4, "near chance (under 0.6)"), (0.5999, "near chance (under 0.6)")]
    + [(0.6, "fair (0.6 to 0.8)"), (0.7999, "fair (0.6 to 0.8)"), (0.8, "good (0.8 to 0.9)")]
    + [(0.8999, "good (0.8 to 0.9)"), (0.9, "excellent (0.9 or more)")]
    + [(1.0, "excellent (0.9 or more)")],
)
def test_auc_bands(auc: float, band: str) -> None:
    assert auc_band(auc) == band


def test_a_seed_repeats_exactly_and_every_declared_finding_is_reported() -> None:
    first = run_lab(LAB, {"model": "tree", "seed": 8})
    assert first.findings == run_lab(LAB, {"model": "tree", "seed": 8}).findings
    assert first.series == run_lab(LAB, {"model": "tree", "seed": 8}).series
    assert set(first.findings) == set(get_lab(LAB).findings)
    assert first.notes


def test_cancelling_stops_the_curve() -> None:
    updates: list[int] = []
    with pytest.raises(LabCancelled):
        run_lab(LAB, on_update=lambda: updates.append(1), should_stop=lambda: len(updates) >= 3)
    assert len(updates) == 3


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"class_sep": 0.05}, "class_sep"),
        ({"class_sep": 3.5}, "class_sep"),
        ({"model": "svm"}, "model"),
        ({"seed": -1}, "seed"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
