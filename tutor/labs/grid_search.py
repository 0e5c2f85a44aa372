"""Grid search against random search with the same budget, and how optimistic a tuned score is.

Data: 400 examples of scikit-learn's `make_classification` (20 features, 4 of them
informative, 8% of labels flipped), split in half: a training half that the searches
cross-validate on (5 stratified folds) and a held-out test half that no search sees.
Model: an RBF support-vector classifier on standardised inputs, with two hyperparameters,
C (from 0.01 to 100) and gamma (from 0.0001 to 1), both on a log scale.

The grid tries every pair of `grid_size` values per parameter (what `GridSearchCV` does);
random search tries `random_tries` pairs drawn log-uniformly from the same ranges (what
`RandomizedSearchCV` does, with `ParameterSampler` and the seed). With as many tries as
the grid, random search tries a new value of *each* parameter every time, where the grid
repeats the same few. Then the grid's best setting is refitted on the whole training half
and scored on the test half: the best CV score was picked as the highest of many noisy
estimates, so it tends to be higher than what the setting really scores on new data.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.common import accuracy
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SAMPLES = 400
FOLDS = 5
C_RANGE = (-2.0, 2.0)  # log10 of the smallest and largest C
GAMMA_RANGE = (-4.0, 0.0)  # log10 of the smallest and largest gamma
CLOSE = 0.01  # random search's best is "within" the grid's when no more than this below it
AGREE = 0.02  # the best CV score and the test score "agree" when this close
PLACES = 9  # differences are rounded first, so that 0.71 − 0.70 counts as 0.01 exactly


def random_against_grid(random_best: float, grid_best: float) -> str:
    """Random search's best CV score against the grid's, as one of three bands."""
    difference = round(random_best - grid_best, PLACES)
    if difference > CLOSE:
        return "better than the grid's"
    if difference >= -CLOSE:
        return f"within {CLOSE:g} of the grid's"
    return "worse than the grid's"


def cv_against_test(best_cv: float, test: float) -> str:
    """The tuned (best) CV score against the same setting's held-out test score."""
    difference = round(best_cv - test, PLACES)
    if difference > AGREE:
        return "higher than test"
    if difference >= -AGREE:
        return f"within {AGREE:g} of test"
    return "lower than test"


def make_data(seed: int) -> tuple[Any, Any, Any, Any]:
    """(X_train, X_test, y_train, y_test): the searches see only the training half."""
    from sklearn.datasets import make_classification
    from sklearn.model_selection import train_test_split

    X, y = make_classification(
        n_samples=SAMPLES,
        n_features=20,
        n_informative=4,
        n_redundant=2,
        flip_y=0.08,
        class_sep=0.8,
        random_state=seed,
    )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=seed
    )
    return X_train, X_test, y_train, y_test


def make_model() -> Any:
    """The model both searches tune: standardise, then an RBF SVC (`svc__C`, `svc__gamma`)."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    return make_pipeline(StandardScaler(), SVC())


def make_splitter(seed: int) -> Any:
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(FOLDS, shuffle=True, random_state=seed)


def param_grid(grid_size: int) -> dict[str, list[float]]:
    """`grid_size` values per parameter, evenly spaced on a log scale over its range."""
    import numpy as np

    return {
        "svc__C": [float(v) for v in np.logspace(*C_RANGE, grid_size)],
        "svc__gamma": [float(v) for v in np.logspace(*GAMMA_RANGE, grid_size)],
    }


def param_distributions() -> dict[str, Any]:
    """Log-uniform over the grid's ranges: every try draws a new C and a new gamma."""
    from scipy.stats import loguniform  # type: ignore[import-untyped]  # scipy ships no types

    return {
        "svc__C": loguniform(10 ** C_RANGE[0], 10 ** C_RANGE[1]),
        "svc__gamma": loguniform(10 ** GAMMA_RANGE[0], 10 ** GAMMA_RANGE[1]),
    }


def settings(grid_size: int, random_tries: int, seed: int) -> tuple[list[dict], list[dict]]:
    """The settings each search tries, in the order GridSearchCV / RandomizedSearchCV try them."""
    from sklearn.model_selection import ParameterGrid, ParameterSampler

    grid = list(ParameterGrid(param_grid(grid_size)))
    sampled = ParameterSampler(param_distributions(), random_tries, random_state=seed)
    return grid, [{k: float(v) for k, v in p.items()} for p in sampled]


