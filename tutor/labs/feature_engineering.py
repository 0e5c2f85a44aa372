"""Feature engineering: a linear model fits curves once it is given the right features.

Every data set has three raw columns: x1 and x2 (symmetric around 0) and x3 (positive and
skewed: a log-normal, like incomes or prices). The signal is non-linear in them:

* circles: two rings of points (scikit-learn's `make_circles`, the noise knob their
  spread); the class depends on the distance from the centre, x1² + x2². x3 is unrelated.
  Model: logistic regression on standardised columns; score: test accuracy.
* square: y = x1² + noise.  * product: y = x1·x2 + noise.  * log: y = log(x3) + noise.
  Here x1 and x2 are uniform on [-2, 2] and the noise is Gaussian with the noise knob as
  its standard deviation. Model: linear regression; score: test R².

The same model is fitted to the raw columns, to the raw columns plus each engineered
feature in turn, and to the raw columns plus the features switched on by the knobs:
squares (x1², x2²), interaction (x1·x2), log (log x3), bins (each raw column cut into
5 bins of equal counts, one indicator column per bin, the edges found on the training rows).
30% of the rows are held out for testing.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SAMPLES = 300
TEST_SHARE = 0.3
FACTOR = 0.5  # the inner circle's radius, as a share of the outer one's
SPAN = 2.0  # x1 and x2 (regression) are uniform on [-SPAN, SPAN]
BINS = 5
HELP = 0.05  # a feature set "helped" if it raises the test score by at least this
DATASETS = ("circles", "square", "product", "log")
FEATURES = ("squares", "interaction", "log", "bins")  # in the order of the chart's bars
NO_HELP = "none"


def most_helpful(raw: float, scores: dict[str, float]) -> str:
    """The engineered feature whose set scored best, or "none" if none beat the raw
    columns by HELP. On a tie the feature named first in FEATURES counts."""
    best = max(FEATURES, key=lambda name: scores[name])  # max keeps the first of equals
    return best if scores[best] - raw >= HELP else NO_HELP


def helped(gain: float) -> str:
    return "helped" if gain >= HELP else "no help"


def make_data(dataset: str, noise: float, seed: int) -> tuple[Any, Any, Any, Any]:
    """(X_train, X_test, y_train, y_test); X's columns are x1, x2, x3."""
    import numpy as np
    from sklearn.datasets import make_circles
    from sklearn.model_selection import train_test_split

    rng = np.random.default_rng(seed)
    x3 = rng.lognormal(0.0, 1.0, SAMPLES)
    if dataset == "circles":
        points, y = make_circles(SAMPLES, noise=noise, factor=FACTOR, random_state=seed)
        X = np.column_stack([points, x3])
        stratify = y
    else:
        x12 = rng.uniform(-SPAN, SPAN, (SAMPLES, 2))
        X = np.column_stack([x12, x3])
        signal = {
            "square": x12[:, 0] ** 2,
            "product": x12[:, 0] * x12[:, 1],
            "log": np.log(x3),
        }[dataset]
        y = signal + noise * rng.standard_normal(SAMPLES)
        stratify = None
    split: tuple[Any, Any, Any, Any] = tuple(
        train_test_split(X, y, test_size=TEST_SHARE, random_state=seed, stratify=stratify)
    )
    return split


def engineer(X: Any, features: tuple[str, ...], binner: Any) -> Any:
    """The raw columns followed by the engineered ones, in the order of FEATURES."""
    import numpy as np

    x1, x2, x3 = X[:, 0], X[:, 1], X[:, 2]
    columns = [X]
    if "squares" in features:
        columns.append(np.column_stack([x1**2, x2**2]))
    if "interaction" in features:
        columns.append((x1 * x2)[:, None])
    if "log" in features:
        columns.append(np.log(x3)[:, None])
    if "bins" in features:
        columns.append(binner.transform(X))
    return np.hstack(columns)


def make_model(dataset: str) -> Any:
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if dataset == "circles":
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    return LinearRegression()


def run(knobs: dict[str, Any], report: Report) -> None:
    from sklearn.preprocessing import KBinsDiscretizer

    dataset, noise, seed = str(knobs["dataset"]), float(knobs["noise"]), int(knobs["seed"])
    chosen = tuple(name for name in FEATURES if knobs[name])
    X_train, X_test, y_train, y_test = make_data(dataset, noise, seed)
    binner = KBinsDiscretizer(n_bins=BINS, encode="onehot-dense", strategy="quantile")
    binner.fit(X_train)

    sets: list[tuple[str, tuple[str, ...]]] = [("raw", ())]
    sets += [(name, (name,)) for name in FEATURES]
    sets.append(("chosen", chosen))
    test_scores: dict[str, float] = {}
    rows = []
    for bar, (name, features) in enumerate(sets, start=1):
        model = make_model(dataset).fit(engineer(X_train, features, binner), y_train)
        train = float(model.score(engineer(X_train, features, binner), y_train))
        test = float(model.score(engineer(X_test, features, binner), y_test))
        test_scores[name] = test
        report.point("test score", bar, test)
        report.point("train score", bar, train)
        label = "raw + " + (", ".join(features) or "nothing") if name == "chosen" else name
        rows.append([bar, label, round(train, 4), round(test, 4)])

    raw, best_chosen = test_scores["raw"], test_scores["chosen"]
    winner = most_helpful(raw, test_scores)
    metric = "accuracy" if dataset == "circles" else "R²"
    report.table(f"Test {metric} per feature set", ["bar", "features", "train", "test"], rows)
    report.finding("raw_score", raw)
    report.finding("chosen_score", best_chosen)
    report.finding("gain", best_chosen - raw)
    report.finding("chosen_helped", helped(best_chosen - raw))
    report.finding("most_helpful", winner)
    report.finding("most_helpful_gain", max(test_scores[name] for name in FEATURES) - raw)
    chosen_words = ", ".join(chosen) or "no engineered features"
    report.note(
        f"With the raw columns the linear model's test {metric} is {raw:.3f}; with "
        f"{chosen_words} it is {best_chosen:.3f}. "
        + (
            f"Adding {winner} alone helped most."
            if winner != NO_HELP
            else f"No single engineered feature raised it by {HELP:g} or more."
        )
    )


SPEC = LabSpec(
    id="feature-engineering",
    title="Feature engineering: curves from a linear model",
    phase=4,
    summary="A logistic or linear regression on data whose signal is a curve: with x², "
    "x1·x2, log or binned columns added, the same straight-line model fits it.",
    knobs=(
        Knob("dataset", str, "circles", "circles, or y = x1², x1·x2 or log(x3)", choices=DATASETS),
        Knob("squares", bool, True, "add x1² and x2²"),
        Knob("interaction", bool, False, "add the product x1·x2"),
        Knob("log", bool, False, "add log(x3), x3 being positive and skewed"),
        Knob("bins", bool, False, f"add x1, x2, x3 cut into {BINS} bins each"),
        Knob("noise", float, 0.2, "spread of the noise around the signal", 0.0, 1.0),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="bar",
        title="Test score per feature set (accuracy or R²)",
        x_label="1 raw 2 x² 3 x1·x2 4 log 5 bins 6 chosen",
        y_label="score",
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "raw_score": "Test score with the raw columns",
        "chosen_score": "Test score with the chosen features",
        "gain": "Chosen − raw test score",
        "chosen_helped": "The chosen features",
        "most_helpful": "The engineered feature that helped most",
        "most_helpful_gain": "Gain of the most helpful feature over raw",
    },
)
