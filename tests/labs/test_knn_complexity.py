"""knn-complexity: accuracies equal KNeighborsClassifier scored here, the seeded findings,
the best-k bands, the overfit/underfit shape over seeds, knobs."""

from __future__ import annotations

import pytest

from tutor.labs import KnobError, get_lab, run_lab
from tutor.labs.knn_complexity import SMALL_K, best_k_place, make_data

LAB = "knn-complexity"


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"k_max": 50, "dataset": "churn", "seed": 0}
    assert result.findings == {
        "train_accuracy_at_k1": 1.0,
        "gap_at_k1": pytest.approx(0.155556, abs=1e-6),
        "small_k_overfits": True,
        "best_k": 3,
        "best_test_accuracy": pytest.approx(0.888889, abs=1e-6),
        "test_accuracy_at_k_max": pytest.approx(0.744444, abs=1e-6),
        "large_k_underfits": True,
        "majority_guess_accuracy": pytest.approx(0.722222, abs=1e-6),
        "best_k_place": "k = 2 to 20",
    }
    assert result.series["train"].x == [float(k) for k in range(1, 51)]
    assert set(result.findings) == set(get_lab(LAB).findings)


@pytest.mark.parametrize(("dataset", "seed"), [("churn", 0), ("breast-cancer", 2)])
def test_accuracies_equal_kneighbors_classifier_scored_directly(dataset: str, seed: int) -> None:
    from sklearn.datasets import load_breast_cancer, make_classification
    from sklearn.model_selection import train_test_split
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    if dataset == "churn":
        X, y = make_classification(
            n_samples=300,
            n_features=8,
            n_informative=4,
            n_redundant=2,
            weights=[0.7],
            flip_y=0.1,
            random_state=seed,
        )
    else:
        X, y = load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=seed, stratify=y)
    result = run_lab(LAB, {"dataset": dataset, "seed": seed, "k_max": 30})
    with threadpool_limits(limits=1):  # many small neighbour searches: threads only slow them
        for k in range(1, 31):
            model = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=k))
            model.fit(X_tr, y_tr)
            assert result.series["train"].y[k - 1] == model.score(X_tr, y_tr), k
            assert result.series["test"].y[k - 1] == model.score(X_te, y_te), k


def test_breast_cancer_is_easy_for_every_k() -> None:
    result = run_lab(LAB, {"dataset": "breast-cancer", "seed": 2})
    assert result.findings["train_accuracy_at_k1"] == 1.0
    assert result.findings["best_k"] == 8
    assert result.findings["best_test_accuracy"] == pytest.approx(0.976608, abs=1e-6)
    assert min(result.series["test"].y) > 0.9


def test_small_k_overfits_and_large_k_underfits_for_most_seeds() -> None:
    overfit = underfit = small = 0
    for seed in range(1, 9):
        findings = run_lab(LAB, {"seed": seed}).findings
        assert findings["train_accuracy_at_k1"] == 1.0
        overfit += findings["small_k_overfits"]
        underfit += findings["large_k_underfits"]
        small += findings["best_k_place"] in ("k = 1", f"k = 2 to {SMALL_K}")
    assert overfit >= 7 and underfit >= 7 and small >= 7


def test_best_k_bands() -> None:
    assert best_k_place([0.9, 0.8, 0.8]) == "k = 1"
    assert best_k_place([0.8, 0.9, 0.8]) == "k = 2 to 20"
    assert best_k_place([0.8] * 19 + [0.9] + [0.8] * 5) == "k = 2 to 20"  # k = 20
    assert best_k_place([0.8] * 20 + [0.9] + [0.8] * 5) == "k = 21 or more, before the largest"
    assert best_k_place([0.8, 0.8, 0.9]) == "the largest k"
    assert best_k_place([0.8, 0.9, 0.9]) == "k = 2 to 20"  # a tie: the smallest k counts


def test_the_features_are_standardised_on_the_training_part() -> None:
    X_train, X_test, y_train, y_test = make_data("churn", 0)
    assert abs(X_train.mean(axis=0)).max() < 1e-9
    assert len(X_train) == 210 and len(X_test) == 90 and len(y_train) + len(y_test) == 300


@pytest.mark.parametrize(
    ("values", "knob"),
    [({"k_max": 4}, "k_max"), ({"k_max": 101}, "k_max"), ({"dataset": "iris"}, "dataset")],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
