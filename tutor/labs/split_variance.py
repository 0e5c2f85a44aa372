"""Split variance: the same model scored on many random train/test splits.

A logistic regression (standardised inputs) on the breast-cancer data is trained and
tested on `splits` random splits for each of three test shares (half, once and twice
`test_size`). Each box shows how far a single split's accuracy can wander: small test
sets give noisy scores. With `stratify` on, every test set keeps the data's share of
malignant tumours; without it the share drifts from split to split.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.common import accuracy, scaled_logistic_regression
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

RATIO_TOLERANCE = 0.005  # "keeps the class ratio": the test share is this close to the whole
# How many times wider the smallest test size's spread is than the largest's: band edges.
SPREAD_BANDS = (0.8, 1.25, 2.8)
# The mean gap between a test set's class share and the data's, in points: band edges.
DEVIATION_BANDS = (0.5, 1.5, 5.0)


def spread_band(ratio: float) -> str:
    """std at the smallest test size / std at the largest, as one of four words."""
    less, same, twice = SPREAD_BANDS
    if ratio < less:
        return "narrower"
    if ratio < same:
        return "about the same"
    if ratio < twice:
        return "about 2 times wider"
    return "about 4 times wider or more"


def deviation_band(points: float) -> str:
    """The mean class-share gap (in percentage points) as one of four bands."""
    low, middle, high = DEVIATION_BANDS
    if points < low:
        return f"under {low:g} points"
    if points < middle:
        return f"{low:g} to {middle:g} points"
    if points < high:
        return f"{middle:g} to {high:g} points"
    return f"over {high:g} points"


def test_sizes(test_size: float) -> list[float]:
    """Half, once and twice the test share (capped at 0.5; a repeat is dropped)."""
    sizes: list[float] = []
    for size in (test_size / 2, test_size, min(0.5, test_size * 2)):
        if size not in sizes:
            sizes.append(size)
    return sizes


def size_label(size: float) -> str:
    return f"{100 * size:.3g}%"


def test_count(n: int, size: float) -> int:
    """Rows in the test set, as train_test_split counts them."""
    import math

    return math.ceil(size * n)


def rounding_floor(n_test: int, share: float) -> float:
    """The smallest |test share − `share`| any test set of `n_test` rows can reach."""
    k = round(share * n_test)
    return min(abs(c / n_test - share) for c in (k - 1, k, k + 1) if 0 <= c <= n_test)


def split_seeds(np: Any, seed: int, sizes: int, splits: int) -> Any:
    """One random_state per (test size, split), drawn from the seed."""
    return np.random.default_rng(seed).integers(0, 2**31 - 1, size=(sizes, splits))


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    test_size, splits, stratify = float(knobs["test_size"]), int(knobs["splits"]), knobs["stratify"]
    X, y = load_breast_cancer(return_X_y=True)
    malignant = y == 0  # in this data set target 0 is malignant
    whole_share = float(malignant.mean())
    sizes = test_sizes(test_size)
    seeds = split_seeds(np, knobs["seed"], len(sizes), splits)
    rows = np.arange(len(y))
    scores: dict[float, list[float]] = {size: [] for size in sizes}
    deviations: list[float] = []
    for i in range(splits):  # every box grows together, one split at a time
        for j, size in enumerate(sizes):
            train, test = train_test_split(
                rows,
                test_size=size,
                random_state=int(seeds[j, i]),
                stratify=y if stratify else None,
            )
            model = scaled_logistic_regression().fit(X[train], y[train])
            score = accuracy(model, X[test], y[test])
            scores[size].append(score)
            if size == test_size:
                deviations.append(abs(float(malignant[test].mean()) - whole_share))
            report.point(size_label(size), i, score)

    stats = {s: np.asarray(v) for s, v in scores.items()}
    report.table(
        "Test accuracy over the splits",
        ["test size", "mean", "std", "min", "max"],
        [
            [
                size_label(s),
                round(float(v.mean()), 4),
                round(float(v.std()), 4),
                round(float(v.min()), 4),
                round(float(v.max()), 4),
            ]
            for s, v in stats.items()
        ],
    )
    score_std = float(stats[test_size].std())
    deviation = float(np.mean(deviations))
    floor = rounding_floor(test_count(len(y), test_size), whole_share)
    keeps = deviation < max(RATIO_TOLERANCE, floor + 1e-9)  # a tiny test set cannot do better
    shrinks = bool(stats[sizes[0]].std() > stats[sizes[-1]].std())
    largest_std = float(stats[sizes[-1]].std())
    spread_ratio = float(stats[sizes[0]].std()) / largest_std if largest_std else float("inf")
    report.finding("score_std", score_std)
    report.finding("spread_shrinks_with_larger_test_set", shrinks)
    report.finding("class_ratio_deviation", deviation)
    report.finding("stratify_keeps_class_ratio", keeps)
    report.finding("spread_ratio", spread_ratio)
    report.finding("smallest_test_size_spreads", spread_band(spread_ratio))
    report.finding("class_ratio_deviation_band", deviation_band(100 * deviation))
    low, high = stats[test_size].min(), stats[test_size].max()
    report.note(
        f"With {size_label(test_size)} of the data held out, one split's accuracy ranged from "
        f"{low:.1%} to {high:.1%} — the same model, only a different split."
    )


SPEC = LabSpec(
    id="split-variance",
    title="How much one train/test split can mislead",
    phase=2,
    summary="The same model on many random splits of the breast-cancer data: small test "
    "sets give noisy scores, and stratifying keeps the class ratio in every test set.",
    knobs=(
        Knob("test_size", float, 0.2, "share of the data held out for testing", 0.05, 0.5),
        Knob("splits", int, 40, "how many random splits per test size", 5, 200),
        Knob("stratify", bool, False, "keep the class ratio the same in every test set"),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="box",
        title="Test accuracy over random splits, per test size",
        x_label="test size",
        y_label="accuracy",
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "score_std": "Standard deviation of test accuracy at this test size",
        "spread_shrinks_with_larger_test_set": "Scores spread less with a larger test set",
        "class_ratio_deviation": "Mean gap between a test set's and the data's class ratio",
        "stratify_keeps_class_ratio": "Every test set keeps the class ratio",
        "spread_ratio": "Spread at the smallest test size ÷ at the largest",
        "smallest_test_size_spreads": "Spread of the smallest test size against the largest",
        "class_ratio_deviation_band": "Mean gap from the data's class ratio, as a band",
    },
)
