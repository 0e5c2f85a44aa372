"""grid-search: both searches agree with GridSearchCV and RandomizedSearchCV on the same folds,
the seeded findings, the held-out test score of the best setting, and cancelling."""

from __future__ import annotations

import time

import numpy as np
import pytest
from scipy.stats import loguniform
from sklearn.datasets import make_classification
from sklearn.model_selection import (
    GridSearchCV,
    RandomizedSearchCV,
    StratifiedKFold,
    train_test_split,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab
from tutor.labs.grid_search import cv_against_test, random_against_grid

LAB = "grid-search"


def data(seed: int) -> list[np.ndarray]:
    """The lab's data as its docstring describes it, built here independently."""
    X, y = make_classification(
        n_samples=400,
        n_features=20,
        n_informative=4,
        n_redundant=2,
        flip_y=0.08,
        class_sep=0.8,
        random_state=seed,
    )
    return train_test_split(X, y, test_size=0.5, stratify=y, random_state=seed)


def svc() -> object:
    return make_pipeline(StandardScaler(), SVC())


def folds(seed: int) -> StratifiedKFold:
    return StratifiedKFold(5, shuffle=True, random_state=seed)


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"grid_size": 4, "random_tries": 16, "seed": 0}
    assert result.findings == {
        "grid_best_params": "C=100, gamma=0.00215",
        "grid_best_score": 0.68,
        "random_best_params": "C=0.495, gamma=0.0383",
        "random_best_score": 0.69,
        "random_within_grid": True,
        "random_against_grid": "within 0.01 of the grid's",
        "test_score_of_best": 0.625,
        "optimism": 0.055,
        "best_cv_against_test": "higher than test",
    }
    assert set(result.findings) == set(get_lab(LAB).findings)
    assert result.series["grid"].x == [float(n) for n in range(1, 17)]
    assert len(result.series["random"].y) == 16


@pytest.mark.parametrize(("grid_size", "seed"), [(4, 0), (3, 7)])
def test_the_grid_matches_grid_search_cv_on_the_same_splitter(grid_size: int, seed: int) -> None:
    X_train, X_test, y_train, y_test = data(seed)
    grid = {
        "svc__C": list(np.logspace(-2, 2, grid_size)),
        "svc__gamma": list(np.logspace(-4, 0, grid_size)),
    }
    search = GridSearchCV(svc(), grid, cv=folds(seed), n_jobs=1).fit(X_train, y_train)
    result = run_lab(LAB, {"grid_size": grid_size, "random_tries": 5, "seed": seed})
    assert result.findings["grid_best_score"] == pytest.approx(search.best_score_, abs=1e-6)
    best = search.best_params_
    assert result.findings["grid_best_params"] == (
        f"C={best['svc__C']:.3g}, gamma={best['svc__gamma']:.3g}"
    )
    # every setting's score, in the order GridSearchCV tries them
    assert result.series["grid"].y == pytest.approx(
        list(search.cv_results_["mean_test_score"]), abs=1e-12
    )
    # the tuned model (refitted on the whole training half) on the held-out half
    test_score = search.best_estimator_.score(X_test, y_test)
    assert result.findings["test_score_of_best"] == pytest.approx(test_score, abs=1e-6)
    assert result.findings["optimism"] == pytest.approx(search.best_score_ - test_score, abs=1e-6)


@pytest.mark.parametrize(("tries", "seed"), [(16, 0), (9, 7)])
def test_random_search_matches_randomized_search_cv(tries: int, seed: int) -> None:
    X_train, _, y_train, _ = data(seed)
    distributions = {"svc__C": loguniform(1e-2, 1e2), "svc__gamma": loguniform(1e-4, 1.0)}
    search = RandomizedSearchCV(
        svc(), distributions, n_iter=tries, cv=folds(seed), random_state=seed, n_jobs=1
    ).fit(X_train, y_train)
    result = run_lab(LAB, {"grid_size": 2, "random_tries": tries, "seed": seed})
    assert result.findings["random_best_score"] == pytest.approx(search.best_score_, abs=1e-6)
    best = search.best_params_
    assert result.findings["random_best_params"] == (
        f"C={best['svc__C']:.3g}, gamma={best['svc__gamma']:.3g}"
    )
    assert result.series["random"].y == pytest.approx(
        list(search.cv_results_["mean_test_score"]), abs=1e-12
    )


def test_random_search_tries_a_new_value_of_each_parameter_every_time() -> None:
    result = run_lab(LAB)
    rows = result.tables["Random tries"].rows
    assert len({row[1] for row in rows}) == len({row[2] for row in rows}) == 16
    grid = result.tables["Grid: mean CV accuracy (5 folds), C down, gamma across"]
    assert len(grid.rows) == 4 and len(grid.columns) == 5  # 4 values of each, 16 settings


def test_the_same_seed_repeats_and_another_seed_differs() -> None:
    knobs = {"grid_size": 3, "random_tries": 6, "seed": 11}
    first, second = run_lab(LAB, knobs), run_lab(LAB, knobs)
    assert first.findings == second.findings
    assert first.series["random"].y == second.series["random"].y
    assert run_lab(LAB, {**knobs, "seed": 12}).series["random"].y != first.series["random"].y


@pytest.mark.parametrize(
    ("random_best", "band"),
    [(0.711, "better than the grid's"), (0.71, "within 0.01 of the grid's")]
    + [(0.69, "within 0.01 of the grid's"), (0.689, "worse than the grid's")],
)
def test_random_against_grid_bands(random_best: float, band: str) -> None:
    assert random_against_grid(round(random_best, 6), 0.7) == band


@pytest.mark.parametrize(
    ("test", "band"),
    [(0.65, "higher than test"), (0.68, "within 0.02 of test")]
    + [(0.72, "within 0.02 of test"), (0.75, "lower than test")],
)
def test_cv_against_test_bands(test: float, band: str) -> None:
    assert cv_against_test(0.7, test) == band


def test_cancelling_stops_within_a_fifth_of_a_second() -> None:
    asked: dict[str, float] = {}

    def should_stop() -> bool:
        if "at" not in asked and time.perf_counter() - started > 0.3:
            asked["at"] = time.perf_counter()
        return "at" in asked

    started = time.perf_counter()
    with pytest.raises(LabCancelled):
        run_lab(LAB, should_stop=should_stop)
    assert time.perf_counter() - asked["at"] < 0.2


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"grid_size": 1}, "grid_size"),
        ({"grid_size": 7}, "grid_size"),
        ({"random_tries": 3}, "random_tries"),
        ({"random_tries": 37}, "random_tries"),
        ({"seed": -1}, "seed"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