def cv_score(params: dict, X: Any, y: Any, folds: list, report: Report) -> float:
    """Mean accuracy over the folds (the `mean_test_score` a search records for `params`)."""
    import numpy as np
    from sklearn.base import clone

    template = make_model().set_params(**params)
    scores = []
    for train, test in folds:
        model = clone(template).fit(X[train], y[train])
        scores.append(accuracy(model, X[test], y[test]))
        report.check()
    return float(np.mean(scores))


def describe(params: dict) -> str:
    return f"C={params['svc__C']:.3g}, gamma={params['svc__gamma']:.3g}"


def run(knobs: dict[str, Any], report: Report) -> None:
    grid_size, tries, seed = int(knobs["grid_size"]), int(knobs["random_tries"]), int(knobs["seed"])
    X_train, X_test, y_train, y_test = make_data(seed)
    folds = list(make_splitter(seed).split(X_train, y_train))
    grid, sampled = settings(grid_size, tries, seed)

    # The two searches take turns, so both lines grow together on the chart.
    grid_scores: list[float] = []
    random_scores: list[float] = []
    for n in range(max(len(grid), len(sampled))):
        if n < len(grid):
            grid_scores.append(cv_score(grid[n], X_train, y_train, folds, report))
            report.point("grid", n + 1, grid_scores[-1])
        if n < len(sampled):
            random_scores.append(cv_score(sampled[n], X_train, y_train, folds, report))
            report.point("random", n + 1, random_scores[-1])

    # Ties go to the first setting tried, as in the searches' best_index_.
    grid_best = max(range(len(grid)), key=lambda i: (grid_scores[i], -i))
    random_best = max(range(len(sampled)), key=lambda i: (random_scores[i], -i))
    best_params = grid[grid_best]
    tuned = make_model().set_params(**best_params).fit(X_train, y_train)
    test_score = accuracy(tuned, X_test, y_test)
    report.check()

    values = param_grid(grid_size)
    report.table(
        f"Grid: mean CV accuracy ({FOLDS} folds), C down, gamma across",
        ["C \\ gamma"] + [f"{g:.3g}" for g in values["svc__gamma"]],
        [
            [f"{c:.3g}"] + [round(grid_scores[i * grid_size + j], 4) for j in range(grid_size)]
            for i, c in enumerate(values["svc__C"])
        ],
    )
    report.table(
        "Random tries",
        ["try", "C", "gamma", "CV accuracy"],
        [
            [n, round(p["svc__C"], 4), round(p["svc__gamma"], 6), round(s, 4)]
            for n, (p, s) in enumerate(zip(sampled, random_scores, strict=True), start=1)
        ],
    )
    grid_cv, random_cv = grid_scores[grid_best], random_scores[random_best]
    report.finding("grid_best_params", describe(best_params))
    report.finding("grid_best_score", grid_cv)
    report.finding("random_best_params", describe(sampled[random_best]))
    report.finding("random_best_score", random_cv)
    report.finding("random_within_grid", round(random_cv - grid_cv, PLACES) >= -CLOSE)
    report.finding("random_against_grid", random_against_grid(random_cv, grid_cv))
    report.finding("test_score_of_best", test_score)
    report.finding("optimism", grid_cv - test_score)
    report.finding("best_cv_against_test", cv_against_test(grid_cv, test_score))
    report.note(
        f"The grid tried {grid_size} values of C and {grid_size} of gamma; random search "
        f"tried {tries} of each. The grid's best setting ({describe(best_params)}) scored "
        f"{grid_cv:.3f} in cross-validation and {test_score:.3f} on the held-out test half."
    )


SPEC = LabSpec(
    id="grid-search",
    title="Grid search and random search",
    phase=3,
    summary="Tune an RBF SVC's C and gamma by grid and by random search with the same "
    "budget; the best CV score is optimistic against a held-out test set.",
    knobs=(
        Knob("grid_size", int, 4, "values per parameter in the grid (size²)", 2, 6),
        Knob("random_tries", int, 16, "random settings to try (16 = a 4×4 grid)", 4, 36),
        seed_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Mean CV accuracy of each setting tried",
        x_label="setting tried",
        y_label="accuracy",
        scatter=("grid", "random"),
        x_integer=True,
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "grid_best_params": "Grid search's best setting",
        "grid_best_score": "Grid search's best CV accuracy",
        "random_best_params": "Random search's best setting",
        "random_best_score": "Random search's best CV accuracy",
        "random_within_grid": f"Random search came within {CLOSE:g} of the grid",
        "random_against_grid": "Random search's best score is",
        "test_score_of_best": "Test accuracy of the grid's best setting",
        "optimism": "Best CV accuracy − its test accuracy",
        "best_cv_against_test": "The best setting's CV accuracy is",
    },
)
