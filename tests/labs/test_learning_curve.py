"""learning-curve: seeded numbers, agreement with sklearn's learning_curve, and the insight."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, get_lab, run_lab
from tutor.labs.learning_curve import make_data, make_model, training_sizes

LAB = "learning-curve"


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"model": "tree", "sizes": 6, "seed": 0}
    assert result.findings == {
        "first_gap": 0.408,
        "final_gap": 0.186,
        "gap_shrinks_with_more_data": True,
        "final_validation_score": 0.814,
        "gap_change": "narrows but stays open",
    }
    assert result.series["train"].x == [80.0, 224.0, 368.0, 512.0, 656.0, 800.0]
    # The unpruned tree memorises its training data at every size: high variance.
    assert result.series["train"].y == [1.0] * 6


def test_naive_bayes_findings_at_a_second_setting() -> None:
    result = run_lab(LAB, {"model": "naive-bayes", "sizes": 4, "seed": 2})
    assert result.findings == {
        "first_gap": 0.3535,
        "final_gap": 0.02375,
        "gap_shrinks_with_more_data": True,
        "final_validation_score": 0.842,
        "gap_change": "nearly closes",
    }
    assert len(result.series["validation"].x) == 4


@pytest.mark.parametrize(("model", "seed"), [("tree", 0), ("naive-bayes", 3)])
def test_scores_match_sklearn_learning_curve_on_the_same_folds(model: str, seed: int) -> None:
    from sklearn.model_selection import learning_curve

    X, y, folds = make_data(seed)
    fractions = np.linspace(0.1, 1.0, 6)
    sizes, train, valid = learning_curve(
        make_model(model, seed), X, y, cv=folds, train_sizes=fractions, shuffle=False, n_jobs=1
    )
    result = run_lab(LAB, {"model": model, "seed": seed})
    assert result.series["train"].x == [float(n) for n in sizes]
    assert training_sizes(fractions, len(folds[0][0])) == list(sizes)
    np.testing.assert_allclose(result.series["train"].y, train.mean(axis=1))
    np.testing.assert_allclose(result.series["validation"].y, valid.mean(axis=1))


@pytest.mark.parametrize("seed", [1, 2])
def test_more_data_closes_the_tree_gap_for_other_seeds(seed: int) -> None:
    findings = run_lab(LAB, {"seed": seed}).findings
    assert findings["gap_shrinks_with_more_data"]
    assert findings["first_gap"] > 0.3 and findings["final_gap"] < 0.25


def test_naive_bayes_has_a_small_gap_but_a_low_training_score() -> None:
    result = run_lab(LAB, {"model": "naive-bayes"})
    assert result.findings["final_gap"] < 0.08
    # High bias: even on its own training data it stays below 0.9 ...
    assert result.series["train"].y[-1] < 0.9
    # ... while the tree fits its training data perfectly at the same size.
    assert run_lab(LAB).series["train"].y[-1] == 1.0
    assert "high bias" in result.notes[0]


def test_svc_scores_high_with_a_small_gap() -> None:
    findings = run_lab(LAB, {"model": "svc", "sizes": 3}).findings
    assert findings["final_validation_score"] > 0.95
    assert findings["final_gap"] < 0.05


def test_every_declared_finding_is_reported() -> None:
    spec = get_lab(LAB)
    result = run_lab(LAB, {"model": "naive-bayes", "sizes": 3})
    assert set(result.findings) == set(spec.findings)
    assert set(result.series) == {"train", "validation"}
    (table,) = result.tables.values()
    assert len(table.rows) == 3
    assert result.notes


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"sizes": 2}, "sizes"),
        ({"sizes": 11}, "sizes"),
        ({"model": "knn"}, "model"),
        ({"seed": 10_001}, "seed"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
