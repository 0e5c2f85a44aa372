"""The tree-depth lab: seeded numbers, the overfitting shape over seeds, knobs, cancelling."""

from __future__ import annotations

import pytest

from tutor.labs import KnobError, get_lab, run_lab

LAB = "tree-depth"


def test_defaults_give_the_seeded_findings() -> None:
    result = run_lab(LAB)
    assert result.findings == {
        "train_accuracy_reaches_1": True,
        "best_test_depth": 4,
        "best_test_accuracy": pytest.approx(0.788889, abs=1e-6),
        "test_accuracy_peaks_before_max_depth": True,
        "gap_at_max_depth": pytest.approx(0.266667, abs=1e-6),
        "test_accuracy_peak": "depth 1 to 6",
    }
    assert result.series["train"].x == list(range(1, 13))
    assert result.series["test"].x == list(range(1, 13))
    assert result.series["train"].y[-1] == 1.0
    assert len(result.tables["Accuracy per depth"].rows) == 12


def test_a_second_setting_gives_its_seeded_findings() -> None:
    result = run_lab(LAB, {"max_depth": 20, "test_size": 0.5, "seed": 5})
    assert result.findings == {
        "train_accuracy_reaches_1": True,
        "best_test_depth": 2,
        "best_test_accuracy": pytest.approx(0.813333, abs=1e-6),
        "test_accuracy_peaks_before_max_depth": True,
        "gap_at_max_depth": pytest.approx(0.233333, abs=1e-6),
        "test_accuracy_peak": "depth 1 to 6",
    }
    assert set(result.findings) == set(get_lab(LAB).findings)  # every declared finding


def test_the_curves_match_trees_fitted_by_hand() -> None:
    from sklearn.model_selection import train_test_split
    from sklearn.tree import DecisionTreeClassifier

    from tutor.labs.tree_depth import make_data

    X, y = make_data(3)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=3)
    result = run_lab(LAB, {"seed": 3, "max_depth": 6})
    for depth in (1, 6):
        tree = DecisionTreeClassifier(max_depth=depth, random_state=3).fit(X_train, y_train)
        assert result.series["train"].y[depth - 1] == tree.score(X_train, y_train)
        assert result.series["test"].y[depth - 1] == tree.score(X_test, y_test)


def test_overfitting_shows_for_most_seeds() -> None:
    peaks = gaps = perfect = 0
    for seed in range(10):
        findings = run_lab(LAB, {"seed": seed}).findings
        peaks += findings["test_accuracy_peaks_before_max_depth"]
        perfect += findings["train_accuracy_reaches_1"]
        gaps += findings["gap_at_max_depth"] > 0.15
    assert peaks >= 9 and gaps >= 9 and perfect >= 8


def test_the_train_accuracy_never_falls_with_depth() -> None:
    train = run_lab(LAB, {"seed": 1}).series["train"].y
    assert all(a <= b for a, b in zip(train, train[1:], strict=False))


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"max_depth": 1}, "max_depth"),
        ({"max_depth": 21}, "max_depth"),
        ({"max_depth": 5.5}, "max_depth"),
        ({"test_size": 0.05}, "test_size"),
        ({"test_size": 0.55}, "test_size"),
    ],
)
def test_out_of_range_knobs_are_refused(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
