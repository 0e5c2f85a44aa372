"""threshold: seeded findings, precision/recall/F1 against scikit-learn's, the trade-off."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab
from tutor.labs.threshold import THRESHOLDS, make_data, trade_off

LAB = "threshold"


def probabilities(share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(y_test, P(positive)) from a logistic regression fitted here, not by the lab."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = make_data(share, seed)
    model = make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear"))
    return y_test, model.fit(X_train, y_train).predict_proba(X_test)[:, 1]


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"threshold": 0.5, "positive_share": 0.3, "seed": 0}
    assert result.findings == {
        "precision_at_threshold": pytest.approx(0.841667, abs=1e-6),
        "recall_at_threshold": pytest.approx(0.673333, abs=1e-6),
        "f1_at_threshold": pytest.approx(0.748148, abs=1e-6),
        "accuracy_at_threshold": 0.864,
        "best_f1_threshold": 0.45,
        "best_f1": pytest.approx(0.752688, abs=1e-6),
        "trade_off": "favours precision",
    }
    assert set(result.series) == {"precision", "recall", "F1"}
    assert result.series["F1"].x == list(THRESHOLDS)
    (table,) = result.tables.values()
    assert table.rows == [["actually negative", 331, 19], ["actually positive", 49, 101]]


@pytest.mark.parametrize(
    ("threshold", "share", "seed"), [(0.5, 0.3, 0), (0.2, 0.3, 0), (0.8, 0.1, 4), (0.35, 0.05, 7)]
)
def test_scores_match_sklearn_from_the_confusion_matrix_and_from_predictions(
    threshold: float, share: float, seed: int
) -> None:
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    result = run_lab(LAB, {"threshold": threshold, "positive_share": share, "seed": seed})
    found = result.findings
    lab_scores = [found[f"{n}_at_threshold"] for n in ("precision", "recall", "f1")]

    # From the lab's own confusion matrix: rebuild labels and predictions with those counts.
    (table,) = result.tables.values()
    (_, tn, fp), (_, fn, tp) = table.rows
    y_true = np.repeat([0, 0, 1, 1], [tn, fp, fn, tp])
    y_pred = np.repeat([0, 1, 0, 1], [tn, fp, fn, tp])
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
    assert lab_scores == pytest.approx([p, r, f], abs=1e-6)
    assert found["accuracy_at_threshold"] == pytest.approx(accuracy_score(y_true, y_pred))

    # From predictions of a model fitted here: the same matrix and the same scores.
    y_test, proba = probabilities(share, seed)
    predicted = (proba >= threshold).astype(int)
    assert confusion_matrix(y_test, predicted).tolist() == [[tn, fp], [fn, tp]]
    p, r, f, _ = precision_recall_fscore_support(
        y_test, predicted, average="binary", zero_division=0
    )
    assert lab_scores == pytest.approx([p, r, f], abs=1e-6)
    assert found["accuracy_at_threshold"] == pytest.approx(accuracy_score(y_test, predicted))


def test_the_curves_and_the_best_f1_threshold_match_sklearn_at_every_threshold() -> None:
    from sklearn.metrics import precision_recall_fscore_support

    result = run_lab(LAB, {"positive_share": 0.1, "seed": 2})
    y_test, proba = probabilities(0.1, 2)
    expected = np.array(
        [
            precision_recall_fscore_support(
                y_test, (proba >= t).astype(int), average="binary", zero_division=0
            )[:3]
            for t in THRESHOLDS
        ]
    )
    for n, label in enumerate(("precision", "recall", "F1")):
        np.testing.assert_allclose(result.series[label].y, expected[:, n], atol=1e-12)
    best = int(np.argmax(expected[:, 2]))  # the first (lowest) best threshold
    assert result.findings["best_f1_threshold"] == THRESHOLDS[best]
    assert result.findings["best_f1"] == pytest.approx(expected[best, 2], abs=1e-6)


def test_lowering_the_threshold_trades_precision_for_recall() -> None:
    series = run_lab(LAB).series
    recall = series["recall"].y
    assert all(a >= b for a, b in zip(recall, recall[1:], strict=False))  # never rises
    assert recall[0] == 1.0 and recall[-1] < 0.2
    assert series["precision"].y[0] < 0.4 < 0.9 < max(series["precision"].y)
    low = run_lab(LAB, {"threshold": 0.2}).findings
    high = run_lab(LAB, {"threshold": 0.8}).findings
    assert low["trade_off"] == "favours recall" and high["trade_off"] == "favours precision"
    assert low["recall_at_threshold"] > 0.8 and high["precision_at_threshold"] > 0.9
    # The model is the same: the best threshold does not depend on the chosen one.
    assert low["best_f1_threshold"] == high["best_f1_threshold"] == 0.45


def test_a_threshold_above_every_probability_flags_nothing() -> None:
    findings = run_lab(LAB, {"threshold": 0.99, "positive_share": 0.05, "seed": 2}).findings
    assert findings["trade_off"] == "flags nothing"
    assert findings["precision_at_threshold"] == findings["recall_at_threshold"] == 0.0
    # Every test point is called negative: accuracy is the share of negatives.
    y_test = make_data(0.05, 2)[3]
    assert findings["accuracy_at_threshold"] == pytest.approx(1 - y_test.mean(), abs=1e-9)


@pytest.mark.parametrize(
    ("precision", "recall", "flagged", "band"),
    [
        (0.0, 0.0, 0, "flags nothing"),
        (0.9, 0.8, 10, "favours precision"),
        (0.8, 0.9, 10, "favours recall"),
        (0.85, 0.8, 10, "about balanced"),
        (0.7, 0.8, 10, "favours recall"),
    ],
)
def test_trade_off_bands(precision: float, recall: float, flagged: int, band: str) -> None:
    assert trade_off(precision, recall, flagged) == band


def test_a_seed_repeats_exactly_and_every_declared_finding_is_reported() -> None:
    first = run_lab(LAB, {"seed": 9, "threshold": 0.3})
    second = run_lab(LAB, {"seed": 9, "threshold": 0.3})
    assert first.findings == second.findings
    assert first.series == second.series
    assert set(first.findings) == set(get_lab(LAB).findings)
    assert run_lab(LAB, {"seed": 10, "threshold": 0.3}).findings != first.findings


def test_cancelling_stops_the_sweep() -> None:
    updates: list[int] = []
    with pytest.raises(LabCancelled):
        run_lab(LAB, on_update=lambda: updates.append(1), should_stop=lambda: len(updates) >= 5)
    assert len(updates) == 5


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"threshold": 0.0}, "threshold"),
        ({"threshold": 1.0}, "threshold"),
        ({"positive_share": 0.6}, "positive_share"),
        ({"positive_share": 0.01}, "positive_share"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
