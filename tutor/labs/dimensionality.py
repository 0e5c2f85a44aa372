"""The curse of dimensionality: distances lose their contrast, and nearest neighbours fail.

Distances: `points` points are drawn uniformly in the unit cube [0, 1]^d, and for each of
20 query points (also uniform) the lab divides the distance to its nearest point by the
distance to its farthest. In one dimension the nearest point is almost on top of the
query (ratio ≈ 0); as d grows, every point ends up at nearly the same distance, so the
ratio climbs towards 1 and "nearest" stops meaning much.

Nearest neighbours: two classes of `points` examples whose first two coordinates are
Gaussian blobs centred at (−1, −1) and (+1, +1); every further coordinate is pure noise
from the same standard normal. A 5-nearest-neighbour classifier is trained on half and
scored on the other half. The noise coordinates swamp the two useful ones in the
distance, so accuracy falls as dimensions are added (with d = 1 only one useful
coordinate exists).

The data for all d are the first d columns of one draw, so each step up in d only adds
coordinates.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

GRID = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500)
QUERIES = 20
NEIGHBOURS = 5
INFORMATIVE = 2
SEPARATION = 1.0  # the class centres sit at ±SEPARATION on each informative coordinate
RATIO_BANDS = (0.1, 0.4, 0.7)  # the edges of the bands a prediction of the ratio can name


def ratio_band(ratio: float) -> str:
    """The nearest/farthest ratio as one of four bands: under 0.1 … over 0.7."""
    low, middle, high = RATIO_BANDS
    if ratio < low:
        return f"under {low:g}"
    if ratio < middle:
        return f"{low:g} to {middle:g}"
    if ratio < high:
        return f"{middle:g} to {high:g}"
    return f"over {high:g}"


def dimensions(max_dims: int) -> list[int]:
    """The grid of dimensions up to and including `max_dims`."""
    return [d for d in GRID if d < max_dims] + [max_dims]


def nearest_farthest_ratio(queries: Any, points: Any) -> tuple[float, float, float]:
    """Mean over queries of nearest/farthest distance, and the mean nearest and farthest."""
    import numpy as np

    ratios, nearest, farthest = [], [], []
    for q in queries:
        distances = np.sqrt(((points - q) ** 2).sum(axis=1))
        ratios.append(distances.min() / distances.max())
        nearest.append(distances.min())
        farthest.append(distances.max())
    return float(np.mean(ratios)), float(np.mean(nearest)), float(np.mean(farthest))


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.neighbors import KNeighborsClassifier

    max_dims = knobs["max_dims"]
    n = knobs["points"]
    rng = np.random.default_rng(knobs["seed"])

    cube_points = rng.uniform(size=(n, max_dims))
    cube_queries = rng.uniform(size=(QUERIES, max_dims))
    labels = rng.integers(0, 2, size=n)
    X = rng.normal(size=(n, max_dims))
    X[:, :INFORMATIVE] += np.where(labels[:, None] == 1, SEPARATION, -SEPARATION)
    half = n // 2

    grid = dimensions(max_dims)
    ratios, accuracies, rows = [], [], []
    for d in grid:
        ratio, nearest, farthest = nearest_farthest_ratio(cube_queries[:, :d], cube_points[:, :d])
        report.point("nearest/farthest ratio", d, ratio)
        knn = KNeighborsClassifier(n_neighbors=NEIGHBOURS, n_jobs=1)
        knn.fit(X[:half, :d], labels[:half])
        accuracy = float(knn.score(X[half:, :d], labels[half:]))
        report.point("kNN accuracy", d, accuracy)
        ratios.append(ratio)
        accuracies.append(accuracy)
        rows.append([d, round(ratio, 4), round(nearest, 4), round(farthest, 4), round(accuracy, 4)])

    report.table(
        f"Distances among {n} uniform points, and {NEIGHBOURS}-NN accuracy",
        ["dimensions", "nearest/farthest", "mean nearest", "mean farthest", "kNN accuracy"],
        rows,
    )
    rises = all(later >= earlier - 0.02 for earlier, later in pairwise(ratios))
    accuracy_at_2 = accuracies[grid.index(2)]
    report.finding("ratio_at_1_dim", ratios[0])
    report.finding("ratio_at_max_dims", ratios[-1])
    report.finding("ratio_climbs_towards_1", rises and ratios[-1] > 0.5)
    report.finding("ratio_band_at_max_dims", ratio_band(ratios[-1]))
    report.finding("knn_accuracy_falls", accuracies[-1] < accuracy_at_2)
    report.note(
        f"From 1 to {max_dims} dimensions the nearest point went from {ratios[0]:.2g} to "
        f"{ratios[-1]:.2f} of the farthest point's distance, and kNN accuracy went from "
        f"{accuracy_at_2:.2f} with 2 useful dimensions to {accuracies[-1]:.2f} with "
        f"{max(max_dims - INFORMATIVE, 0)} noise dimensions added."
    )


SPEC = LabSpec(
    id="dimensionality",
    title="The curse of dimensionality",
    phase=2,
    summary="As dimensions grow, the nearest and farthest points end up almost equally "
    "far, and nearest neighbours stop working.",
    knobs=(
        Knob("max_dims", int, 200, "the largest number of dimensions d to try", 2, 500),
        Knob("points", int, 400, "how many points (and kNN examples) to draw", 50, 2000),
        seed_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Distance contrast and kNN accuracy vs dimensions",
        x_label="dimensions d",
        y_label="ratio or accuracy",
        y_range=(0.0, 1.0),
        x_integer=True,
    ),
    run=run,
    findings={  # name → the label a learner reads
        "ratio_at_1_dim": "Nearest/farthest distance ratio in 1 dimension",
        "ratio_at_max_dims": "Nearest/farthest distance ratio at the most dimensions",
        "ratio_climbs_towards_1": "The ratio climbs towards 1",
        "ratio_band_at_max_dims": "Nearest/farthest ratio band at the most dimensions",
        "knn_accuracy_falls": "Nearest-neighbour accuracy falls with noise dimensions",
    },
)
