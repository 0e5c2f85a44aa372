"""The cv-scores lab: fold scores equal cross_val_score; seeded numbers; knobs; cancelling."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from tutor.labs import KnobError, get_lab, run_lab

LAB = "cv-scores"


def sklearn_scores(k: int, stratify: bool, seed: int) -> np.ndarray:
    X, y = load_breast_cancer(return_X_y=True)
    model = make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear", max_iter=1000))
    splitter = (StratifiedKFold if stratify else KFold)(k, shuffle=True, random_state=seed)
    return cross_val_score(model, X, y, cv=splitter, scoring="accuracy")


def test_defaults_give_the_seeded_findings_and_cross_val_scores() -> None:
    result = run_lab(LAB)
    assert result.findings == {
        "mean_score": pytest.approx(0.978916, abs=1e-6),
        "std_score": pytest.approx(0.014245, abs=1e-6),
        "interval_low": pytest.approx(0.95614, abs=1e-6),
        "interval_high": pytest.approx(1.0, abs=1e-6),
        "cv_mean_steadier_than_single_split": True,
        "steadiness_ratio": pytest.approx(4.19156, abs=1e-5),
        "cv_mean_steadiness": "over 3 times steadier",
    }
    bars = result.series["fold scores"]
    assert list(result.series) == ["fold scores", "mean"]  # the bars come first
    assert bars.x == [1, 2, 3, 4, 5]
    expected = sklearn_scores(5, True, 0)
    assert bars.y == pytest.approx(list(expected), abs=1e-12)
    assert result.series["mean"].y == pytest.approx([expected.mean()] * 5, abs=1e-12)
    assert result.findings["std_score"] == pytest.approx(expected.std(), abs=1e-6)


def test_plain_kfold_matches_cross_val_score_too() -> None:
    result = run_lab(LAB, {"k": 3, "stratify": False, "seed": 11})
    assert result.series["fold scores"].y == pytest.approx(
        list(sklearn_scores(3, False, 11)), abs=1e-12
    )
    assert result.findings == {
        "mean_score": pytest.approx(0.975401, abs=1e-6),
        "std_score": pytest.approx(0.013119, abs=1e-6),
        "interval_low": pytest.approx(0.957895, abs=1e-6),
        "interval_high": pytest.approx(0.994737, abs=1e-6),
        "cv_mean_steadier_than_single_split": True,
        "steadiness_ratio": pytest.approx(2.604284, abs=1e-6),
        "cv_mean_steadiness": "up to 3 times steadier",
    }
    assert set(result.findings) == set(get_lab(LAB).findings)  # every declared finding


def test_the_interval_pools_twenty_seeds_of_fold_scores() -> None:
    result = run_lab(LAB, {"k": 2, "seed": 5})
    pooled = np.concatenate([sklearn_scores(2, True, s) for s in range(5, 25)])
    low, high = np.percentile(pooled, [2.5, 97.5])
    assert result.findings["interval_low"] == pytest.approx(low, abs=1e-6)
    assert result.findings["interval_high"] == pytest.approx(high, abs=1e-6)
    assert low <= result.findings["mean_score"] <= high


def test_the_cv_mean_is_steadier_than_one_split_over_seeds() -> None:
    assert run_lab(LAB, {"k": 2, "seed": 1}).findings["cv_mean_steadier_than_single_split"]
    table = run_lab(LAB, {"k": 4, "stratify": False, "seed": 3}).tables[
        "Over 20 seeds (one split holds out 1/4 of the data)"
    ]
    (_, _, cv_std), (_, _, single_std) = table.rows
    assert cv_std < single_std


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"k": 1}, "k"),
        ({"k": 21}, "k"),
        ({"stratify": "maybe"}, "stratify"),
        ({"seed": -1}, "seed"),
    ],
)
def test_out_of_range_knobs_are_refused(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
