"""model-comparison: every box is cross_val_score on the same folds; the seeded findings; the
clear-winner / within-the-noise verdict; cancelling."""

from __future__ import annotations

import time

import pytest
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab
from tutor.labs.model_comparison import verdict

LAB = "model-comparison"


def models(seed: int) -> dict[str, object]:
    """The lab's five classifiers, as its docstring describes them, built here independently."""
    return {
        "logistic": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        "svc": make_pipeline(StandardScaler(), SVC()),
        "knn": make_pipeline(StandardScaler(), KNeighborsClassifier()),
        "tree": DecisionTreeClassifier(random_state=seed),
        "naive-bayes": GaussianNB(),
    }


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"models": "all", "k": 5, "dataset": "breast-cancer", "seed": 0}
    assert result.findings == {
        "mean_logistic": 0.978916,
        "std_logistic": 0.014245,
        "mean_svc": 0.977146,
        "std_svc": 0.007041,
        "mean_knn": 0.964881,
        "std_knn": 0.021461,
        "mean_tree": 0.926223,
        "std_tree": 0.021823,
        "mean_naive-bayes": 0.938519,
        "std_naive-bayes": 0.019935,
        "best_model": "Logistic regression",
        "runner_up": "RBF SVC",
        "best_lead": 0.00177,
        "runner_up_std": 0.007041,
        "verdict": "within the noise",
    }
    assert set(result.findings) == set(get_lab(LAB).findings)
    assert list(result.series) == ["logistic", "svc", "knn", "tree", "naive-bayes"]


def test_every_box_is_cross_val_score_on_the_same_folds() -> None:
    X, y = load_breast_cancer(return_X_y=True)
    splitter = StratifiedKFold(5, shuffle=True, random_state=0)
    result = run_lab(LAB)
    for name, model in models(0).items():
        expected = cross_val_score(model, X, y, cv=splitter)
        assert result.series[name].y == pytest.approx(list(expected), abs=1e-12), name
        assert result.findings[f"mean_{name}"] == pytest.approx(expected.mean(), abs=1e-6)
        assert result.findings[f"std_{name}"] == pytest.approx(expected.std(), abs=1e-6)


@pytest.mark.parametrize(("seed", "expected"), [(2, "clear winner"), (4, "within the noise")])
def test_the_verdict_on_wine_follows_cross_val_score(seed: int, expected: str) -> None:
    X, y = load_wine(return_X_y=True)
    splitter = StratifiedKFold(3, shuffle=True, random_state=seed)
    logistic = cross_val_score(models(seed)["logistic"], X, y, cv=splitter)
    tree = cross_val_score(models(seed)["tree"], X, y, cv=splitter)
    knobs = {"models": "logistic+tree", "k": 3, "dataset": "wine", "seed": seed}
    result = run_lab(LAB, knobs)
    assert result.series["logistic"].y == pytest.approx(list(logistic), abs=1e-12)
    assert result.series["tree"].y == pytest.approx(list(tree), abs=1e-12)
    lead = logistic.mean() - tree.mean()
    assert result.findings["best_lead"] == pytest.approx(lead, abs=1e-6)
    # With 3 folds the tree's spread can swallow a lead of 0.04: the folds decide.
    assert ("clear winner" if lead > tree.std() else "within the noise") == expected
    assert result.findings["verdict"] == expected
    assert set(result.series) == {"logistic", "tree"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_logistic_beats_the_tree_clearly_and_svc_only_within_the_noise(seed: int) -> None:
    clear = run_lab(LAB, {"models": "logistic+tree", "seed": seed}).findings
    assert clear["best_model"] == "Logistic regression" and clear["verdict"] == "clear winner"
    close = run_lab(LAB, {"models": "logistic+svc", "seed": seed}).findings
    assert close["verdict"] == "within the noise"


def test_verdict_band_edge() -> None:
    assert verdict(0.01, 0.01) == "within the noise"  # a lead of exactly one std is noise
    assert verdict(0.0101, 0.01) == "clear winner"
    assert verdict(0.0, 0.0) == "within the noise"


def test_the_same_seed_repeats_and_another_seed_reshuffles_the_folds() -> None:
    knobs = {"models": "tree+naive-bayes", "k": 4, "seed": 2}
    first = run_lab(LAB, knobs)
    assert first.findings == run_lab(LAB, knobs).findings
    other = run_lab(LAB, {**knobs, "seed": 3})
    assert other.series["naive-bayes"].y != first.series["naive-bayes"].y
    assert len(first.series["tree"].y) == 4


def test_cancelling_stops_within_a_fifth_of_a_second() -> None:
    asked: dict[str, float] = {}

    def should_stop() -> bool:
        if "at" not in asked and time.perf_counter() - started > 0.1:
            asked["at"] = time.perf_counter()
        return "at" in asked

    started = time.perf_counter()
    with pytest.raises(LabCancelled):
        run_lab(LAB, {"dataset": "digits"}, should_stop=should_stop)
    assert time.perf_counter() - asked["at"] < 0.2


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"k": 2}, "k"),
        ({"k": 11}, "k"),
        ({"models": "forest"}, "models"),
        ({"dataset": "iris"}, "dataset"),
        ({"seed": -1}, "seed"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
